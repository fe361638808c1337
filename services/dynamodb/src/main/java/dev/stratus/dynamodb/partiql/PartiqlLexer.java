package dev.stratus.dynamodb.partiql;

import java.util.ArrayList;
import java.util.List;

/** Splits a PartiQL statement into tokens: names, "quoted names", 'strings', numbers, ? and punctuation. */
final class PartiqlLexer {
    enum Kind { NAME, QUOTED, STRING, NUMBER, PARAM, PUNCT, END }

    /** One token; {@code text} is the unquoted content for QUOTED and STRING tokens. */
    record Token(Kind kind, String text) {
        boolean is(String word) {
            return (kind == Kind.NAME || kind == Kind.PUNCT) && text.equalsIgnoreCase(word);
        }

        @Override
        public String toString() {
            return kind == Kind.END ? "<EOF>" : text;
        }
    }

    private static final List<String> PUNCTUATION = List.of("<<", ">>", "<=", ">=", "<>", "!=", "||",
            "(", ")", "[", "]", "{", "}", ",", ".", ":", "=", "<", ">", "+", "-", "*", "?", ";");

    private PartiqlLexer() {
    }

    static List<Token> tokens(String text) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < text.length() && text.charAt(i + 1) == '-') {
                while (i < text.length() && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '\'' || c == '"') {
                StringBuilder sb = new StringBuilder();
                int j = i + 1;
                while (true) {
                    if (j >= text.length()) {
                        throw PartiqlErrors.malformed("Unexpected end of input in " + (c == '\'' ? "string" : "quoted identifier"));
                    }
                    char d = text.charAt(j);
                    if (d == c) {
                        // A doubled quote stands for the quote itself, as in SQL.
                        if (j + 1 < text.length() && text.charAt(j + 1) == c) {
                            sb.append(c);
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    sb.append(d);
                    j++;
                }
                out.add(new Token(c == '\'' ? Kind.STRING : Kind.QUOTED, sb.toString()));
                i = j + 1;
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < text.length() && Character.isDigit(text.charAt(i + 1))
                    && !previousIsOperand(out))) {
                int j = i;
                while (j < text.length() && (Character.isDigit(text.charAt(j)) || text.charAt(j) == '.')) {
                    j++;
                }
                if (j < text.length() && (text.charAt(j) == 'e' || text.charAt(j) == 'E')) {
                    j++;
                    if (j < text.length() && (text.charAt(j) == '+' || text.charAt(j) == '-')) {
                        j++;
                    }
                    while (j < text.length() && Character.isDigit(text.charAt(j))) {
                        j++;
                    }
                }
                out.add(new Token(Kind.NUMBER, text.substring(i, j)));
                i = j;
            } else if (Character.isLetter(c) || c == '_' || c == '$') {
                int j = i;
                while (j < text.length() && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_'
                        || text.charAt(j) == '$')) {
                    j++;
                }
                out.add(new Token(Kind.NAME, text.substring(i, j)));
                i = j;
            } else {
                String punct = null;
                for (String p : PUNCTUATION) {
                    if (text.startsWith(p, i)) {
                        punct = p;
                        break;
                    }
                }
                if (punct == null) {
                    throw PartiqlErrors.malformed("Unexpected character: " + c);
                }
                out.add(new Token(punct.equals("?") ? Kind.PARAM : Kind.PUNCT, punct));
                i += punct.length();
            }
        }
        out.add(new Token(Kind.END, ""));
        return out;
    }

    /** After a name or ']' a '.' starts a path step, not a number. */
    private static boolean previousIsOperand(List<Token> out) {
        if (out.isEmpty()) {
            return false;
        }
        Token last = out.get(out.size() - 1);
        return last.kind() == Kind.NAME || last.kind() == Kind.QUOTED || last.text().equals("]");
    }
}
