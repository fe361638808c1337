package dev.stratus.storage;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads back, in order, the components a {@link KeyEncoder} appended; the caller knows the key's layout.
 *
 * @throws IllegalArgumentException (from every read) when the bytes are not the expected component
 */
public final class KeyDecoder {
    private final byte[] key;
    private int position;

    public KeyDecoder(byte[] key) {
        this(key, 0);
    }

    /** Starts reading at {@code offset}, e.g. past a fixed prefix. */
    public KeyDecoder(byte[] key, int offset) {
        if (offset < 0 || offset > key.length) {
            throw new IllegalArgumentException("offset " + offset + " outside a key of " + key.length + " bytes");
        }
        this.key = key;
        this.position = offset;
    }

    public byte[] raw(int count) {
        require(count);
        byte[] out = Arrays.copyOfRange(key, position, position + count);
        position += count;
        return out;
    }

    /** Everything not read yet. */
    public byte[] rest() {
        return raw(key.length - position);
    }

    public byte[] bytes() {
        return bytes(SortOrder.ASCENDING);
    }

    public byte[] bytes(SortOrder order) {
        int mask = order.mask();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            require(1);
            int b = (key[position++] ^ mask) & 0xFF;
            if (b != 0) {
                out.write(b);
                continue;
            }
            require(1);
            int next = (key[position++] ^ mask) & 0xFF;
            if (next == 0x01) {
                return out.toByteArray();
            }
            if (next != 0xFF) {
                throw new IllegalArgumentException("bad escape 0x00 0x" + Integer.toHexString(next) + " at "
                        + (position - 1));
            }
            out.write(0);
        }
    }

    public String string() {
        return string(SortOrder.ASCENDING);
    }

    public String string(SortOrder order) {
        return new String(bytes(order), StandardCharsets.UTF_8);
    }

    public int int32() {
        return int32(SortOrder.ASCENDING);
    }

    public int int32(SortOrder order) {
        return (int) fixed(4, order) ^ Integer.MIN_VALUE;
    }

    public long int64() {
        return int64(SortOrder.ASCENDING);
    }

    public long int64(SortOrder order) {
        return fixed(8, order) ^ Long.MIN_VALUE;
    }

    public double float64() {
        return float64(SortOrder.ASCENDING);
    }

    public double float64(SortOrder order) {
        long bits = fixed(8, order);
        return Double.longBitsToDouble(bits < 0 ? bits ^ Long.MIN_VALUE : ~bits);
    }

    /** The number in its normalized form (no trailing zeros): equal by {@code compareTo} to what was encoded. */
    public BigDecimal decimal() {
        return decimal(SortOrder.ASCENDING);
    }

    public BigDecimal decimal(SortOrder order) {
        int[] end = new int[1];
        BigDecimal value = DecimalKeys.decode(key, position, order.mask(), end);
        position = end[0];
        return value;
    }

    public boolean hasRemaining() {
        return position < key.length;
    }

    public int position() {
        return position;
    }

    private long fixed(int size, SortOrder order) {
        require(size);
        int mask = order.mask();
        long bits = 0;
        for (int i = 0; i < size; i++) {
            bits = (bits << 8) | ((key[position++] ^ mask) & 0xFF);
        }
        return bits;
    }

    private void require(int count) {
        if (count < 0 || position + count > key.length) {
            throw new IllegalArgumentException("key ends at " + key.length + "; needed " + count + " more bytes at "
                    + position);
        }
    }
}
