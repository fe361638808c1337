package dev.stratus.logs.filter;

import dev.stratus.protocol.AwsException;

/** Chooses the pattern family by its first character and reports every syntax error the way AWS does. */
final class FilterPatternParser {
    /** Deeper nesting than this is refused rather than risking the stack on hostile input. */
    static final int MAX_DEPTH = 64;

    private FilterPatternParser() {
    }

    static FilterPattern parse(String pattern) {
        if (pattern == null) {
            return FilterPattern.ALL;
        }
        String p = pattern.strip();
        if (p.isEmpty()) {
            return FilterPattern.ALL;
        }
        try {
            return switch (p.charAt(0)) {
                case '{' -> JsonPattern.parse(p);
                case '[' -> DelimitedPattern.parse(p);
                default -> TermPattern.parse(p);
            };
        } catch (PatternSyntaxError | StackOverflowError e) {
            throw invalid();
        }
    }

    static AwsException invalid() {
        return new AwsException("InvalidParameterException", "Invalid filter pattern", 400);
    }

    /** Thrown inside the parsers; turned into the AWS error at the boundary. */
    static final class PatternSyntaxError extends RuntimeException {
        PatternSyntaxError(String why) {
            super(why, null, false, false);
        }
    }

    static PatternSyntaxError error(String why) {
        return new PatternSyntaxError(why);
    }
}
