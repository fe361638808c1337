package dev.stratus.dynamodb.expr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.dynamodb.DynamoErrors;
import dev.stratus.dynamodb.value.AttributeValues;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * DynamoDB's limits on ExpressionAttributeNames and ExpressionAttributeValues (developer guide, "Expression
 * parameters"): one placeholder at most 255 bytes ({@code #name} is 5 bytes), all substitution variables together at
 * most 2 MB. The texts are DynamoDB Local's error table ("ExpressionAttributeNames exceeds max size", …).
 */
final class SubstitutionLimits {
    /** Longest placeholder key, in UTF-8 bytes. */
    static final int MAX_KEY_BYTES = 255;
    /** Sum of every placeholder key with its name or value. */
    static final long MAX_SUBSTITUTION_BYTES = 2L * 1024 * 1024;

    private SubstitutionLimits() {
    }

    /** The aggregate sizes: names, then values, then both together. */
    static void check(JsonNode names, JsonNode values) {
        long nameBytes = 0;
        if (names != null) {
            for (Map.Entry<String, JsonNode> e : names.properties()) {
                nameBytes += utf8(e.getKey()) + utf8(e.getValue().asText());
            }
        }
        if (nameBytes > MAX_SUBSTITUTION_BYTES) {
            throw DynamoErrors.validation("ExpressionAttributeNames exceeds max size");
        }
        long valueBytes = 0;
        if (values != null) {
            for (Map.Entry<String, JsonNode> e : values.properties()) {
                // An invalid value is reported later, with its key; here it counts by its JSON text.
                valueBytes += utf8(e.getKey()) + valueSize(e.getValue());
            }
        }
        if (valueBytes > MAX_SUBSTITUTION_BYTES) {
            throw DynamoErrors.validation("ExpressionAttributeValues exceeds max size");
        }
        if (nameBytes + valueBytes > MAX_SUBSTITUTION_BYTES) {
            throw DynamoErrors.validation("Combined size of ExpressionAttributeNames and ExpressionAttributeValues "
                    + "exceeds max size");
        }
    }

    /** One placeholder key; {@code member} is ExpressionAttributeNames or ExpressionAttributeValues. */
    static void checkKeyLength(String member, String key) {
        int bytes = utf8(key);
        if (bytes > MAX_KEY_BYTES) {
            throw DynamoErrors.validation(member + " contains invalid key: The expression attribute map contains a key "
                    + "that is too long; size of key: " + bytes);
        }
    }

    private static long valueSize(JsonNode value) {
        try {
            return AttributeValues.size(value);
        } catch (RuntimeException invalid) {
            return utf8(value.toString());
        }
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
