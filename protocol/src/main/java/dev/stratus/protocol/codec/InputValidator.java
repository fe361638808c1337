package dev.stratus.protocol.codec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.model.Member;
import dev.stratus.protocol.model.Shape;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks a decoded input against its shape's constraints (required, length, range, enum, pattern) and reports
 * every violation in AWS's wording: {@code 2 validation errors detected: Value null at 'roleName' failed to
 * satisfy constraint: Member must not be null; ...}.
 */
public final class InputValidator {
    /** AWS lists at most this many violations in one message. */
    static final int MAX_REPORTED = 10;
    /**
     * Enums the service matches ignoring case although the model lists one spelling: S3's filter rule names
     * ({@code Prefix} from the SDK for Java, {@code prefix} from botocore).
     */
    private static final java.util.Set<String> CASE_INSENSITIVE_ENUMS = java.util.Set.of("FilterRuleName");

    private InputValidator() {
    }

    /**
     * Validates {@code input} and throws an {@link AwsException} with {@code errorCode} (ValidationException,
     * ValidationError, InvalidParameterException, ... as the service uses) when anything fails.
     */
    public static void validate(Shape shape, JsonNode input, String errorCode) {
        if (shape == null) {
            return;
        }
        List<String> errors = new ArrayList<>();
        checkStructure(shape, input, null, errors, 0);
        if (!errors.isEmpty()) {
            List<String> shown = errors.size() > MAX_REPORTED ? errors.subList(0, MAX_REPORTED) : errors;
            String msg = errors.size() + " validation error" + (errors.size() == 1 ? "" : "s") + " detected: "
                    + String.join("; ", shown);
            throw new AwsException(errorCode, msg, 400);
        }
    }

    /**
     * Where a value sits in the input ({@code requestItems.t.member.1.member.putRequest}), rendered only when a
     * message needs it: building every member's path eagerly cost more than the checks on DynamoDB items.
     */
    private record At(At parent, String segment, boolean member) {
        static At member(At parent, String name) {
            return new At(parent, name, true);
        }

        static At literal(At parent, String segment) {
            return new At(parent, segment, false);
        }

        @Override
        public String toString() {
            String own = member ? lowerFirst(segment) : segment;
            return parent == null ? own : parent + "." + own;
        }
    }

    private static void checkStructure(Shape shape, JsonNode value, At path, List<String> errors, int depth) {
        if (depth > JsonValues.MAX_DEPTH) {
            return;
        }
        for (Member m : shape.members().values()) {
            JsonNode v = value == null ? null : value.get(m.name());
            if (v == null || v.isNull()) {
                if (shape.required().contains(m.name())) {
                    errors.add("Value null at '" + At.member(path, m.name())
                            + "' failed to satisfy constraint: Member must not be null");
                }
                continue;
            }
            checkValue(m.shape(), v, At.member(path, m.name()), errors, depth + 1);
        }
    }

    private static void checkValue(Shape s, JsonNode v, At p, List<String> errors, int depth) {
        switch (s.type()) {
            case "structure" -> {
                if (!s.document()) {
                    checkStructure(s, v, p, errors, depth);
                }
            }
            case "list" -> {
                length(s, v.size(), v, p, errors);
                int i = 1;
                for (JsonNode item : v) {
                    if (!item.isNull()) {
                        checkValue(s.listMember().shape(), item, At.literal(p, i + ".member"), errors, depth + 1);
                    }
                    i++;
                }
            }
            case "map" -> {
                length(s, v.size(), v, p, errors);
                for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    checkValue(s.mapKey().shape(), com.fasterxml.jackson.databind.node.TextNode.valueOf(e.getKey()),
                            At.literal(p, "key"), errors, depth + 1);
                    checkValue(s.mapValue().shape(), e.getValue(), At.literal(p, e.getKey() + ".member"), errors,
                            depth + 1);
                }
            }
            case "string" -> {
                String text = v.asText();
                if (s.min() != null || s.max() != null) {
                    length(s, text.codePointCount(0, text.length()), v, p, errors);
                }
                if (!s.enumValues().isEmpty() && !s.enumValues().contains(text) && !(CASE_INSENSITIVE_ENUMS
                        .contains(s.name()) && s.enumValues().stream().anyMatch(text::equalsIgnoreCase))) {
                    errors.add("Value '" + text + "' at '" + p + "' failed to satisfy constraint: "
                            + "Member must satisfy enum value set: " + s.enumValues());
                }
                if (s.pattern() != null && !s.pattern().matcher(text).matches()) {
                    errors.add("Value '" + text + "' at '" + p + "' failed to satisfy constraint: "
                            + "Member must satisfy regular expression pattern: " + s.patternSource());
                }
            }
            case "blob" -> {
                try {
                    length(s, v.binaryValue() == null ? 0 : v.binaryValue().length, null, p, errors);
                } catch (java.io.IOException e) {
                    // not binary: nothing to measure
                }
            }
            case "integer", "long", "float", "double", "bigdecimal", "biginteger" -> {
                if (!v.isNumber() || (s.min() == null && s.max() == null)) {
                    return;
                }
                BigDecimal n = v.decimalValue();
                if (s.min() != null && n.compareTo(BigDecimal.valueOf(s.min())) < 0) {
                    errors.add("Value '" + v.asText() + "' at '" + p + "' failed to satisfy constraint: "
                            + "Member must have value greater than or equal to " + fmt(s.min()));
                }
                if (s.max() != null && n.compareTo(BigDecimal.valueOf(s.max())) > 0) {
                    errors.add("Value '" + v.asText() + "' at '" + p + "' failed to satisfy constraint: "
                            + "Member must have value less than or equal to " + fmt(s.max()));
                }
            }
            default -> {
                // booleans and timestamps carry no constraints
            }
        }
    }

    /** Checks a length; {@code v} is what the message shows (a string, a list or map, or null for a blob). */
    private static void length(Shape s, int len, JsonNode v, At p, List<String> errors) {
        if (s.min() != null && len < s.min()) {
            errors.add("Value " + shown(v) + " at '" + p + "' failed to satisfy constraint: "
                    + "Member must have length greater than or equal to " + fmt(s.min()));
        }
        if (s.max() != null && len > s.max()) {
            errors.add("Value " + shown(v) + " at '" + p + "' failed to satisfy constraint: "
                    + "Member must have length less than or equal to " + fmt(s.max()));
        }
    }

    private static String shown(JsonNode v) {
        if (v == null) {
            return "'java.nio.HeapByteBuffer'";
        }
        return v.isContainerNode() ? describe(v) : "'" + v.asText() + "'";
    }

    private static String describe(JsonNode v) {
        return "'" + (v.size() > 20 ? "[...]" : v.toString()) + "'";
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
