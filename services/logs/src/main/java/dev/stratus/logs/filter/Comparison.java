package dev.stratus.logs.filter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.logs.filter.PatternLexer.Kind;
import dev.stratus.logs.filter.PatternLexer.Token;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * {@code <op> <value>} as JSON and space-delimited patterns write it: numbers compare numerically, strings match
 * as globs ({@code *} wildcards) with {@code =} and {@code !=} only, {@code %regex%} searches.
 */
record Comparison(Kind op, Operand operand) {
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d{1,4})?");

    /** The value side of a comparison. */
    sealed interface Operand {
    }

    /** A string value, matched as a glob. */
    record Text(String glob) implements Operand {
    }

    /** A numeric value. */
    record Number(BigDecimal value) implements Operand {
    }

    /** A {@code %regex%} value. */
    record Regex(BoundedRegex regex) implements Operand {
    }

    static boolean isOperator(Kind kind) {
        return switch (kind) {
            case EQ, NE, LT, GT, LE, GE -> true;
            default -> false;
        };
    }

    /** Parses the operator and value at the cursor. */
    static Comparison parse(PatternLexer.Tokens tokens) {
        Token opToken = tokens.next();
        if (!isOperator(opToken.kind())) {
            throw FilterPatternParser.error("expected an operator");
        }
        Kind op = opToken.kind();
        Token value = tokens.next();
        Operand operand = switch (value.kind()) {
            case STRING -> new Text(value.text());
            case REGEX -> new Regex(BoundedRegex.compile(value.text()));
            case WORD -> NUMBER.matcher(value.text()).matches()
                    ? new Number(new BigDecimal(value.text())) : new Text(value.text());
            default -> throw FilterPatternParser.error("expected a value");
        };
        boolean ordering = op != Kind.EQ && op != Kind.NE;
        if (ordering && !(operand instanceof Number)) {
            throw FilterPatternParser.error("ordering needs a number");
        }
        return new Comparison(op, operand);
    }

    /** Compares a field of a space-delimited event. */
    boolean test(String field) {
        return switch (operand) {
            case Number n -> {
                BigDecimal v = number(field);
                yield v != null && compare(v.compareTo(n.value()));
            }
            case Text t -> Glob.matches(t.glob(), field) == (op == Kind.EQ);
            case Regex r -> r.regex().find(field) == (op == Kind.EQ);
        };
    }

    /** Compares a JSON value; a missing field, an object or an array never matches. */
    boolean test(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isContainerNode()) {
            return false;
        }
        return switch (operand) {
            case Number n -> node.isNumber() && compare(node.decimalValue().compareTo(n.value()));
            case Text t -> !node.isNull() && Glob.matches(t.glob(), node.asText()) == (op == Kind.EQ);
            case Regex r -> !node.isNull() && r.regex().find(node.asText()) == (op == Kind.EQ);
        };
    }

    private boolean compare(int c) {
        return switch (op) {
            case EQ -> c == 0;
            case NE -> c != 0;
            case LT -> c < 0;
            case GT -> c > 0;
            case LE -> c <= 0;
            case GE -> c >= 0;
            default -> false;
        };
    }

    private static BigDecimal number(String s) {
        if (s.isEmpty() || s.length() > 64 || !NUMBER.matcher(s).matches()) {
            return null;
        }
        return new BigDecimal(s);
    }
}
