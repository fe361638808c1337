package dev.stratus.logs;

import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A GetLogEvents token: {@code f/<position>/s} reads the events at or after a position, {@code b/<position>/s}
 * those before it. A position is (timestamp, sequence), written as 56 decimal digits like AWS's tokens.
 */
record StreamToken(boolean forward, long timestamp, long sequence) {
    private static final Pattern FORMAT = Pattern.compile("([fb])/(\\d{1,56})(/s)?");
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    private static final BigInteger MAX = BigInteger.ONE.shiftLeft(127);

    static StreamToken forward(long timestamp, long sequence) {
        return new StreamToken(true, timestamp, sequence);
    }

    static StreamToken backward(long timestamp, long sequence) {
        return new StreamToken(false, timestamp, sequence);
    }

    /** The same position, read in the other direction. */
    StreamToken flip() {
        return new StreamToken(!forward, timestamp, sequence);
    }

    byte[] key(long streamId) {
        return EventStore.key(streamId, timestamp, sequence);
    }

    String text() {
        String digits = BigInteger.valueOf(timestamp).multiply(TWO_64).add(BigInteger.valueOf(sequence)).toString();
        return (forward ? "f/" : "b/") + "0".repeat(Math.max(0, 56 - digits.length())) + digits + "/s";
    }

    /** Parses a token this class wrote; null when it is not one. */
    static StreamToken parse(String token) {
        Matcher m = FORMAT.matcher(token);
        if (!m.matches()) {
            return null;
        }
        BigInteger n = new BigInteger(m.group(2));
        if (n.compareTo(MAX) >= 0) {
            return null;
        }
        BigInteger[] parts = n.divideAndRemainder(TWO_64);
        long seq = parts[1].longValue();
        if (seq < 0) {
            return null;
        }
        return new StreamToken(m.group(1).equals("f"), parts[0].longValue(), seq);
    }
}
