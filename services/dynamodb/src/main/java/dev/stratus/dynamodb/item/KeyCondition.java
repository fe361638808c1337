package dev.stratus.dynamodb.item;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.dynamodb.DynamoErrors;
import dev.stratus.dynamodb.expr.Ast;
import dev.stratus.dynamodb.expr.Ast.And;
import dev.stratus.dynamodb.expr.Ast.Between;
import dev.stratus.dynamodb.expr.Ast.Compare;
import dev.stratus.dynamodb.expr.Ast.Condition;
import dev.stratus.dynamodb.expr.Ast.Function;
import dev.stratus.dynamodb.expr.Ast.PathOperand;
import dev.stratus.dynamodb.expr.ExpressionAttributes;
import dev.stratus.dynamodb.table.Table.KeySchema;
import dev.stratus.dynamodb.value.AttributeValues;
import dev.stratus.dynamodb.value.KeyEncoding;
import dev.stratus.storage.Keys;
import java.util.ArrayList;
import java.util.List;

/**
 * A Query's key condition turned into a key range: equality on the partition key, and optionally one of
 * {@code = < <= > >= BETWEEN begins_with} on the sort key.
 */
record KeyCondition(byte[] from, byte[] to) {

    static KeyCondition of(Condition condition, KeySchema keys, byte[] prefix, ExpressionAttributes attrs) {
        List<Condition> parts = new ArrayList<>();
        flatten(condition, parts);
        JsonNode partition = null;
        Condition sort = null;
        boolean nonKey = false;
        for (Condition part : parts) {
            String attribute = attributeOf(part);
            if (attribute.equals(keys.hash())) {
                if (!(part instanceof Compare c) || !c.operator().equals("=") || partition != null) {
                    throw DynamoErrors.validation("Query key condition not supported");
                }
                partition = checkType(valueOf(c.right(), attrs), keys.hashType());
            } else if (attribute.equals(keys.range()) && sort == null) {
                sort = part;
            } else if (attribute.equals(keys.range())) {
                throw DynamoErrors.validation("Query key condition not supported");
            } else {
                nonKey = true;
            }
        }
        // A condition on a non-key attribute is reported as the key element it failed to name (Alternator's
        // test_query.py, on DynamoDB): the partition key first, then the sort key.
        if (partition == null) {
            throw DynamoErrors.validation("Query condition missed key schema element: " + keys.hash());
        }
        if (nonKey) {
            throw DynamoErrors.validation(keys.range() != null && sort == null
                    ? "Query condition missed key schema element: " + keys.range() : "Query key condition not supported");
        }
        byte[] base = concat(prefix, KeyEncoding.encode(partition));
        byte[] all = Keys.prefixEnd(base);
        if (sort == null) {
            return new KeyCondition(base, all);
        }
        return switch (sort) {
            case Compare c -> {
                byte[] at = concat(base, KeyEncoding.encode(checkType(valueOf(c.right(), attrs), keys.rangeType())));
                yield switch (c.operator()) {
                    case "=" -> new KeyCondition(at, Keys.prefixEnd(at));
                    case "<" -> new KeyCondition(base, at);
                    case "<=" -> new KeyCondition(base, Keys.prefixEnd(at));
                    case ">" -> new KeyCondition(Keys.prefixEnd(at), all);
                    case ">=" -> new KeyCondition(at, all);
                    default -> throw DynamoErrors.validation("Unsupported operator on KeyConditionExpression: operator: " + c.operator());
                };
            }
            case Between b -> {
                JsonNode lo = checkType(valueOf(b.lower(), attrs), keys.rangeType());
                JsonNode hi = checkType(valueOf(b.upper(), attrs), keys.rangeType());
                if (AttributeValues.compare(lo, hi) > 0) {
                    throw DynamoErrors.validation("Invalid KeyConditionExpression: The BETWEEN operator requires upper "
                            + "bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: "
                            + brief(lo) + ", upper bound operand: AttributeValue: " + brief(hi));
                }
                yield new KeyCondition(concat(base, KeyEncoding.encode(lo)), Keys.prefixEnd(concat(base, KeyEncoding.encode(hi))));
            }
            case Function f when f.name().equals("begins_with") -> {
                JsonNode p = checkType(valueOf(f.args().get(1), attrs), keys.rangeType());
                if (p.has("N")) {
                    throw DynamoErrors.validation("Invalid KeyConditionExpression: Incorrect operand type for operator "
                            + "or function; operator or function: begins_with, operand type: N");
                }
                byte[] start = concat(base, KeyEncoding.prefixOf(p));
                byte[] end = Keys.prefixEnd(start);
                yield new KeyCondition(start, end == null ? all : end);
            }
            default -> throw DynamoErrors.validation("Query key condition not supported");
        };
    }

    private static void flatten(Condition c, List<Condition> out) {
        if (c instanceof And a) {
            flatten(a.left(), out);
            flatten(a.right(), out);
        } else {
            out.add(c);
        }
        if (out.size() > 2) {
            throw DynamoErrors.validation("Query key condition not supported");
        }
    }

    private static String attributeOf(Condition c) {
        Ast.Operand left = switch (c) {
            case Compare cmp -> cmp.left();
            case Between b -> b.value();
            case Function f when f.name().equals("begins_with") -> f.args().get(0);
            default -> throw DynamoErrors.validation("Invalid operator used in KeyConditionExpression: "
                    + (c instanceof Function f ? f.name() : c.getClass().getSimpleName().toUpperCase()));
        };
        if (!(left instanceof PathOperand p) || !p.path().isTopLevel()) {
            throw DynamoErrors.validation("Query key condition not supported");
        }
        return p.path().head();
    }

    private static JsonNode valueOf(Ast.Operand operand, ExpressionAttributes attrs) {
        if (!(operand instanceof Ast.ValueOperand v)) {
            throw DynamoErrors.validation("Query key condition not supported");
        }
        return attrs.value(v.name());
    }

    private static JsonNode checkType(JsonNode value, String type) {
        if (!AttributeValues.type(value).equals(type)) {
            throw DynamoErrors.validation("One or more parameter values were invalid: Condition parameter type does not match schema type");
        }
        return value;
    }

    /** A scalar as DynamoDB prints it in messages: {N:5}, {S:abc}. */
    private static String brief(JsonNode value) {
        String type = AttributeValues.type(value);
        return "{" + type + ":" + value.get(type).asText() + "}";
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
