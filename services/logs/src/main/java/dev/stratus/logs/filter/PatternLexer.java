package dev.stratus.logs.filter;

import java.util.ArrayList;
import java.util.List;

/** Splits the body of a JSON or space-delimited pattern into tokens. */
final class PatternLexer {
    /** What a token is. */
    enum Kind { SELECTOR, STRING, REGEX, WORD, EQ, NE, LT, GT, LE, GE, AND, OR, LPAREN, RPAREN, COMMA, END }

    /** One token and its text (the unquoted text for strings, the body for regexes). */
    record Token(Kind kind, String text) {
    }

    private static final String DELIMITERS = "=!<>()&|,\"%";

    private PatternLexer() {
    }

    static List<Token> lex(String body) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = body.length();
        while (i < n) {
            char c = body.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"') {
                StringBuilder s = new StringBuilder();
                i = TermPattern.readQuoted(body, i, s);
                out.add(new Token(Kind.STRING, s.toString()));
            } else if (c == '%') {
                int end = body.indexOf('%', i + 1);
                if (end < 0) {
                    throw FilterPatternParser.error("unterminated regex");
                }
                out.add(new Token(Kind.REGEX, body.substring(i + 1, end)));
                i = end + 1;
            } else if (c == '(' || c == ')' || c == ',') {
                out.add(new Token(c == '(' ? Kind.LPAREN : c == ')' ? Kind.RPAREN : Kind.COMMA, String.valueOf(c)));
                i++;
            } else if (c == '&' || c == '|') {
                if (i + 1 >= n || body.charAt(i + 1) != c) {
                    throw FilterPatternParser.error("single " + c);
                }
                out.add(new Token(c == '&' ? Kind.AND : Kind.OR, c == '&' ? "&&" : "||"));
                i += 2;
            } else if (c == '=' || c == '!' || c == '<' || c == '>') {
                boolean eqNext = i + 1 < n && body.charAt(i + 1) == '=';
                Kind kind = switch (c) {
                    case '=' -> Kind.EQ;
                    case '!' -> {
                        if (!eqNext) {
                            throw FilterPatternParser.error("lone !");
                        }
                        yield Kind.NE;
                    }
                    case '<' -> eqNext ? Kind.LE : Kind.LT;
                    default -> eqNext ? Kind.GE : Kind.GT;
                };
                int len = kind == Kind.EQ || kind == Kind.LT || kind == Kind.GT ? 1 : 2;
                out.add(new Token(kind, body.substring(i, i + len)));
                i += len;
            } else {
                int start = i;
                while (i < n && !Character.isWhitespace(body.charAt(i)) && DELIMITERS.indexOf(body.charAt(i)) < 0) {
                    i++;
                }
                String word = body.substring(start, i);
                out.add(new Token(word.startsWith("$") ? Kind.SELECTOR : Kind.WORD, word));
            }
        }
        out.add(new Token(Kind.END, ""));
        return out;
    }

    /** A cursor over the tokens for the recursive-descent parsers. */
    static final class Tokens {
        private final List<Token> tokens;
        private int pos;

        Tokens(List<Token> tokens) {
            this.tokens = tokens;
        }

        Token peek() {
            return tokens.get(pos);
        }

        Token next() {
            Token t = tokens.get(pos);
            if (t.kind() != Kind.END) {
                pos++;
            }
            return t;
        }

        boolean accept(Kind kind) {
            if (peek().kind() == kind) {
                next();
                return true;
            }
            return false;
        }

        Token expect(Kind kind) {
            Token t = next();
            if (t.kind() != kind) {
                throw FilterPatternParser.error("expected " + kind + " but found " + t.kind());
            }
            return t;
        }

        boolean acceptWord(String word) {
            if (peek().kind() == Kind.WORD && peek().text().equalsIgnoreCase(word)) {
                next();
                return true;
            }
            return false;
        }
    }
}
