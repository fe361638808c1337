package dev.stratus.dynamodb.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.dynamodb.expr.Ast.And;
import dev.stratus.dynamodb.expr.Ast.Arithmetic;
import dev.stratus.dynamodb.expr.Ast.Between;
import dev.stratus.dynamodb.expr.Ast.Call;
import dev.stratus.dynamodb.expr.Ast.Compare;
import dev.stratus.dynamodb.expr.Ast.Condition;
import dev.stratus.dynamodb.expr.Ast.Function;
import dev.stratus.dynamodb.expr.Ast.In;
import dev.stratus.dynamodb.expr.Ast.Not;
import dev.stratus.dynamodb.expr.Ast.Operand;
import dev.stratus.dynamodb.expr.Ast.Or;
import dev.stratus.dynamodb.expr.Ast.Path;
import dev.stratus.dynamodb.expr.Ast.PathOperand;
import dev.stratus.dynamodb.expr.Ast.ValueOperand;
import dev.stratus.dynamodb.value.AttributeValues;
import dev.stratus.dynamodb.value.Numbers;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Evaluates conditions and operands against an item (a map of attribute name to AttributeValue). */
public final class Evaluator {
    private static final Set<String> TYPES = Set.of("S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS");
    private final ExpressionAttributes attributes;

    public Evaluator(ExpressionAttributes attributes) {
        this.attributes = attributes;
    }

    /** True when the condition holds for {@code item} (null: no item, every path missing). */
    public boolean test(Condition condition, JsonNode item) {
        return switch (condition) {
            case And a -> test(a.left(), item) && test(a.right(), item);
            case Or o -> test(o.left(), item) || test(o.right(), item);
            case Not n -> !test(n.condition(), item);
            case Compare c -> compare(c.operator(), value(c.left(), item), value(c.right(), item));
            case Between b -> {
                JsonNode v = value(b.value(), item);
                yield compare(">=", v, value(b.lower(), item)) && compare("<=", v, value(b.upper(), item));
            }
            case In in -> {
                JsonNode v = value(in.value(), item);
                yield in.candidates().stream().anyMatch(c -> AttributeValues.equal(v, value(c, item)));
            }
            case Function f -> function(f, item);
        };
    }

    private static boolean compare(String op, JsonNode a, JsonNode b) {
        return switch (op) {
            case "=" -> AttributeValues.equal(a, b);
            case "<>" -> !AttributeValues.equal(a, b);
            default -> {
                Integer c = AttributeValues.compare(a, b);
                if (c == null) {
                    yield false;
                }
                yield switch (op) {
                    case "<" -> c < 0;
                    case "<=" -> c <= 0;
                    case ">" -> c > 0;
                    default -> c >= 0;
                };
            }
        };
    }

    private boolean function(Function f, JsonNode item) {
        List<Operand> args = f.args();
        JsonNode first = value(args.get(0), item);
        return switch (f.name()) {
            case "attribute_exists" -> first != null;
            case "attribute_not_exists" -> first == null;
            case "attribute_type" -> {
                JsonNode t = value(args.get(1), item);
                if (t == null || !AttributeValues.type(t).equals("S") || !TYPES.contains(t.get("S").asText())) {
                    throw ExpressionErrors.invalid("ConditionExpression", "Invalid attribute type name found; type: "
                            + (t == null ? "null" : t.path("S").asText()) + ", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
                }
                yield first != null && AttributeValues.type(first).equals(t.get("S").asText());
            }
            case "begins_with" -> {
                JsonNode prefix = value(args.get(1), item);
                if (first == null || prefix == null) {
                    yield false;
                }
                String type = AttributeValues.type(first);
                if (!type.equals(AttributeValues.type(prefix))) {
                    yield false;
                }
                if (type.equals("S")) {
                    yield first.get("S").asText().startsWith(prefix.get("S").asText());
                }
                if (type.equals("B")) {
                    byte[] a = AttributeValues.binary(first.get("B"));
                    byte[] p = AttributeValues.binary(prefix.get("B"));
                    yield a.length >= p.length && Arrays.equals(a, 0, p.length, p, 0, p.length);
                }
                yield false;
            }
            default -> contains(first, value(args.get(1), item));
        };
    }

    private static boolean contains(JsonNode haystack, JsonNode needle) {
        if (haystack == null || needle == null) {
            return false;
        }
        String type = AttributeValues.type(haystack);
        String needleType = AttributeValues.type(needle);
        return switch (type) {
            case "S" -> needleType.equals("S") && haystack.get("S").asText().contains(needle.get("S").asText());
            case "B" -> needleType.equals("B") && indexOf(AttributeValues.binary(haystack.get("B")),
                    AttributeValues.binary(needle.get("B"))) >= 0;
            case "SS", "NS", "BS" -> needleType.equals(type.substring(0, 1))
                    && AttributeValues.setKeys(type, haystack.get(type))
                    .contains(AttributeValues.memberKey(type, needle.get(needleType)));
            case "L" -> {
                for (JsonNode e : haystack.get("L")) {
                    if (AttributeValues.equal(e, needle)) {
                        yield true;
                    }
                }
                yield false;
            }
            default -> false;
        };
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The value of an operand, or null when it names a missing attribute. */
    public JsonNode value(Operand operand, JsonNode item) {
        return switch (operand) {
            case ValueOperand v -> attributes.value(v.name());
            case PathOperand p -> resolve(item, p.path());
            case Call c when c.function().equals("size") -> size(value(c.args().get(0), item));
            case Call c -> throw new IllegalStateException("update function in a condition: " + c.function());
            case Arithmetic a -> throw new IllegalStateException("arithmetic in a condition: " + a);
        };
    }

    private static JsonNode size(JsonNode v) {
        if (v == null) {
            return null;
        }
        String type = AttributeValues.type(v);
        long n = switch (type) {
            case "S" -> v.get("S").asText().getBytes(StandardCharsets.UTF_8).length;
            case "B" -> AttributeValues.binary(v.get("B")).length;
            case "SS", "NS", "BS", "L", "M" -> v.get(type).size();
            // A number, boolean or null has no size: the comparison is false, not an error (as on DynamoDB).
            default -> -1;
        };
        if (n < 0) {
            return null;
        }
        return AttributeValues.n(java.math.BigDecimal.valueOf(n));
    }

    /** Follows a document path through maps and lists; null when any step is missing. */
    public static JsonNode resolve(JsonNode item, Path path) {
        if (item == null) {
            return null;
        }
        JsonNode current = item.get(path.head());
        for (Object step : path.elements().subList(1, path.elements().size())) {
            if (current == null) {
                return null;
            }
            if (step instanceof String name) {
                JsonNode map = current.get("M");
                current = map == null ? null : map.get(name);
            } else {
                JsonNode list = current.get("L");
                int index = (Integer) step;
                current = list == null || index >= list.size() ? null : list.get(index);
            }
        }
        return current;
    }

    /** The item reduced to the given paths, keeping nesting (list elements keep their relative order). */
    public static ObjectNode project(JsonNode item, List<Path> paths) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Path p : paths) {
            JsonNode v = resolve(item, p);
            if (v != null) {
                Documents.put(out, p, v.deepCopy(), true);
            }
        }
        return out;
    }

    /** Checks a number computed by an update against DynamoDB's range. */
    static JsonNode number(java.math.BigDecimal value) {
        return AttributeValues.n(Numbers.checkComputed(value));
    }
}
