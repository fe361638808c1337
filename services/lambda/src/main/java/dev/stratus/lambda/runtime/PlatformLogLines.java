package dev.stratus.lambda.runtime;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/** The lines Lambda itself writes to a function's log, byte for byte as AWS writes them. */
public final class PlatformLogLines {
    private static final DateTimeFormatter STREAM_DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private PlatformLogLines() {
    }

    /** A new environment's stream: {@code 2024/05/01/[$LATEST]} and 32 random hex digits. */
    public static String streamName(Instant now, String version) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return STREAM_DATE.format(now) + "/[" + version + "]" + String.format("%016x%016x", r.nextLong(), r.nextLong());
    }

    public static String start(String requestId, String version) {
        return "START RequestId: " + requestId + " Version: " + version + "\n";
    }

    public static String end(String requestId) {
        return "END RequestId: " + requestId + "\n";
    }

    /**
     * The REPORT line; {@code initMs} is null on warm starts. Billed duration rounds up to the millisecond and, for
     * on-demand cold starts, includes Init (AWS bills Init since August 2025).
     */
    public static String report(String requestId, double durationMs, int memoryMb, long maxMemoryMb, Double initMs) {
        long billed = (long) Math.ceil(durationMs + (initMs == null ? 0 : initMs));
        StringBuilder b = new StringBuilder(160).append("REPORT RequestId: ").append(requestId)
                .append("\tDuration: ");
        twoDecimals(b, durationMs).append(" ms")
                .append("\tBilled Duration: ").append(Math.max(1, billed)).append(" ms")
                .append("\tMemory Size: ").append(memoryMb).append(" MB")
                .append("\tMax Memory Used: ").append(maxMemoryMb).append(" MB");
        if (initMs != null) {
            twoDecimals(b.append("\tInit Duration: "), initMs).append(" ms");
        }
        return b.append("\t\n").toString();
    }

    /** {@code %.2f} of a non-negative number without a Formatter, which cost more than the rest of the line. */
    static StringBuilder twoDecimals(StringBuilder b, double value) {
        long hundredths = Math.round(Math.max(0, value) * 100);
        long fraction = hundredths % 100;
        return b.append(hundredths / 100).append('.').append(fraction < 10 ? "0" : "").append(fraction);
    }

    /** The line Lambda writes when an invocation runs out of time. */
    public static String timedOut(Instant now, String requestId, long timeoutMillis) {
        return ISO_MILLIS.format(now) + " " + requestId + " " + ExecutionEnvironment.timeoutMessage(timeoutMillis)
                + "\n";
    }

    /** The line Lambda writes when Init fails. */
    public static String initReportError(double initMs, String errorType) {
        return String.format(Locale.ROOT, "INIT_REPORT Init Duration: %.2f ms\tPhase: init\tStatus: error\t"
                + "Error Type: %s\n", initMs, errorType);
    }

    /** A platform error line, e.g. for a crashed runtime: the message, then the error type. */
    public static String platformError(String message, String errorType) {
        return message + "\n" + errorType + "\n";
    }

    /** An X-Ray style trace header for an invocation that arrived without one. */
    public static String traceId(Instant now) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        StringBuilder b = new StringBuilder(80).append("Root=1-");
        hex(b, now.getEpochSecond() & 0xffffffffL, 8).append('-');
        hex(b, r.nextInt() & 0xffffffffL, 8);
        hex(b, r.nextLong(), 16).append(";Parent=");
        return hex(b, r.nextLong(), 16).append(";Sampled=0").toString();
    }

    /** {@code value} as {@code digits} lower-case hex digits, zero-padded (the low bits when it has more). */
    private static StringBuilder hex(StringBuilder b, long value, int digits) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            b.append(Character.forDigit((int) (value >>> shift) & 0xf, 16));
        }
        return b;
    }
}
