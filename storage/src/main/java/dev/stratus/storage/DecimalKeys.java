package dev.stratus.storage;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The order-preserving form of a DynamoDB number: a class byte, one exponent byte and base-100 mantissa digits.
 *
 * <p>A non-zero number is normalized to {@code ±0.d1d2…dn × 10^E} with {@code d1 != 0} and no trailing zeros, so
 * equal numbers ({@code 1.0}, {@code 1.00}) encode identically. DynamoDB's range (magnitudes 1E-130 up to
 * 9.9999999999999999999999999999999999999E+125, at most 38 significant digits) puts {@code E} in [-129, 126], which
 * fits one byte. Mantissa digits go in pairs {@code p} (0..99) as {@code 2p+1}, the last pair as {@code 2p}: the
 * first even byte ends the number (so it is prefix-free) and a shorter mantissa sorts before a longer one that
 * continues it. Negative numbers complement the exponent and mantissa bytes so a larger magnitude sorts first.
 */
final class DecimalKeys {
    /** DynamoDB numbers carry at most 38 significant digits. */
    static final int MAX_DIGITS = 38;
    /** The exponent of 1E-130 (0.1 × 10^-129), the smallest positive DynamoDB number. */
    static final int MIN_EXPONENT = -129;
    /** The exponent of 9.99…E+125 (0.99… × 10^126), the largest DynamoDB number. */
    static final int MAX_EXPONENT = 126;

    static final int NEGATIVE = 0x01;
    static final int ZERO = 0x02;
    static final int POSITIVE = 0x03;

    /** A class byte, an exponent byte and up to 19 mantissa bytes. */
    static final int MAX_ENCODED_LENGTH = 2 + (MAX_DIGITS + 1) / 2;

    private DecimalKeys() {
    }

    /** Appends {@code value} to {@code out} and returns the new length. */
    static int encode(BigDecimal value, int mask, byte[] out, int at) {
        if (value.signum() == 0) {
            out[at++] = (byte) (ZERO ^ mask);
            return at;
        }
        BigDecimal normal = value.stripTrailingZeros();
        int digitCount = normal.precision();
        long exponent = (long) digitCount - normal.scale();
        if (digitCount > MAX_DIGITS) {
            throw new IllegalArgumentException("number has " + digitCount + " significant digits; at most "
                    + MAX_DIGITS + " are supported");
        }
        if (exponent < MIN_EXPONENT || exponent > MAX_EXPONENT) {
            throw new IllegalArgumentException("number " + value + " is outside the supported magnitude range "
                    + "1E-130 to 9.9999999999999999999999999999999999999E+125");
        }
        boolean negative = normal.signum() < 0;
        // Negatives complement everything after the class byte, on top of the caller's direction mask.
        int bodyMask = negative ? mask ^ 0xFF : mask;
        out[at++] = (byte) ((negative ? NEGATIVE : POSITIVE) ^ mask);
        out[at++] = (byte) ((exponent - MIN_EXPONENT) ^ bodyMask);
        String digits = normal.unscaledValue().abs().toString();
        for (int i = 0; i < digitCount; i += 2) {
            int high = digits.charAt(i) - '0';
            int low = i + 1 < digitCount ? digits.charAt(i + 1) - '0' : 0;
            int pair = high * 10 + low;
            boolean last = i + 2 >= digitCount;
            out[at++] = (byte) ((last ? 2 * pair : 2 * pair + 1) ^ bodyMask);
        }
        return at;
    }

    /** Decodes the number starting at {@code at}; returns it and reports the end through {@code end[0]}. */
    static BigDecimal decode(byte[] in, int at, int mask, int[] end) {
        int kind = byteAt(in, at++) ^ mask;
        if (kind == ZERO) {
            end[0] = at;
            return BigDecimal.ZERO;
        }
        if (kind != NEGATIVE && kind != POSITIVE) {
            throw new IllegalArgumentException("not an encoded number: class byte " + kind + " at " + (at - 1));
        }
        int bodyMask = kind == NEGATIVE ? mask ^ 0xFF : mask;
        int exponent = (byteAt(in, at++) ^ bodyMask) + MIN_EXPONENT;
        StringBuilder digits = new StringBuilder(MAX_DIGITS + 1);
        while (true) {
            int b = byteAt(in, at++) ^ bodyMask;
            if (b >= 200) {
                throw new IllegalArgumentException("not an encoded number: mantissa byte " + b + " at " + (at - 1));
            }
            int pair = b >> 1;
            digits.append((char) ('0' + pair / 10)).append((char) ('0' + pair % 10));
            if ((b & 1) == 0) {
                break;
            }
        }
        end[0] = at;
        BigInteger unscaled = new BigInteger(digits.toString());
        if (kind == NEGATIVE) {
            unscaled = unscaled.negate();
        }
        // 0.digits × 10^E == digits × 10^(E - n)
        return new BigDecimal(unscaled, digits.length() - exponent).stripTrailingZeros();
    }

    private static int byteAt(byte[] in, int at) {
        if (at >= in.length) {
            throw new IllegalArgumentException("encoded number is truncated at " + at);
        }
        return in[at] & 0xFF;
    }
}
