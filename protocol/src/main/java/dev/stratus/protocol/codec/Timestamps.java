package dev.stratus.protocol.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Timestamps in the canonical tree are numbers of epoch seconds (fraction allowed), as awsJson sends them;
 * codecs convert to and from each wire's format (iso8601, rfc822, unixTimestamp).
 */
public final class Timestamps {
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.US).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ISO_SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    /** Instant's own bound, in seconds. */
    private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(Instant.MAX.getEpochSecond());

    private Timestamps() {
    }

    /** The canonical node for an instant. */
    public static JsonNode node(Instant t) {
        // Millisecond precision, as AWS keeps; built from seconds so far-off instants cannot overflow.
        BigDecimal secs = BigDecimal.valueOf(t.getEpochSecond()).add(BigDecimal.valueOf(t.getNano() / 1_000_000, 3))
                .stripTrailingZeros();
        if (secs.scale() < 0) {
            secs = secs.setScale(0, RoundingMode.UNNECESSARY);
        }
        return DecimalNode.valueOf(secs);
    }

    /** The instant of a canonical number; throws IllegalArgumentException beyond the years Instant can hold. */
    public static Instant instant(JsonNode n) {
        BigDecimal d = n.decimalValue();
        if (d.abs().compareTo(MAX_SECONDS) > 0) {
            throw new IllegalArgumentException("timestamp out of range: " + d);
        }
        long secs = d.setScale(0, RoundingMode.FLOOR).longValueExact();
        long nanos = d.subtract(BigDecimal.valueOf(secs)).movePointRight(9).longValue();
        return Instant.ofEpochSecond(secs, nanos);
    }

    /** ISO-8601 with milliseconds only when they are non-zero, as AWS's XML services print them. */
    public static String iso8601(Instant t) {
        return t.getNano() / 1_000_000 == 0 ? ISO_SECONDS.format(t) : ISO_MILLIS.format(t);
    }

    /** An HTTP date ({@code Sat, 03 Feb 2024 04:05:06 GMT}): two-digit day, English names, always GMT. */
    public static String rfc822(Instant t) {
        return HTTP_DATE.format(t);
    }

    /** Parses a timestamp in any of the wire formats; throws IllegalArgumentException when none fits. */
    public static Instant parse(String s) {
        String v = s.trim();
        if (v.isEmpty()) {
            throw new IllegalArgumentException("empty timestamp");
        }
        char c = v.charAt(0);
        if (Character.isDigit(c) && v.length() <= 20 && v.chars().allMatch(ch -> Character.isDigit(ch) || ch == '.')) {
            return instant(DecimalNode.valueOf(new BigDecimal(v)));
        }
        if (v.length() > 64) {
            throw new IllegalArgumentException("unparseable timestamp");
        }
        try {
            return Instant.parse(v);
        } catch (java.time.DateTimeException e) {
            // fall through
        }
        try {
            return java.time.OffsetDateTime.parse(v).toInstant();
        } catch (java.time.DateTimeException e) {
            // fall through
        }
        try {
            return java.time.ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("unparseable timestamp: " + s);
        }
    }
}
