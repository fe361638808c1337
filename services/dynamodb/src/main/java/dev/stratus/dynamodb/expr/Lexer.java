package dev.stratus.dynamodb.expr;

import java.util.ArrayList;
import java.util.List;

/** Splits an expression into tokens; the parser reports syntax errors with DynamoDB's wording. */
final class Lexer {
    enum Kind { NAME, NAME_REF, VALUE_REF, INTEGER, PUNCT, EOF }

    record Token(Kind kind, String text, int start, int end) {
        boolean is(String s) {
            return (kind == Kind.PUNCT || kind == Kind.NAME) && text.equalsIgnoreCase(s);
        }
    }

    private Lexer() {
    }

    static List<Token> tokens(String source, String kind) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int start = i;
            if (Character.isLetter(c)) {
                while (i < n && (Character.isLetterOrDigit(source.charAt(i)) || source.charAt(i) == '_')) {
                    i++;
                }
                out.add(new Token(Kind.NAME, source.substring(start, i), start, i));
            } else if (Character.isDigit(c)) {
                while (i < n && Character.isDigit(source.charAt(i))) {
                    i++;
                }
                out.add(new Token(Kind.INTEGER, source.substring(start, i), start, i));
            } else if (c == '#' || c == ':') {
                i++;
                while (i < n && (Character.isLetterOrDigit(source.charAt(i)) || source.charAt(i) == '_')) {
                    i++;
                }
                if (i == start + 1) {
                    throw ExpressionErrors.syntax(kind, source, String.valueOf(c), start, i);
                }
                out.add(new Token(c == '#' ? Kind.NAME_REF : Kind.VALUE_REF, source.substring(start, i), start, i));
            } else if (source.startsWith("<>", i) || source.startsWith("<=", i) || source.startsWith(">=", i)) {
                i += 2;
                out.add(new Token(Kind.PUNCT, source.substring(start, i), start, i));
            } else if ("=<>()[],.+-_/*\"".indexOf(c) >= 0) {
                // A name cannot start with '_' (DynamoDB reports the underscore as the unexpected token); '/', '*'
                // and '"' are known to DynamoDB's lexer and fail as syntax errors, not invalid characters.
                i++;
                out.add(new Token(Kind.PUNCT, String.valueOf(c), start, i));
            } else {
                throw ExpressionErrors.lexical(kind, source, c, start);
            }
        }
        out.add(new Token(Kind.EOF, "<EOF>", n, n));
        return out;
    }
}
