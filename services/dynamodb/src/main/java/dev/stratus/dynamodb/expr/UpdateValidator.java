package dev.stratus.dynamodb.expr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.dynamodb.expr.Ast.AddAction;
import dev.stratus.dynamodb.expr.Ast.Arithmetic;
import dev.stratus.dynamodb.expr.Ast.Call;
import dev.stratus.dynamodb.expr.Ast.DeleteAction;
import dev.stratus.dynamodb.expr.Ast.Operand;
import dev.stratus.dynamodb.expr.Ast.Path;
import dev.stratus.dynamodb.expr.Ast.PathOperand;
import dev.stratus.dynamodb.expr.Ast.SetAction;
import dev.stratus.dynamodb.expr.Ast.UpdateAction;
import dev.stratus.dynamodb.expr.Ast.ValueOperand;
import dev.stratus.dynamodb.value.AttributeValues;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks DynamoDB runs on a parsed UpdateExpression before it reads the item, in DynamoDB's order (which
 * decides the message when an expression has several faults): overlapping paths, conflicting paths, ADD/DELETE
 * operand types, function arities and arguments, then the operand types of {@code +}, {@code -} and list_append.
 */
final class UpdateValidator {
    private static final String KIND = "UpdateExpression";
    /** ADD and DELETE name operand types in full ("operand type: STRING"); other messages use the short codes. */
    private static final Map<String, String> LONG_TYPE_NAMES = Map.of("S", "STRING", "N", "NUMBER", "B", "BINARY",
            "BOOL", "BOOLEAN", "NULL", "NULL", "M", "MAP", "L", "LIST");

    private UpdateValidator() {
    }

    static void validate(List<UpdateAction> actions, ExpressionAttributes attributes) {
        checkPaths(KIND, actions.stream().map(UpdateAction::path).toList());
        for (UpdateAction action : actions) {
            switch (action) {
                case AddAction a when a.value() instanceof ValueOperand v ->
                        checkSetOperand("ADD", attributes.value(v.name()), Set.of("N", "SS", "NS", "BS"));
                case DeleteAction d when d.value() instanceof ValueOperand v ->
                        checkSetOperand("DELETE", attributes.value(v.name()), Set.of("SS", "NS", "BS"));
                default -> { }
            }
        }
        for (UpdateAction action : actions) {
            if (action instanceof SetAction s) {
                checkFunctions(s.value(), null);
            }
        }
        for (UpdateAction action : actions) {
            if (action instanceof SetAction s) {
                checkOperandTypes(s.value(), attributes);
            }
        }
    }

    /** Rejects overlapping paths (one a prefix of another), then conflicting ones (a map key against a list index). */
    static void checkPaths(String kind, List<Path> paths) {
        for (int i = 0; i < paths.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (paths.get(j).overlaps(paths.get(i))) {
                    throw twoPaths(kind, "overlap", paths.get(j), paths.get(i));
                }
            }
        }
        for (int i = 0; i < paths.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (paths.get(j).conflicts(paths.get(i))) {
                    throw twoPaths(kind, "conflict", paths.get(j), paths.get(i));
                }
            }
        }
    }

    private static RuntimeException twoPaths(String kind, String how, Path one, Path two) {
        return ExpressionErrors.invalid(kind, "Two document paths " + how + " with each other; must remove or rewrite "
                + "one of these paths; path one: " + one + ", path two: " + two);
    }

    private static void checkSetOperand(String operator, JsonNode value, Set<String> allowed) {
        String type = AttributeValues.type(value);
        if (!allowed.contains(type)) {
            throw ExpressionErrors.invalid(KIND, "Incorrect operand type for operator or function; operator: " + operator
                    + ", operand type: " + LONG_TYPE_NAMES.getOrDefault(type, type));
        }
    }

    /** Arity, the path if_not_exists needs first, and list_append not nested in list_append. */
    private static void checkFunctions(Operand operand, String enclosing) {
        switch (operand) {
            case Arithmetic a -> {
                checkFunctions(a.left(), null);
                checkFunctions(a.right(), null);
            }
            case Call c -> {
                if ("list_append".equals(enclosing) && c.function().equals("list_append")) {
                    throw ExpressionErrors.invalid(KIND, "The function is not allowed to be used this way in an "
                            + "expression; function: " + c.function());
                }
                if (c.args().size() != 2) {
                    throw ExpressionErrors.invalid(KIND, "Incorrect number of operands for operator or function; "
                            + "operator or function: " + c.function() + ", number of operands: " + c.args().size());
                }
                if (c.function().equals("if_not_exists") && !(c.args().get(0) instanceof PathOperand)) {
                    throw ExpressionErrors.invalid(KIND, "Operator or function requires a document path; operator or "
                            + "function: if_not_exists");
                }
                c.args().forEach(arg -> checkFunctions(arg, c.function()));
            }
            default -> { }
        }
    }

    /** Placeholder values whose type cannot suit + / - (numbers only) or list_append (lists only). */
    private static void checkOperandTypes(Operand operand, ExpressionAttributes attributes) {
        switch (operand) {
            case Arithmetic a -> {
                checkValueType(a.left(), "N", String.valueOf(a.operator()), attributes);
                checkValueType(a.right(), "N", String.valueOf(a.operator()), attributes);
                checkOperandTypes(a.left(), attributes);
                checkOperandTypes(a.right(), attributes);
            }
            case Call c -> {
                if (c.function().equals("list_append")) {
                    c.args().forEach(arg -> checkValueType(arg, "L", "list_append", attributes));
                }
                c.args().forEach(arg -> checkOperandTypes(arg, attributes));
            }
            default -> { }
        }
    }

    private static void checkValueType(Operand operand, String wanted, String operator, ExpressionAttributes attributes) {
        if (operand instanceof ValueOperand v) {
            String type = AttributeValues.type(attributes.value(v.name()));
            if (!type.equals(wanted)) {
                throw ExpressionErrors.invalid(KIND, "Incorrect operand type for operator or function; operator or "
                        + "function: " + operator + ", operand type: " + type);
            }
        }
    }
}
