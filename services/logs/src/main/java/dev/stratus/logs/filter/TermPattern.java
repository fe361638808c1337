package dev.stratus.logs.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A pattern for unstructured events: {@code ERROR Exception} (all terms), {@code ?ERROR ?WARN} (any term),
 * {@code ERROR -DEBUG} (exclusions), {@code "exact phrase"} and {@code %regex%}. Terms match case-sensitively
 * anywhere in the message.
 *
 * @param required terms that must all occur
 * @param anyOf terms of which at least one must occur (when there are any)
 * @param excluded terms none of which may occur
 */
record TermPattern(List<Predicate<String>> required, List<Predicate<String>> anyOf,
                   List<Predicate<String>> excluded) implements FilterPattern {

    @Override
    public boolean matches(String message) {
        for (Predicate<String> t : required) {
            if (!t.test(message)) {
                return false;
            }
        }
        for (Predicate<String> t : excluded) {
            if (t.test(message)) {
                return false;
            }
        }
        if (anyOf.isEmpty()) {
            return true;
        }
        for (Predicate<String> t : anyOf) {
            if (t.test(message)) {
                return true;
            }
        }
        return false;
    }

    static FilterPattern parse(String p) {
        List<Predicate<String>> required = new ArrayList<>();
        List<Predicate<String>> anyOf = new ArrayList<>();
        List<Predicate<String>> excluded = new ArrayList<>();
        int i = 0;
        int n = p.length();
        while (i < n) {
            char c = p.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            List<Predicate<String>> target = required;
            if (c == '?' || c == '-') {
                target = c == '?' ? anyOf : excluded;
                i++;
                if (i >= n || Character.isWhitespace(p.charAt(i))) {
                    throw FilterPatternParser.error("operator without a term");
                }
                c = p.charAt(i);
            }
            if (c == '"') {
                StringBuilder phrase = new StringBuilder();
                i = readQuoted(p, i, phrase);
                String text = phrase.toString();
                // A blank phrase ("" or " ") is AWS's way of saying "match everything".
                target.add(text.isBlank() ? m -> true : m -> m.contains(text));
            } else if (c == '%') {
                int end = p.indexOf('%', i + 1);
                if (end < 0) {
                    throw FilterPatternParser.error("unterminated regex");
                }
                BoundedRegex regex = BoundedRegex.compile(p.substring(i + 1, end));
                target.add(regex::find);
                i = end + 1;
            } else {
                int start = i;
                while (i < n && !Character.isWhitespace(p.charAt(i))) {
                    char t = p.charAt(i);
                    if (!Character.isLetterOrDigit(t) && t != '_') {
                        // AWS: terms with characters other than alphanumerics or underscore must be quoted.
                        throw FilterPatternParser.error("invalid character in term");
                    }
                    i++;
                }
                String term = p.substring(start, i);
                target.add(m -> m.contains(term));
            }
        }
        return new TermPattern(List.copyOf(required), List.copyOf(anyOf), List.copyOf(excluded));
    }

    /** Reads a double-quoted phrase starting at {@code open}; returns the index after the closing quote. */
    static int readQuoted(String p, int open, StringBuilder out) {
        int i = open + 1;
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '\\' && i + 1 < p.length()) {
                out.append(p.charAt(i + 1));
                i += 2;
            } else if (c == '"') {
                return i + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        throw FilterPatternParser.error("unterminated quote");
    }
}
