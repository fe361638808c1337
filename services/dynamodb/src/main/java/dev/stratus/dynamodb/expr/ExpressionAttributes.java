package dev.stratus.dynamodb.expr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.dynamodb.DynamoErrors;
import dev.stratus.dynamodb.value.AttributeValues;
import dev.stratus.protocol.AwsException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A request's ExpressionAttributeNames and ExpressionAttributeValues: resolution, reserved-word checks and the
 * "unused" checks DynamoDB applies once every expression of the request is parsed.
 */
public final class ExpressionAttributes {
    private static final Set<String> RESERVED = loadReserved();
    private final Map<String, String> names = new HashMap<>();
    private final Map<String, JsonNode> values = new HashMap<>();
    private final Set<String> usedNames = new LinkedHashSet<>();
    private final Set<String> usedValues = new LinkedHashSet<>();

    public ExpressionAttributes(JsonNode names, JsonNode values) {
        if (names != null && names.isEmpty()) {
            throw DynamoErrors.validation("ExpressionAttributeNames must not be empty");
        }
        if (values != null && values.isEmpty()) {
            throw DynamoErrors.validation("ExpressionAttributeValues must not be empty");
        }
        SubstitutionLimits.check(names, values);
        checkKeys("ExpressionAttributeNames", names, '#');
        checkKeys("ExpressionAttributeValues", values, ':');
        if (names != null) {
            names.properties().forEach(e -> this.names.put(e.getKey(), e.getValue().asText()));
        }
        if (values != null) {
            values.properties().forEach(e -> {
                try {
                    this.values.put(e.getKey(), AttributeValues.validate(e.getValue()));
                } catch (AwsException ex) {
                    throw DynamoErrors.validation("ExpressionAttributeValues contains invalid value: "
                            + ex.getMessage() + " for key " + e.getKey());
                }
            });
        }
    }

    /** Placeholders are '#' or ':' followed by letters, digits and underscores. */
    private static void checkKeys(String member, JsonNode map, char sigil) {
        if (map == null) {
            return;
        }
        for (Map.Entry<String, JsonNode> e : map.properties()) {
            String key = e.getKey();
            SubstitutionLimits.checkKeyLength(member, key);
            boolean valid = key.length() > 1 && key.charAt(0) == sigil;
            for (int i = 1; valid && i < key.length(); i++) {
                char c = key.charAt(i);
                valid = Character.isLetterOrDigit(c) || c == '_';
            }
            if (!valid) {
                throw DynamoErrors.validation(member + " contains invalid key: Syntax error; key: \"" + key + "\"");
            }
        }
    }

    public static ExpressionAttributes of(JsonNode input) {
        return new ExpressionAttributes(input.get("ExpressionAttributeNames"), input.get("ExpressionAttributeValues"));
    }

    String name(String kind, String ref) {
        String name = names.get(ref);
        if (name == null) {
            throw ExpressionErrors.invalid(kind,
                    "An expression attribute name used in the document path is not defined; attribute name: " + ref);
        }
        usedNames.add(ref);
        return name;
    }

    static void checkNotReserved(String kind, String word) {
        if (RESERVED.contains(word.toUpperCase(Locale.ROOT))) {
            throw ExpressionErrors.invalid(kind, "Attribute name is a reserved keyword; reserved keyword: " + word);
        }
    }

    void useValue(String kind, String ref) {
        if (!values.containsKey(ref)) {
            throw ExpressionErrors.invalid(kind,
                    "An expression attribute value used in expression is not defined; attribute value: " + ref);
        }
        usedValues.add(ref);
    }

    /** Registers a value from a legacy parameter (Expected, KeyConditions, ...) under a fresh placeholder. */
    String addLegacyValue(JsonNode value) {
        String ref = ":legacy" + values.size();
        try {
            values.put(ref, AttributeValues.validate(value));
        } catch (AwsException ex) {
            throw DynamoErrors.validation("One or more parameter values were invalid: " + ex.getMessage());
        }
        usedValues.add(ref);
        return ref;
    }

    public JsonNode value(String ref) {
        return values.get(ref);
    }

    /** Fails when a supplied name or value was not used by any expression of the request. */
    public void checkAllUsed() {
        Set<String> unusedNames = new TreeSet<>(names.keySet());
        unusedNames.removeAll(usedNames);
        if (!unusedNames.isEmpty()) {
            throw DynamoErrors.validation("Value provided in ExpressionAttributeNames unused in expressions: keys: {"
                    + String.join(", ", unusedNames) + "}");
        }
        Set<String> unusedValues = new TreeSet<>(values.keySet());
        unusedValues.removeAll(usedValues);
        if (!unusedValues.isEmpty()) {
            throw DynamoErrors.validation("Value provided in ExpressionAttributeValues unused in expressions: keys: {"
                    + String.join(", ", unusedValues) + "}");
        }
    }

    private static Set<String> loadReserved() {
        try (InputStream in = ExpressionAttributes.class.getResourceAsStream("reserved-words.txt")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Set<String> out = new java.util.HashSet<>();
            for (String w : text.split("\\s+")) {
                if (!w.isBlank()) {
                    out.add(w.trim());
                }
            }
            return Set.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
