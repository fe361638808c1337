package dev.stratus.lambda.esm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.AwsException;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * An event source mapping's FilterCriteria: a record passes when any one of its patterns matches. Patterns follow
 * Lambda's event filtering syntax: nested objects select fields, and each leaf is a list of alternatives (exact
 * values, or {@code prefix}, {@code suffix}, {@code equals-ignore-case}, {@code anything-but}, {@code numeric},
 * {@code exists} matchers).
 */
public final class EventFilter {
    /** AWS's limit on filters per mapping (FilterCriteria quota for SQS, DynamoDB and Kinesis). */
    static final int MAX_FILTERS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<ObjectNode> patterns;

    private EventFilter(List<ObjectNode> patterns) {
        this.patterns = patterns;
    }

    /** The filter of a FilterCriteria value (null or empty means every record passes). */
    public static EventFilter of(JsonNode criteria) {
        List<ObjectNode> patterns = new ArrayList<>();
        if (criteria != null) {
            for (JsonNode f : criteria.path("Filters")) {
                patterns.add(parse(f.path("Pattern").asText("")));
            }
        }
        if (patterns.size() > MAX_FILTERS) {
            throw new AwsException("InvalidParameterValueException",
                    "The number of filters in FilterCriteria exceeds the limit of " + MAX_FILTERS + ".");
        }
        return new EventFilter(patterns);
    }

    private static ObjectNode parse(String pattern) {
        try {
            JsonNode p = JSON.readTree(pattern);
            if (p instanceof ObjectNode o && validPattern(o)) {
                return o;
            }
        } catch (IOException e) {
            // reported below
        }
        throw new AwsException("InvalidParameterValueException", "Invalid filter pattern definition.");
    }

    private static boolean validPattern(ObjectNode pattern) {
        for (Iterator<Map.Entry<String, JsonNode>> it = pattern.fields(); it.hasNext(); ) {
            JsonNode v = it.next().getValue();
            boolean ok = switch (v) {
                case ObjectNode o -> validPattern(o);
                case JsonNode a when a.isArray() && !a.isEmpty() -> true;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** True when there is no filter at all. */
    public boolean passesEverything() {
        return patterns.isEmpty();
    }

    /** Whether {@code record} (the event record as delivered to the function) passes. */
    public boolean matches(JsonNode record) {
        if (patterns.isEmpty()) {
            return true;
        }
        for (ObjectNode p : patterns) {
            if (matchesObject(p, record)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesObject(ObjectNode pattern, JsonNode event) {
        for (Iterator<Map.Entry<String, JsonNode>> it = pattern.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode value = event == null ? null : event.get(e.getKey());
            if (value != null && value.isNull()) {
                value = null;
            }
            boolean ok = e.getValue() instanceof ObjectNode nested
                    ? value != null && value.isObject() && matchesObject(nested, value)
                    : matchesAlternatives(e.getValue(), value);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** A leaf: any alternative matches the value, or (for an array value) any of its elements. */
    private static boolean matchesAlternatives(JsonNode alternatives, JsonNode value) {
        for (JsonNode alt : alternatives) {
            if (alt.isObject() && alt.has("exists")) {
                boolean present = value != null && !(value.isObject());
                if (present == alt.get("exists").asBoolean()) {
                    return true;
                }
                continue;
            }
            if (value == null) {
                continue; // every other matcher, anything-but included, needs the field to be present
            }
            if (value.isArray()) {
                for (JsonNode element : value) {
                    if (matchesOne(alt, element)) {
                        return true;
                    }
                }
            } else if (matchesOne(alt, value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesOne(JsonNode alt, JsonNode value) {
        if (!alt.isObject()) {
            return equalValues(alt, value);
        }
        if (alt.has("prefix")) {
            return value.isTextual() && value.asText().startsWith(alt.get("prefix").asText());
        }
        if (alt.has("suffix")) {
            return value.isTextual() && value.asText().endsWith(alt.get("suffix").asText());
        }
        if (alt.has("equals-ignore-case")) {
            return value.isTextual() && value.asText().equalsIgnoreCase(alt.get("equals-ignore-case").asText());
        }
        if (alt.has("anything-but")) {
            JsonNode but = alt.get("anything-but");
            if (but.isObject()) {
                return !matchesOne(but, value);
            }
            if (but.isArray()) {
                for (JsonNode b : but) {
                    if (equalValues(b, value)) {
                        return false;
                    }
                }
                return true;
            }
            return !equalValues(but, value);
        }
        if (alt.has("numeric")) {
            return matchesNumeric(alt.get("numeric"), value);
        }
        return false;
    }

    private static boolean equalValues(JsonNode expected, JsonNode value) {
        if (expected.isNumber() || value.isNumber()) {
            BigDecimal a = number(expected);
            BigDecimal b = number(value);
            return a != null && b != null && a.compareTo(b) == 0 && expected.isNumber() == value.isNumber();
        }
        return expected.equals(value);
    }

    private static boolean matchesNumeric(JsonNode conditions, JsonNode value) {
        // DynamoDB's "N" values are strings: numeric matching reads them as numbers too.
        BigDecimal v = value.isNumber() ? value.decimalValue() : parseNumber(value);
        if (v == null || !conditions.isArray() || conditions.size() % 2 != 0) {
            return false;
        }
        for (int i = 0; i < conditions.size(); i += 2) {
            BigDecimal bound = number(conditions.get(i + 1));
            if (bound == null) {
                return false;
            }
            int c = v.compareTo(bound);
            boolean ok = switch (conditions.get(i).asText()) {
                case "=" -> c == 0;
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                case ">=" -> c >= 0;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static BigDecimal parseNumber(JsonNode n) {
        try {
            return n.isTextual() ? new BigDecimal(n.asText()) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static BigDecimal number(JsonNode n) {
        if (n.isNumber()) {
            return n.decimalValue();
        }
        return null;
    }
}
