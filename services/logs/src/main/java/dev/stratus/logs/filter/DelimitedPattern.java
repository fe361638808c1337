package dev.stratus.logs.filter;

import dev.stratus.logs.filter.PatternLexer.Kind;
import dev.stratus.logs.filter.PatternLexer.Token;
import dev.stratus.logs.filter.PatternLexer.Tokens;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code [ip, user, ..., status = 4* || status = 5*, bytes > 1000]}: positional fields of space-delimited events.
 * Fields are split on spaces; text in double quotes or square brackets is one field; {@code ...} stands for any
 * number of fields.
 *
 * @param fields one condition per position, or null for an ellipsis
 */
record DelimitedPattern(List<Expr<String>> fields) implements FilterPattern {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_\\-]*");
    private static final Expr<String> ANY = new Expr.Leaf<>(f -> true);

    @Override
    public boolean matches(String message) {
        List<String> parts = split(message);
        int p = fields.size();
        int n = parts.size();
        if (!fields.contains(null)) {
            if (p != n) {
                return false;
            }
            for (int i = 0; i < p; i++) {
                if (!fields.get(i).test(parts.get(i))) {
                    return false;
                }
            }
            return true;
        }
        // reachable[j]: the pattern fields consumed so far can end exactly before part j.
        boolean[] reachable = new boolean[n + 1];
        reachable[0] = true;
        for (Expr<String> field : fields) {
            boolean[] next = new boolean[n + 1];
            boolean any = false;
            for (int j = 0; j <= n; j++) {
                if (field == null) {
                    any |= reachable[j];
                    next[j] = any;
                } else if (j > 0 && reachable[j - 1] && field.test(parts.get(j - 1))) {
                    next[j] = true;
                }
            }
            reachable = next;
        }
        return reachable[n];
    }

    static DelimitedPattern parse(String p) {
        if (!p.endsWith("]") || p.length() < 2) {
            throw FilterPatternParser.error("a pattern starting with [ must end with ]");
        }
        Tokens tokens = new Tokens(PatternLexer.lex(p.substring(1, p.length() - 1)));
        List<Expr<String>> fields = new ArrayList<>();
        do {
            fields.add(field(tokens));
        } while (tokens.accept(Kind.COMMA));
        tokens.expect(Kind.END);
        return new DelimitedPattern(java.util.Collections.unmodifiableList(fields));
    }

    private static Expr<String> field(Tokens t) {
        Token first = t.peek();
        if (first.kind() == Kind.WORD && first.text().equals("...")) {
            t.next();
            return null;
        }
        String[] name = {null};
        Expr<String> expr = or(t, name, 0);
        return expr == null ? ANY : expr;
    }

    /** Returns null for a bare field name (no condition). */
    private static Expr<String> or(Tokens t, String[] name, int depth) {
        Expr<String> left = and(t, name, depth);
        while (t.accept(Kind.OR)) {
            left = new Expr.Or<>(required(left), required(and(t, name, depth)));
        }
        return left;
    }

    private static Expr<String> and(Tokens t, String[] name, int depth) {
        Expr<String> left = primary(t, name, depth);
        while (t.accept(Kind.AND)) {
            left = new Expr.And<>(required(left), required(primary(t, name, depth)));
        }
        return left;
    }

    private static Expr<String> primary(Tokens t, String[] name, int depth) {
        if (t.accept(Kind.LPAREN)) {
            if (depth >= FilterPatternParser.MAX_DEPTH) {
                throw FilterPatternParser.error("nested too deeply");
            }
            Expr<String> inner = required(or(t, name, depth + 1));
            t.expect(Kind.RPAREN);
            return inner;
        }
        String field = t.expect(Kind.WORD).text();
        if (!NAME.matcher(field).matches()) {
            throw FilterPatternParser.error("bad field name " + field);
        }
        // Each position is one field: its conditions may only name that field.
        if (name[0] != null && !name[0].equals(field)) {
            throw FilterPatternParser.error("conditions on different fields in one position");
        }
        name[0] = field;
        if (!Comparison.isOperator(t.peek().kind())) {
            return null;
        }
        Comparison c = Comparison.parse(t);
        return new Expr.Leaf<>(c::test);
    }

    private static Expr<String> required(Expr<String> e) {
        if (e == null) {
            throw FilterPatternParser.error("a field name alone cannot be combined");
        }
        return e;
    }

    /** Splits an event into fields: runs of non-spaces, "quoted text" or [bracketed text]. */
    static List<String> split(String message) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = message.length();
        while (i < n) {
            char c = message.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"' || c == '[') {
                int end = message.indexOf(c == '"' ? '"' : ']', i + 1);
                int stop = end < 0 ? n : end;
                out.add(message.substring(i + 1, stop));
                i = end < 0 ? n : end + 1;
            } else {
                int start = i;
                while (i < n && !Character.isWhitespace(message.charAt(i))) {
                    i++;
                }
                out.add(message.substring(start, i));
            }
        }
        return out;
    }
}
