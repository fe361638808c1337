package dev.stratus.dynamodb.value;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Order-preserving, prefix-free byte encodings of key values, so that comparing encoded keys as unsigned bytes
 * orders them as DynamoDB does: numbers numerically, strings and binaries bytewise (strings as UTF-8).
 *
 * <p>The one place that decides the key layout; it will move onto the storage module's shared encoders.
 */
public final class KeyEncoding {
    private KeyEncoding() {
    }

    /** Appends the encoding of an S, N or B value. */
    public static void append(ByteArrayOutputStream out, JsonNode value) {
        switch (AttributeValues.type(value)) {
            case "S" -> appendBytes(out, value.get("S").asText().getBytes(StandardCharsets.UTF_8), true);
            case "B" -> appendBytes(out, AttributeValues.binary(value.get("B")), true);
            case "N" -> appendNumber(out, AttributeValues.number(value));
            default -> throw new IllegalArgumentException("not a key type: " + value);
        }
    }

    public static byte[] encode(JsonNode value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        append(out, value);
        return out.toByteArray();
    }

    /**
     * The encoding of every S or B value starting with {@code prefix}, without the terminator: all such values'
     * encodings start with these bytes.
     */
    public static byte[] prefixOf(JsonNode prefix) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] raw = AttributeValues.type(prefix).equals("S")
                ? prefix.get("S").asText().getBytes(StandardCharsets.UTF_8)
                : AttributeValues.binary(prefix.get("B"));
        appendBytes(out, raw, false);
        return out.toByteArray();
    }

    /** 0x00 is escaped as 0x00 0xFF and the end marked with 0x00 0x01, keeping order and prefix-freedom. */
    private static void appendBytes(ByteArrayOutputStream out, byte[] bytes, boolean terminate) {
        for (byte b : bytes) {
            out.write(b);
            if (b == 0) {
                out.write(0xFF);
            }
        }
        if (terminate) {
            out.write(0);
            out.write(1);
        }
    }

    /**
     * Sign class (negative 0x01, zero 0x02, positive 0x03), then for positives a biased exponent (value =
     * 0.DIGITS x 10^exp) and the digits 1..10 ended by 0x00; negatives carry the complement of that tail, which
     * reverses its order because the tail is prefix-free.
     */
    private static void appendNumber(ByteArrayOutputStream out, BigDecimal value) {
        BigDecimal v = value.stripTrailingZeros();
        int sign = v.signum();
        if (sign == 0) {
            out.write(0x02);
            return;
        }
        out.write(sign < 0 ? 0x01 : 0x03);
        String digits = v.unscaledValue().abs().toString();
        int exponent = digits.length() - v.scale();
        int biased = exponent + 0x8000;
        byte[] tail = new byte[2 + digits.length() + 1];
        tail[0] = (byte) (biased >>> 8);
        tail[1] = (byte) biased;
        for (int i = 0; i < digits.length(); i++) {
            tail[2 + i] = (byte) (digits.charAt(i) - '0' + 1);
        }
        tail[tail.length - 1] = 0;
        if (sign < 0) {
            for (int i = 0; i < tail.length; i++) {
                tail[i] = (byte) ~tail[i];
            }
        }
        out.write(tail, 0, tail.length);
    }
}
