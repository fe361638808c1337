package dev.stratus.logs.filter;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A {@code %regex%} from a filter pattern. Matching runs on a character sequence that counts reads, so a
 * catastrophically backtracking expression gives up (no match) instead of pinning a thread.
 */
final class BoundedRegex {
    /** Character reads allowed for one match attempt. */
    static final long MAX_STEPS = 2_000_000;

    private final Pattern pattern;

    private BoundedRegex(Pattern pattern) {
        this.pattern = pattern;
    }

    /** Compiles the text between the percent signs; AWS refuses capture groups, so do we. */
    static BoundedRegex compile(String body) {
        if (body.isEmpty() || body.indexOf('(') >= 0 || body.indexOf(')') >= 0) {
            throw FilterPatternParser.error("unsupported regex: " + body);
        }
        try {
            return new BoundedRegex(Pattern.compile(body));
        } catch (PatternSyntaxException e) {
            throw FilterPatternParser.error("bad regex: " + body);
        }
    }

    /** True when the expression occurs anywhere in {@code text}. */
    boolean find(String text) {
        try {
            return pattern.matcher(new CountingSequence(text, new long[] {MAX_STEPS})).find();
        } catch (StepsExhausted | StackOverflowError e) {
            return false;
        }
    }

    private static final class StepsExhausted extends RuntimeException {
        StepsExhausted() {
            super(null, null, false, false);
        }
    }

    private record CountingSequence(String text, long[] budget) implements CharSequence {
        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            if (--budget[0] < 0) {
                throw new StepsExhausted();
            }
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new CountingSequence(text.substring(start, end), budget);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
