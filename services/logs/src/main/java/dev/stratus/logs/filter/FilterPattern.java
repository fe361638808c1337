package dev.stratus.logs.filter;

/**
 * A parsed CloudWatch Logs filter pattern: terms for unstructured events, {@code { $.field = ... }} for JSON
 * events and {@code [a, b = 4*, ...]} for space-delimited events.
 */
public interface FilterPattern {

    /** The pattern that matches every event (an absent or empty filter pattern). */
    FilterPattern ALL = message -> true;

    /** True when the event's message matches; never throws. */
    boolean matches(String message);

    /**
     * Parses a pattern as FilterLogEvents receives it.
     *
     * @throws dev.stratus.protocol.AwsException InvalidParameterException "Invalid filter pattern" when malformed
     */
    static FilterPattern parse(String pattern) {
        return FilterPatternParser.parse(pattern);
    }
}
