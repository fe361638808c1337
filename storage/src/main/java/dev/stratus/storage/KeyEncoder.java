package dev.stratus.storage;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds a key from typed components so that comparing keys as unsigned bytes compares them as tuples.
 *
 * <p>Every variable-length component is self-delimiting, so a key built from the first components of a tuple is a
 * byte prefix of the full key ({@link ReadView#scanPrefix}) and a component never bleeds into the next. The
 * formats (see docs/storage.md) are stable: they are persisted, so change them only with a migration.
 * <ul>
 *   <li>bytes and strings (UTF-8): each 0x00 becomes 0x00 0xFF, then a 0x00 0x01 terminator;</li>
 *   <li>int32 / int64: sign bit flipped, big-endian;</li>
 *   <li>float64: IEEE bits, all flipped for negatives and only the sign bit for positives; NaN sorts last;</li>
 *   <li>decimal: DynamoDB numbers (38 digits, 1E-130 .. 9.99E+125 in magnitude), see {@code DecimalKeys}.</li>
 * </ul>
 * A {@link SortOrder#DESCENDING} component is the bitwise complement of the ascending one.
 */
public final class KeyEncoder {
    private byte[] buffer;
    private int length;

    public KeyEncoder() {
        this(32);
    }

    public KeyEncoder(int initialCapacity) {
        buffer = new byte[Math.max(initialCapacity, 8)];
    }

    /** Appends bytes as they are: only for a fixed-length part or a last component nothing follows. */
    public KeyEncoder raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
        return this;
    }

    public KeyEncoder bytes(byte[] bytes) {
        return bytes(bytes, SortOrder.ASCENDING);
    }

    public KeyEncoder bytes(byte[] bytes, SortOrder order) {
        int mask = order.mask();
        // Worst case: every byte is 0x00 and doubles.
        ensure(2 * bytes.length + 2);
        for (byte b : bytes) {
            if (b == 0) {
                buffer[length++] = (byte) mask;
                buffer[length++] = (byte) (0xFF ^ mask);
            } else {
                buffer[length++] = (byte) (b ^ mask);
            }
        }
        buffer[length++] = (byte) mask;
        buffer[length++] = (byte) (0x01 ^ mask);
        return this;
    }

    /** Strings sort by their UTF-8 bytes, which is code point order (as DynamoDB sorts them). */
    public KeyEncoder string(String value) {
        return bytes(value.getBytes(StandardCharsets.UTF_8), SortOrder.ASCENDING);
    }

    public KeyEncoder string(String value, SortOrder order) {
        return bytes(value.getBytes(StandardCharsets.UTF_8), order);
    }

    public KeyEncoder int32(int value) {
        return int32(value, SortOrder.ASCENDING);
    }

    public KeyEncoder int32(int value, SortOrder order) {
        return fixed((value ^ Integer.MIN_VALUE) & 0xFFFF_FFFFL, 4, order);
    }

    public KeyEncoder int64(long value) {
        return int64(value, SortOrder.ASCENDING);
    }

    public KeyEncoder int64(long value, SortOrder order) {
        return fixed(value ^ Long.MIN_VALUE, 8, order);
    }

    /** Orders as {@link Double#compare}: -Infinity, negatives, -0.0, 0.0, positives, +Infinity, NaN. */
    public KeyEncoder float64(double value) {
        return float64(value, SortOrder.ASCENDING);
    }

    public KeyEncoder float64(double value, SortOrder order) {
        long bits = Double.doubleToLongBits(value);
        return fixed(bits < 0 ? ~bits : bits ^ Long.MIN_VALUE, 8, order);
    }

    /**
     * Appends a DynamoDB number; equal values with different scales ({@code 1.0}, {@code 1}) encode identically.
     *
     * @throws IllegalArgumentException beyond 38 significant digits or outside DynamoDB's magnitude range
     */
    public KeyEncoder decimal(BigDecimal value) {
        return decimal(value, SortOrder.ASCENDING);
    }

    public KeyEncoder decimal(BigDecimal value, SortOrder order) {
        ensure(DecimalKeys.MAX_ENCODED_LENGTH);
        length = DecimalKeys.encode(value, order.mask(), buffer, length);
        return this;
    }

    /** The encoded length so far. */
    public int length() {
        return length;
    }

    /** A copy of the key built so far; the encoder can keep appending. */
    public byte[] toBytes() {
        return Arrays.copyOf(buffer, length);
    }

    private KeyEncoder fixed(long bits, int size, SortOrder order) {
        ensure(size);
        int mask = order.mask();
        for (int shift = (size - 1) * 8; shift >= 0; shift -= 8) {
            buffer[length++] = (byte) ((bits >>> shift) ^ mask);
        }
        return this;
    }

    private void ensure(int extra) {
        if (length + extra > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + extra));
        }
    }
}
