package dev.stratus.dynamodb.value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.dynamodb.DynamoErrors;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * AttributeValues as canonical JSON nodes ({"S": "x"}, {"N": "1"}, {"B": binary}, ...): validation with
 * DynamoDB's messages, sizes as DynamoDB counts them, equality and ordering.
 */
public final class AttributeValues {
    /** Nesting depth of lists and maps (DynamoDB service quotas). */
    public static final int MAX_DEPTH = 32;
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AttributeValues() {
    }

    /** The single type tag of a value: S, N, B, BOOL, NULL, M, L, SS, NS or BS. */
    public static String type(JsonNode value) {
        // A validated value has one member: probing the common types spares the iterator a lookup by name costs.
        if (value.size() == 1) {
            if (value.get("S") != null) {
                return "S";
            }
            if (value.get("N") != null) {
                return "N";
            }
        }
        return value.fieldNames().next();
    }

    public static JsonNode s(String text) {
        return NODES.objectNode().put("S", text);
    }

    public static JsonNode n(BigDecimal number) {
        return NODES.objectNode().put("N", Numbers.format(number));
    }

    public static BigDecimal number(JsonNode value) {
        return new BigDecimal(value.get("N").asText());
    }

    /** Validates a value from a request and returns it with numbers normalised. */
    public static JsonNode validate(JsonNode value) {
        return validate(value, 0);
    }

    /** Validates every attribute of an item and returns the normalised item. */
    public static ObjectNode validateItem(JsonNode item) {
        ObjectNode out = NODES.objectNode();
        for (Map.Entry<String, JsonNode> e : item.properties()) {
            out.set(e.getKey(), validate(e.getValue(), 0));
        }
        return out;
    }

    private static JsonNode validate(JsonNode value, int depth) {
        if (depth > MAX_DEPTH) {
            throw DynamoErrors.validation("Nesting Levels have exceeded supported limits");
        }
        int set = 0;
        for (Map.Entry<String, JsonNode> e : value.properties()) {
            if (!e.getValue().isNull()) {
                set++;
            }
        }
        if (set == 0) {
            throw DynamoErrors.validation(
                    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        }
        if (set > 1) {
            throw DynamoErrors.validation(
                    "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
        }
        if (value.size() == 1) {
            JsonNode s = value.get("S");
            JsonNode n = s == null ? value.get("N") : null;
            if ((s != null && s.isTextual()) || (n != null && n.isTextual() && Numbers.plainInteger(n.textValue()))) {
                // Already canonical: shared rather than copied (validated trees are never changed in place).
                return value;
            }
        }
        String type = null;
        for (Map.Entry<String, JsonNode> e : value.properties()) {
            if (!e.getValue().isNull()) {
                type = e.getKey();
            }
        }
        JsonNode v = value.get(type);
        ObjectNode out = NODES.objectNode();
        switch (type) {
            case "N" -> out.put("N", Numbers.normalise(v.asText()));
            case "NULL" -> {
                if (!v.asBoolean()) {
                    throw DynamoErrors.validation(
                            "One or more parameter values were invalid: Null attribute value types must have the value of true");
                }
                out.set("NULL", v);
            }
            case "SS", "NS", "BS" -> out.set(type, validateSet(type, (ArrayNode) v));
            case "L" -> {
                ArrayNode list = out.putArray("L");
                v.forEach(e -> list.add(validate(e, depth + 1)));
            }
            case "M" -> {
                ObjectNode map = out.putObject("M");
                v.properties().forEach(e -> map.set(e.getKey(), validate(e.getValue(), depth + 1)));
            }
            default -> out.set(type, v);
        }
        return out;
    }

    private static ArrayNode validateSet(String type, ArrayNode members) {
        // Texts as DynamoDB words them, quirks included (dynalite's tests, verified against DynamoDB).
        if (members.isEmpty()) {
            throw DynamoErrors.validation("One or more parameter values were invalid: " + switch (type) {
                case "SS" -> "An string set  may not be empty";
                case "NS" -> "An number set  may not be empty";
                default -> "Binary sets should not be empty";
            });
        }
        ArrayNode out = NODES.arrayNode();
        Set<Object> seen = new HashSet<>();
        for (JsonNode m : members) {
            Object key;
            if (type.equals("NS")) {
                String normal = Numbers.normalise(m.asText());
                out.add(normal);
                key = normal;
            } else if (type.equals("BS")) {
                out.add(m);
                key = new BytesKey(binary(m));
            } else {
                out.add(m);
                key = m.asText();
            }
            if (!seen.add(key)) {
                List<String> texts = new java.util.ArrayList<>();
                members.forEach(member -> texts.add(member.asText()));
                throw DynamoErrors.validation(switch (type) {
                    case "NS" -> "Input collection contains duplicates";
                    case "BS" -> "One or more parameter values were invalid: Input collection " + texts
                            + "of type BS contains duplicates.";
                    default -> "One or more parameter values were invalid: Input collection " + texts
                            + " contains duplicates.";
                });
            }
        }
        return out;
    }

    /** The bytes of a B value or a BS member (stored items carry base64 text until re-read). */
    public static byte[] binary(JsonNode node) {
        try {
            return node.binaryValue();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Size in bytes as DynamoDB counts it towards the 400 KB item limit and capacity units. */
    public static long size(JsonNode value) {
        String type = type(value);
        JsonNode v = value.get(type);
        return switch (type) {
            case "S" -> utf8(v.asText());
            case "N" -> Numbers.size(v.asText());
            case "B" -> binary(v).length;
            case "BOOL", "NULL" -> 1;
            case "SS" -> sum(v, m -> utf8(m.asText()));
            case "NS" -> sum(v, m -> Numbers.size(m.asText()));
            case "BS" -> sum(v, m -> binary(m).length);
            // Lists and maps cost 3 bytes of overhead plus one per element.
            case "L" -> 3 + sum(v, m -> size(m) + 1);
            case "M" -> {
                long total = 3;
                for (Map.Entry<String, JsonNode> e : v.properties()) {
                    total += utf8(e.getKey()) + size(e.getValue()) + 1;
                }
                yield total;
            }
            default -> 0;
        };
    }

    /** An item's size: each attribute's UTF-8 name length plus its value's size. */
    public static long itemSize(JsonNode item) {
        long total = 0;
        for (Map.Entry<String, JsonNode> e : item.properties()) {
            total += utf8(e.getKey()) + size(e.getValue());
        }
        return total;
    }

    /** The length of {@code s} in UTF-8, as {@code s.getBytes(UTF_8).length} but without encoding it. */
    public static int utf8(String s) {
        int n = s.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                continue;
            }
            if (c < 0x800) {
                bytes += 1;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 2;
                i++;
            } else if (!Character.isSurrogate(c)) {
                bytes += 2;
            }
            // A lone surrogate is encoded as '?': one byte, already counted.
        }
        return bytes;
    }

    private static long sum(JsonNode array, java.util.function.ToLongFunction<JsonNode> f) {
        long total = 0;
        for (JsonNode m : array) {
            total += f.applyAsLong(m);
        }
        return total;
    }

    /** DynamoDB equality: same type and value; numbers numerically; sets regardless of order. */
    public static boolean equal(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return false;
        }
        String ta = type(a);
        if (!ta.equals(type(b))) {
            return false;
        }
        JsonNode x = a.get(ta);
        JsonNode y = b.get(ta);
        return switch (ta) {
            case "N" -> number(a).compareTo(number(b)) == 0;
            case "B" -> Arrays.equals(binary(x), binary(y));
            case "SS", "NS", "BS" -> x.size() == y.size() && setKeys(ta, x).equals(setKeys(ta, y));
            case "L" -> {
                if (x.size() != y.size()) {
                    yield false;
                }
                for (int i = 0; i < x.size(); i++) {
                    if (!equal(x.get(i), y.get(i))) {
                        yield false;
                    }
                }
                yield true;
            }
            case "M" -> {
                if (x.size() != y.size()) {
                    yield false;
                }
                for (Map.Entry<String, JsonNode> e : x.properties()) {
                    if (!equal(e.getValue(), y.get(e.getKey()))) {
                        yield false;
                    }
                }
                yield true;
            }
            default -> x.equals(y);
        };
    }

    /** Members of a set as comparable keys (numbers by value, binaries by content). */
    public static Set<Object> setKeys(String type, JsonNode members) {
        Set<Object> out = new HashSet<>();
        for (JsonNode m : members) {
            out.add(memberKey(type, m));
        }
        return out;
    }

    public static Object memberKey(String setType, JsonNode member) {
        return switch (setType) {
            case "NS" -> new BigDecimal(member.asText()).stripTrailingZeros();
            case "BS" -> new BytesKey(binary(member));
            default -> member.asText();
        };
    }

    /** Orders two scalars of the same type (S, N or B); null when they cannot be ordered. */
    public static Integer compare(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return null;
        }
        String ta = type(a);
        if (!ta.equals(type(b))) {
            return null;
        }
        return switch (ta) {
            case "N" -> number(a).compareTo(number(b));
            case "S" -> Arrays.compareUnsigned(a.get("S").asText().getBytes(StandardCharsets.UTF_8),
                    b.get("S").asText().getBytes(StandardCharsets.UTF_8));
            case "B" -> Arrays.compareUnsigned(binary(a.get("B")), binary(b.get("B")));
            default -> null;
        };
    }

    /** Binary content with value equality, for set membership. */
    public record BytesKey(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof BytesKey k && Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }
}
