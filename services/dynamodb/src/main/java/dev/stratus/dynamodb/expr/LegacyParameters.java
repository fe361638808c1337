package dev.stratus.dynamodb.expr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.dynamodb.DynamoErrors;
import dev.stratus.dynamodb.expr.Ast.Condition;
import dev.stratus.dynamodb.expr.Ast.Operand;
import dev.stratus.dynamodb.expr.Ast.Path;
import dev.stratus.dynamodb.expr.Ast.PathOperand;
import dev.stratus.dynamodb.expr.Ast.ValueOperand;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pre-expression parameters (Expected, KeyConditions, QueryFilter, ScanFilter with ConditionalOperator, and
 * AttributeUpdates) translated into the same syntax tree the expressions parse to.
 */
public final class LegacyParameters {
    private LegacyParameters() {
    }

    /** Fails when a request mixes any of the legacy parameters with any of the expressions (AWS names them all). */
    public static void checkNotMixed(JsonNode input, List<String> legacy, List<String> expressions) {
        List<String> legacyUsed = legacy.stream().filter(input::has).toList();
        List<String> expressionsUsed = expressions.stream().filter(input::has).toList();
        if (!legacyUsed.isEmpty() && !expressionsUsed.isEmpty()) {
            throw DynamoErrors.validation("Can not use both expression and non-expression parameters in the same "
                    + "request: Non-expression parameters: {" + String.join(", ", legacyUsed)
                    + "} Expression parameters: {" + String.join(", ", expressionsUsed) + "}");
        }
    }

    /** Fails when a request mixes a legacy parameter with its expression counterpart. */
    public static void checkNotMixed(JsonNode input, String legacy, String expression) {
        if (input.has(legacy) && input.has(expression)) {
            throw DynamoErrors.validation("Can not use both expression and non-expression parameters in the same "
                    + "request: Non-expression parameters: {" + legacy + "} Expression parameters: {" + expression + "}");
        }
    }

    /** Expected: per attribute either {Value, Exists} or {ComparisonOperator, AttributeValueList}. */
    public static Condition expected(JsonNode expected, String conditionalOperator, ExpressionAttributes attrs) {
        List<Condition> parts = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : expected.properties()) {
            JsonNode spec = e.getValue();
            Path path = new Path(List.of(e.getKey()));
            if (spec.has("ComparisonOperator")) {
                parts.add(comparison(path, spec, attrs));
            } else if (spec.path("Exists").asBoolean(true)) {
                if (!spec.has("Value")) {
                    throw DynamoErrors.validation("One or more parameter values were invalid: Value must be provided "
                            + "when Exists is " + (spec.has("Exists") ? "true" : "null") + " for Attribute: " + e.getKey());
                }
                parts.add(new Ast.Compare("=", new PathOperand(path), value(spec.get("Value"), attrs)));
            } else {
                if (spec.has("Value")) {
                    throw DynamoErrors.validation("One or more parameter values were invalid: Value cannot be used "
                            + "when Exists is false for Attribute: " + e.getKey());
                }
                parts.add(new Ast.Function("attribute_not_exists", List.of(new PathOperand(path))));
            }
        }
        return combine(parts, conditionalOperator);
    }

    /** KeyConditions, QueryFilter and ScanFilter: {attribute: {ComparisonOperator, AttributeValueList}}. */
    public static Condition conditions(JsonNode conditions, String conditionalOperator, ExpressionAttributes attrs) {
        List<Condition> parts = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : conditions.properties()) {
            parts.add(comparison(new Path(List.of(e.getKey())), e.getValue(), attrs));
        }
        return combine(parts, conditionalOperator);
    }

    /** AttributeUpdates: PUT sets, DELETE removes (or removes set members), ADD adds numbers or set members. */
    public static List<Ast.UpdateAction> attributeUpdates(JsonNode updates, ExpressionAttributes attrs) {
        List<Ast.UpdateAction> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : updates.properties()) {
            Path path = new Path(List.of(e.getKey()));
            JsonNode spec = e.getValue();
            String action = spec.path("Action").asText("PUT");
            JsonNode v = spec.get("Value");
            switch (action) {
                case "PUT" -> {
                    if (v == null) {
                        throw DynamoErrors.validation("One or more parameter values were invalid: Only DELETE action "
                                + "is allowed when no attribute value is specified");
                    }
                    out.add(new Ast.SetAction(path, value(v, attrs)));
                }
                case "DELETE" -> {
                    if (v != null && !SET_TYPES.contains(typeOf(v))) {
                        throw DynamoErrors.validation("One or more parameter values were invalid: DELETE action with "
                                + "value is not supported for the type " + typeOf(v));
                    }
                    out.add(v == null ? new Ast.RemoveAction(path) : new Ast.DeleteAction(path, value(v, attrs)));
                }
                default -> {
                    if (v == null) {
                        throw DynamoErrors.validation("One or more parameter values were invalid: Only DELETE action "
                                + "is allowed when no attribute value is specified");
                    }
                    if (!SET_TYPES.contains(typeOf(v)) && !typeOf(v).equals("N") && !typeOf(v).equals("L")) {
                        throw DynamoErrors.validation("One or more parameter values were invalid: ADD action is not "
                                + "supported for the type " + typeOf(v));
                    }
                    out.add(new Ast.AddAction(path, value(v, attrs)));
                }
            }
        }
        return out;
    }

    private static final java.util.Set<String> SET_TYPES = java.util.Set.of("SS", "NS", "BS");

    /** The data type member a (not yet validated) value carries, e.g. "S". */
    private static String typeOf(JsonNode v) {
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            if (!e.getValue().isNull()) {
                return e.getKey();
            }
        }
        return "";
    }

    private static Condition comparison(Path path, JsonNode spec, ExpressionAttributes attrs) {
        String op = spec.get("ComparisonOperator").asText();
        List<Operand> args = new ArrayList<>();
        spec.path("AttributeValueList").forEach(v -> args.add(value(v, attrs)));
        PathOperand attr = new PathOperand(path);
        int expected = switch (op) {
            case "NULL", "NOT_NULL" -> 0;
            case "BETWEEN" -> 2;
            case "IN" -> -1;
            default -> 1;
        };
        if (expected >= 0 && args.size() != expected || expected < 0 && args.isEmpty()) {
            throw DynamoErrors.validation("One or more parameter values were invalid: Invalid number of argument(s) "
                    + "for the " + op + " ComparisonOperator");
        }
        return switch (op) {
            case "EQ" -> new Ast.Compare("=", attr, args.get(0));
            case "NE" -> new Ast.Compare("<>", attr, args.get(0));
            case "LT" -> new Ast.Compare("<", attr, args.get(0));
            case "LE" -> new Ast.Compare("<=", attr, args.get(0));
            case "GT" -> new Ast.Compare(">", attr, args.get(0));
            case "GE" -> new Ast.Compare(">=", attr, args.get(0));
            case "NULL" -> new Ast.Function("attribute_not_exists", List.of(attr));
            case "NOT_NULL" -> new Ast.Function("attribute_exists", List.of(attr));
            case "CONTAINS" -> new Ast.Function("contains", List.of(attr, args.get(0)));
            case "NOT_CONTAINS" -> new Ast.Not(new Ast.Function("contains", List.of(attr, args.get(0))));
            case "BEGINS_WITH" -> new Ast.Function("begins_with", List.of(attr, args.get(0)));
            case "IN" -> new Ast.In(attr, args);
            default -> new Ast.Between(attr, args.get(0), args.get(1));
        };
    }

    private static Condition combine(List<Condition> parts, String conditionalOperator) {
        if (parts.isEmpty()) {
            return null;
        }
        boolean or = "OR".equals(conditionalOperator);
        Condition out = parts.get(0);
        for (Condition c : parts.subList(1, parts.size())) {
            out = or ? new Ast.Or(out, c) : new Ast.And(out, c);
        }
        return out;
    }

    private static ValueOperand value(JsonNode v, ExpressionAttributes attrs) {
        return new ValueOperand(attrs.addLegacyValue(v));
    }
}
