package dev.stratus.protocol.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.model.Member;
import dev.stratus.protocol.model.Shape;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads a JSON body (awsJson, restJson) against its shape into the canonical tree: checks every value's JSON type
 * and converts blobs from base64 and timestamps to epoch seconds. Unknown members are dropped, as AWS does.
 */
public final class JsonValues {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Deeper documents are refused: hostile nesting must not exhaust the stack. */
    static final int MAX_DEPTH = 64;
    /**
     * A value tree as compact JSON bytes, written straight to a streaming generator (databind's tree serialization
     * consults its configuration at every node; it was an eighth of a PutItem profile). Binary values are base64.
     */
    public static byte[] toBytes(JsonNode node) {
        return JsonTreeWriter.toBytes(node);
    }

    /** How awsJson and restJson spell the doubles JSON has no numbers for. */
    private static final java.util.regex.Pattern DECIMAL =
            java.util.regex.Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final java.util.Set<String> NON_FINITE = java.util.Set.of("NaN", "Infinity", "-Infinity");

    private JsonValues() {
    }

    public static ObjectNode readStructure(Shape shape, JsonNode value) {
        JsonNode out = read(shape, value, 0);
        return out instanceof ObjectNode o ? o : F.objectNode();
    }

    static JsonNode read(Shape shape, JsonNode v, int depth) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (depth > MAX_DEPTH) {
            throw AwsException.serialization("Document nesting is too deep");
        }
        if (shape.document()) {
            return v;
        }
        switch (shape.type()) {
            case "structure" -> {
                expectObject(v);
                // The parsed tree is reused wherever nothing changes (most requests): only a structure with a
                // dropped, renamed or converted member is copied.
                ObjectNode out = null;
                int index = 0;
                for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); index++) {
                    Map.Entry<String, JsonNode> e = it.next();
                    Member m = findMember(shape, e.getKey());
                    JsonNode child = m == null || m.location() != null && !"".equals(m.location()) ? null
                            : read(m.shape(), e.getValue(), depth + 1);
                    if (out == null && (child != e.getValue() || !m.name().equals(e.getKey()))) {
                        out = copyOfFirst((ObjectNode) v, index);
                    }
                    if (out != null && child != null) {
                        out.set(m.name(), child);
                    }
                }
                return out == null ? v : out;
            }
            case "list" -> {
                if (!v.isArray()) {
                    throw mismatch(v, "a List");
                }
                ArrayNode out = null;
                int index = 0;
                for (JsonNode item : v) {
                    // A null item cannot reach a service: SDKs never send one and no operation expects one.
                    JsonNode child = read(shape.listMember().shape(), item, depth + 1);
                    if (out == null && child != item) {
                        out = F.arrayNode();
                        for (int i = 0; i < index; i++) {
                            out.add(v.get(i));
                        }
                    }
                    if (out != null && child != null) {
                        out.add(child);
                    }
                    index++;
                }
                return out == null ? v : out;
            }
            case "map" -> {
                expectObject(v);
                ObjectNode out = null;
                int index = 0;
                for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); index++) {
                    Map.Entry<String, JsonNode> e = it.next();
                    JsonNode child = read(shape.mapValue().shape(), e.getValue(), depth + 1);
                    if (out == null && child != e.getValue()) {
                        out = copyOfFirst((ObjectNode) v, index);
                    }
                    if (out != null && child != null) {
                        out.set(e.getKey(), child);
                    }
                }
                return out == null ? v : out;
            }
            case "string" -> {
                if (!v.isTextual()) {
                    throw mismatch(v, "a String");
                }
                return v;
            }
            case "boolean" -> {
                if (!v.isBoolean()) {
                    throw mismatch(v, "a Boolean");
                }
                return v;
            }
            case "integer", "long" -> {
                boolean isInt = "integer".equals(shape.type());
                if (!v.isNumber() || !finite(v)) {
                    throw mismatch(v, isInt ? "an Integer" : "a Long");
                }
                JsonNode n = v;
                if (!v.isIntegralNumber()) {
                    if (v.decimalValue().stripTrailingZeros().scale() > 0) {
                        throw mismatch(v, isInt ? "an Integer" : "a Long");
                    }
                    n = F.numberNode(v.decimalValue().toBigInteger());
                }
                if (isInt && !n.canConvertToInt() || !isInt && !n.canConvertToLong()) {
                    throw AwsException.serialization("Numeric value (" + n.asText() + ") out of range of "
                            + (isInt ? "int" : "long"));
                }
                if (isInt ? n.isInt() : n.isLong()) {
                    return n; // already the node the shape asks for
                }
                return isInt ? F.numberNode(n.intValue()) : F.numberNode(n.longValue());
            }
            case "float", "double" -> {
                if (v.isTextual() && NON_FINITE.contains(v.asText())) {
                    return F.numberNode(Double.parseDouble(v.asText()));
                }
                if (!v.isNumber()) {
                    throw mismatch(v, "a Number");
                }
                return v;
            }
            case "bigdecimal", "biginteger" -> {
                if (!v.isNumber() || !finite(v)) {
                    throw mismatch(v, "a Number");
                }
                return v;
            }
            case "timestamp" -> {
                try {
                    if (v.isNumber() && finite(v)) {
                        return Timestamps.node(Timestamps.instant(v));
                    }
                    if (v.isTextual()) {
                        return Timestamps.node(Timestamps.parse(v.asText()));
                    }
                } catch (IllegalArgumentException | java.time.DateTimeException | ArithmeticException e) {
                    throw AwsException.serialization("Unable to parse date: " + v.asText());
                }
                throw mismatch(v, "a Date");
            }
            case "blob" -> {
                if (v.isBinary()) {
                    return v; // CBOR carries blobs as byte strings
                }
                if (!v.isTextual()) {
                    throw mismatch(v, "a Blob");
                }
                try {
                    return BinaryNode.valueOf(Base64.getDecoder().decode(v.asText().trim()));
                } catch (IllegalArgumentException e) {
                    throw AwsException.serialization("Base64 encoded value is invalid");
                }
            }
            default -> {
                return v;
            }
        }
    }

    /** A new object holding the first {@code count} members of {@code v} as they are. */
    private static ObjectNode copyOfFirst(ObjectNode v, int count) {
        ObjectNode out = F.objectNode();
        Iterator<Map.Entry<String, JsonNode>> it = v.fields();
        for (int i = 0; i < count; i++) {
            Map.Entry<String, JsonNode> e = it.next();
            out.set(e.getKey(), e.getValue());
        }
        return out;
    }

    private static Member findMember(Shape shape, String wireName) {
        Member m = shape.member(wireName);
        if (m != null && (m.json().path("locationName").isMissingNode() || m.wireName().equals(wireName))) {
            return m;
        }
        for (Member candidate : shape.members().values()) {
            if (candidate.wireName().equals(wireName)) {
                return candidate;
            }
        }
        return m;
    }

    private static boolean finite(JsonNode v) {
        return !(v.isDouble() || v.isFloat()) || Double.isFinite(v.doubleValue());
    }

    private static void expectObject(JsonNode v) {
        if (v.isArray()) {
            throw AwsException.serialization("Start of list found where not expected");
        }
        if (!v.isObject()) {
            throw mismatch(v, "a Structure");
        }
    }

    private static AwsException mismatch(JsonNode v, String expected) {
        if (v.isObject()) {
            return AwsException.serialization("Start of structure or map found where not expected");
        }
        if (v.isArray()) {
            return AwsException.serialization("Start of list found where not expected");
        }
        String kind = v.isTextual() ? "STRING_VALUE" : v.isBoolean() ? (v.asBoolean() ? "VALUE_TRUE" : "VALUE_FALSE")
                : v.isNumber() ? "NUMBER_VALUE" : v.getNodeType().name();
        return AwsException.serialization(kind + " can not be converted to " + expected);
    }

    /** The canonical value of a number from a string on the wire (query, headers, URI), or null if not one. */
    public static JsonNode scalarFromString(Shape shape, String raw) {
        try {
            return switch (shape.type()) {
                case "integer" -> F.numberNode(Integer.parseInt(raw.trim()));
                case "long" -> F.numberNode(Long.parseLong(raw.trim()));
                case "float", "double" -> {
                    String d = raw.trim();
                    // Java also reads "1d" and "0x1p3"; the wire only knows decimal numbers and NaN/Infinity.
                    if (!NON_FINITE.contains(d) && !DECIMAL.matcher(d).matches()) {
                        yield null;
                    }
                    yield F.numberNode(Double.parseDouble(d));
                }
                case "bigdecimal", "biginteger" -> F.numberNode(new BigDecimal(raw.trim()));
                case "boolean" -> {
                    String b = raw.trim().toLowerCase(java.util.Locale.ROOT);
                    if (!b.equals("true") && !b.equals("false")) {
                        yield null;
                    }
                    yield F.booleanNode(b.equals("true"));
                }
                case "timestamp" -> Timestamps.node(Timestamps.parse(raw));
                case "blob" -> BinaryNode.valueOf(Base64.getDecoder().decode(raw.trim()));
                default -> F.textNode(raw);
            };
        } catch (IllegalArgumentException | java.time.DateTimeException | ArithmeticException e) {
            return null;
        }
    }
}
