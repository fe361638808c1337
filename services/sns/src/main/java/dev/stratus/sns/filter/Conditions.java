package dev.stratus.sns.filter;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;

/** One condition of a filter policy (a literal or a one-operator object) applied to one document value. */
final class Conditions {
    private Conditions() {
    }

    /** @param value the document's value for the key, or null when the key is absent */
    static boolean matches(JsonNode condition, JsonNode value) {
        if (condition.isObject()) {
            Map.Entry<String, JsonNode> op = condition.fields().next();
            if (op.getKey().equals("exists")) {
                boolean present = value != null && !value.isNull();
                return op.getValue().asBoolean() == present;
            }
            if (value == null) {
                return false;
            }
            return anyElement(value, v -> operator(op.getKey(), op.getValue(), v));
        }
        if (value == null) {
            return false;
        }
        return anyElement(value, v -> literal(condition, v));
    }

    private interface ValueTest {
        boolean test(JsonNode v);
    }

    /** An array in the document matches when any of its elements does (String.Array attributes, JSON lists). */
    private static boolean anyElement(JsonNode value, ValueTest test) {
        if (value.isArray()) {
            for (JsonNode v : value) {
                if (test.test(v)) {
                    return true;
                }
            }
            return false;
        }
        return test.test(value);
    }

    static boolean literal(JsonNode condition, JsonNode v) {
        if (condition.isNull()) {
            return v.isNull();
        }
        if (condition.isTextual()) {
            return v.isTextual() && v.asText().equals(condition.asText());
        }
        if (condition.isNumber()) {
            return v.isNumber() && v.decimalValue().compareTo(condition.decimalValue()) == 0;
        }
        if (condition.isBoolean()) {
            return v.isBoolean() && v.asBoolean() == condition.asBoolean();
        }
        return false;
    }

    private static boolean operator(String name, JsonNode arg, JsonNode v) {
        return switch (name) {
            case "prefix" -> prefixOrSuffix(arg, v, true);
            case "suffix" -> prefixOrSuffix(arg, v, false);
            case "equals-ignore-case" -> v.isTextual() && v.asText().toLowerCase(Locale.ROOT)
                    .equals(arg.asText().toLowerCase(Locale.ROOT));
            case "anything-but" -> anythingBut(arg, v);
            case "numeric" -> v.isNumber() && numeric(arg, v.decimalValue());
            default -> false;
        };
    }

    private static boolean prefixOrSuffix(JsonNode arg, JsonNode v, boolean prefix) {
        if (arg.isObject() && arg.has("equals-ignore-case")) {
            String a = arg.get("equals-ignore-case").asText().toLowerCase(Locale.ROOT);
            String s = v.asText().toLowerCase(Locale.ROOT);
            return v.isTextual() && (prefix ? s.startsWith(a) : s.endsWith(a));
        }
        return v.isTextual() && (prefix ? v.asText().startsWith(arg.asText()) : v.asText().endsWith(arg.asText()));
    }

    private static boolean anythingBut(JsonNode arg, JsonNode v) {
        if (arg.isObject()) {
            Map.Entry<String, JsonNode> op = arg.fields().next();
            return !operator(op.getKey(), op.getValue(), v);
        }
        if (arg.isArray()) {
            for (JsonNode excluded : arg) {
                if (literal(excluded, v)) {
                    return false;
                }
            }
            return true;
        }
        return !literal(arg, v);
    }

    private static boolean numeric(JsonNode arg, BigDecimal v) {
        for (int i = 0; i + 1 < arg.size(); i += 2) {
            int cmp = v.compareTo(arg.get(i + 1).decimalValue());
            boolean ok = switch (arg.get(i).asText()) {
                case "=" -> cmp == 0;
                case "<" -> cmp < 0;
                case "<=" -> cmp <= 0;
                case ">" -> cmp > 0;
                case ">=" -> cmp >= 0;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
