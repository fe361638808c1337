package dev.stratus.protocol.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Text appended straight as UTF-8 bytes: a response body built this way is copied once into its final array,
 * where a StringBuilder's text went through a String and then its bytes.
 */
final class Utf8Builder {
    private byte[] buf;
    private int count;

    Utf8Builder(int capacity) {
        buf = new byte[capacity];
    }

    Utf8Builder append(char c) {
        if (c < 0x80) {
            ensure(1);
            buf[count++] = (byte) c;
            return this;
        }
        return append(String.valueOf(c));
    }

    Utf8Builder append(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                buf[count++] = (byte) c;
            } else {
                i = appendNonAscii(s, i);
            }
        }
        return this;
    }

    /** Encodes the character at {@code i} (a pair when it is a valid surrogate pair); returns the last index used. */
    private int appendNonAscii(String s, int i) {
        char c = s.charAt(i);
        ensure(4);
        if (c < 0x800) {
            buf[count++] = (byte) (0xC0 | (c >> 6));
            buf[count++] = (byte) (0x80 | (c & 0x3F));
            return i;
        }
        if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            int cp = Character.toCodePoint(c, s.charAt(i + 1));
            buf[count++] = (byte) (0xF0 | (cp >> 18));
            buf[count++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
            buf[count++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            buf[count++] = (byte) (0x80 | (cp & 0x3F));
            return i + 1;
        }
        if (Character.isSurrogate(c)) {
            buf[count++] = '?'; // a lone surrogate, as String.getBytes(UTF_8) writes it
            return i;
        }
        buf[count++] = (byte) (0xE0 | (c >> 12));
        buf[count++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        buf[count++] = (byte) (0x80 | (c & 0x3F));
        return i;
    }

    private void ensure(int more) {
        if (count + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
        }
    }

    byte[] toBytes() {
        return Arrays.copyOf(buf, count);
    }

    @Override
    public String toString() {
        return new String(buf, 0, count, StandardCharsets.UTF_8);
    }
}
