package dev.stratus.dynamodb.value;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.storage.KeyEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Key attribute values as components of the storage module's order-preserving keys: S as UTF-8 strings, B as
 * bytes, N as decimals, so unsigned byte order is DynamoDB's order (numbers numerically, S and B bytewise).
 */
public final class KeyEncoding {
    /** The terminator {@link KeyEncoder#bytes} puts after a string or binary component. */
    private static final int TERMINATOR_LENGTH = 2;

    private KeyEncoding() {
    }

    /** Appends an S, N or B value. */
    public static KeyEncoder append(KeyEncoder out, JsonNode value) {
        return switch (AttributeValues.type(value)) {
            case "S" -> out.string(value.get("S").asText());
            case "B" -> out.bytes(AttributeValues.binary(value.get("B")));
            case "N" -> out.decimal(AttributeValues.number(value));
            default -> throw new IllegalArgumentException("not a key type: " + value);
        };
    }

    public static byte[] encode(JsonNode value) {
        return append(new KeyEncoder(), value).toBytes();
    }

    /**
     * The bytes every encoded S or B value starting with {@code prefix} starts with: its encoding without the
     * terminator (used for begins_with on a sort key).
     */
    public static byte[] prefixOf(JsonNode prefix) {
        byte[] raw = AttributeValues.type(prefix).equals("S")
                ? prefix.get("S").asText().getBytes(StandardCharsets.UTF_8)
                : AttributeValues.binary(prefix.get("B"));
        byte[] full = new KeyEncoder().bytes(raw).toBytes();
        return Arrays.copyOf(full, full.length - TERMINATOR_LENGTH);
    }
}
