package dev.stratus.logs.filter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.logs.filter.PatternLexer.Kind;
import dev.stratus.logs.filter.PatternLexer.Tokens;

/**
 * {@code { $.user.id = 1 && ($.level = "ERROR" || $.latency > 500) }}: conditions on fields of JSON events, with
 * {@code IS NULL}, {@code NOT EXISTS}, {@code IS TRUE}, {@code IS FALSE}. Events that are not JSON never match.
 */
record JsonPattern(Expr<JsonNode> expr) implements FilterPattern {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public boolean matches(String message) {
        String m = message.strip();
        if (m.isEmpty() || (m.charAt(0) != '{' && m.charAt(0) != '[')) {
            return false;
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(m);
        } catch (JsonProcessingException | RuntimeException e) {
            return false;
        }
        return root != null && root.isContainerNode() && expr.test(root);
    }

    static JsonPattern parse(String p) {
        if (!p.endsWith("}") || p.length() < 2) {
            throw FilterPatternParser.error("a pattern starting with { must end with }");
        }
        Tokens tokens = new Tokens(PatternLexer.lex(p.substring(1, p.length() - 1)));
        Expr<JsonNode> expr = or(tokens, 0);
        tokens.expect(Kind.END);
        return new JsonPattern(expr);
    }

    private static Expr<JsonNode> or(Tokens t, int depth) {
        Expr<JsonNode> left = and(t, depth);
        while (t.accept(Kind.OR)) {
            left = new Expr.Or<>(left, and(t, depth));
        }
        return left;
    }

    private static Expr<JsonNode> and(Tokens t, int depth) {
        Expr<JsonNode> left = primary(t, depth);
        while (t.accept(Kind.AND)) {
            left = new Expr.And<>(left, primary(t, depth));
        }
        return left;
    }

    private static Expr<JsonNode> primary(Tokens t, int depth) {
        if (t.accept(Kind.LPAREN)) {
            if (depth >= FilterPatternParser.MAX_DEPTH) {
                throw FilterPatternParser.error("nested too deeply");
            }
            Expr<JsonNode> inner = or(t, depth + 1);
            t.expect(Kind.RPAREN);
            return inner;
        }
        JsonSelector selector = JsonSelector.parse(t.expect(Kind.SELECTOR).text());
        if (Comparison.isOperator(t.peek().kind())) {
            Comparison c = Comparison.parse(t);
            return new Expr.Leaf<>(root -> c.test(selector.resolve(root)));
        }
        if (t.acceptWord("IS")) {
            if (t.acceptWord("NULL")) {
                return new Expr.Leaf<>(root -> {
                    JsonNode v = selector.resolve(root);
                    return v != null && v.isNull();
                });
            }
            boolean wanted;
            if (t.acceptWord("TRUE")) {
                wanted = true;
            } else if (t.acceptWord("FALSE")) {
                wanted = false;
            } else {
                throw FilterPatternParser.error("IS needs NULL, TRUE or FALSE");
            }
            return new Expr.Leaf<>(root -> {
                JsonNode v = selector.resolve(root);
                return v != null && v.isBoolean() && v.booleanValue() == wanted;
            });
        }
        if (t.acceptWord("NOT")) {
            if (!t.acceptWord("EXISTS")) {
                throw FilterPatternParser.error("NOT needs EXISTS");
            }
            return new Expr.Leaf<>(root -> selector.resolve(root) == null);
        }
        if (t.acceptWord("EXISTS")) {
            return new Expr.Leaf<>(root -> selector.resolve(root) != null);
        }
        throw FilterPatternParser.error("expected a comparison");
    }
}
