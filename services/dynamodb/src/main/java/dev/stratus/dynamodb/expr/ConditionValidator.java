package dev.stratus.dynamodb.expr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.dynamodb.expr.Ast.And;
import dev.stratus.dynamodb.expr.Ast.Between;
import dev.stratus.dynamodb.expr.Ast.Condition;
import dev.stratus.dynamodb.expr.Ast.Function;
import dev.stratus.dynamodb.expr.Ast.Not;
import dev.stratus.dynamodb.expr.Ast.Operand;
import dev.stratus.dynamodb.expr.Ast.Or;
import dev.stratus.dynamodb.expr.Ast.PathOperand;
import dev.stratus.dynamodb.expr.Ast.ValueOperand;
import dev.stratus.dynamodb.value.AttributeValues;
import java.util.Set;

/**
 * The checks DynamoDB makes on a parsed condition or filter before reading any item: what it can tell wrong from the
 * request alone is a ValidationException, while the same fault coming from an item's attribute only makes the
 * condition false (Alternator's test_condition_expression.py shows both on DynamoDB).
 */
final class ConditionValidator {
    private static final Set<String> ORDERED_TYPES = Set.of("S", "N", "B");

    private ConditionValidator() {
    }

    static void validate(String kind, Condition condition, ExpressionAttributes attributes) {
        switch (condition) {
            case And a -> {
                validate(kind, a.left(), attributes);
                validate(kind, a.right(), attributes);
            }
            case Or o -> {
                validate(kind, o.left(), attributes);
                validate(kind, o.right(), attributes);
            }
            case Not n -> validate(kind, n.condition(), attributes);
            case Between b -> between(kind, b, attributes);
            case Function f -> function(kind, f, attributes);
            default -> { }
        }
    }

    private static void between(String kind, Between b, ExpressionAttributes attributes) {
        if (!(b.lower() instanceof ValueOperand lowRef) || !(b.upper() instanceof ValueOperand highRef)) {
            return; // a bound read from the item can only make the condition false
        }
        JsonNode low = attributes.value(lowRef.name());
        JsonNode high = attributes.value(highRef.name());
        for (JsonNode bound : new JsonNode[] {low, high}) {
            if (!ORDERED_TYPES.contains(AttributeValues.type(bound))) {
                throw ExpressionErrors.invalid(kind, "Incorrect operand type for operator or function; operator or "
                        + "function: BETWEEN, operand type: " + AttributeValues.type(bound));
            }
        }
        if (!AttributeValues.type(low).equals(AttributeValues.type(high))) {
            throw ExpressionErrors.invalid(kind, "The BETWEEN operator requires same data type for lower and upper "
                    + "bounds; lower bound operand: AttributeValue: " + brief(low) + ", upper bound operand: "
                    + "AttributeValue: " + brief(high));
        }
        if (AttributeValues.compare(low, high) > 0) {
            throw ExpressionErrors.invalid(kind, "The BETWEEN operator requires upper bound to be greater than or "
                    + "equal to lower bound; lower bound operand: AttributeValue: " + brief(low) + ", upper bound "
                    + "operand: AttributeValue: " + brief(high));
        }
    }

    private static void function(String kind, Function f, ExpressionAttributes attributes) {
        switch (f.name()) {
            case "attribute_exists", "attribute_not_exists" -> {
                if (!(f.args().get(0) instanceof PathOperand)) {
                    throw ExpressionErrors.invalid(kind, "Operator or function requires a document path; operator or "
                            + "function: " + f.name());
                }
            }
            case "attribute_type" -> {
                if (!(f.args().get(1) instanceof ValueOperand)) {
                    throw ExpressionErrors.invalid(kind, "Incorrect operand type for operator or function; operator or "
                            + "function: attribute_type, operand type: document path");
                }
            }
            case "begins_with" -> {
                for (Operand arg : f.args()) {
                    if (arg instanceof ValueOperand v) {
                        String type = AttributeValues.type(attributes.value(v.name()));
                        if (!type.equals("S") && !type.equals("B")) {
                            throw ExpressionErrors.invalid(kind, "Incorrect operand type for operator or function; "
                                    + "operator or function: begins_with, operand type: " + type);
                        }
                    }
                }
            }
            default -> { }
        }
    }

    private static String brief(JsonNode value) {
        String type = AttributeValues.type(value);
        return "{" + type + ":" + value.get(type).asText() + "}";
    }
}
