package dev.stratus.dynamodb.partiql;

import dev.stratus.dynamodb.partiql.PartiqlLexer.Kind;
import dev.stratus.dynamodb.partiql.PartiqlLexer.Token;
import java.util.List;

/** A position in a statement's tokens, with the look-ahead and expectations the parsers share. */
final class TokenCursor {
    private final List<Token> tokens;
    private int pos;

    TokenCursor(String text) {
        this.tokens = PartiqlLexer.tokens(text);
    }

    Token peek() {
        return tokens.get(pos);
    }

    Token peekAt(int ahead) {
        return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }

    Token next() {
        Token t = tokens.get(pos);
        if (t.kind() != Kind.END) {
            pos++;
        }
        return t;
    }

    boolean accept(String punct) {
        if (peek().kind() == Kind.PUNCT && peek().text().equals(punct)) {
            pos++;
            return true;
        }
        return false;
    }

    boolean acceptWord(String word) {
        if (peek().kind() == Kind.NAME && peek().is(word)) {
            pos++;
            return true;
        }
        return false;
    }

    void expect(String punct) {
        if (!accept(punct)) {
            throw PartiqlErrors.malformed("Expected token: " + punct + ", found: " + peek());
        }
    }

    void expectWord(String word) {
        if (!acceptWord(word)) {
            throw PartiqlErrors.malformed("Expected keyword: " + word + ", found: " + peek());
        }
    }
}
