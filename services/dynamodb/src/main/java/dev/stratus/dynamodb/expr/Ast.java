package dev.stratus.dynamodb.expr;

import java.util.List;
import java.util.stream.Collectors;

/** The syntax tree of DynamoDB expressions: document paths, operands, conditions and update actions. */
public final class Ast {
    private Ast() {
    }

    /** A document path such as {@code a.b[1].c}: names (String) and list indexes (Integer), names resolved. */
    public record Path(List<Object> elements) {
        public String head() {
            return (String) elements.get(0);
        }

        public boolean isTopLevel() {
            return elements.size() == 1;
        }

        /**
         * True when the paths agree up to a position where one has a map key and the other a list index: no
         * document can hold both, so DynamoDB rejects the pair.
         */
        public boolean conflicts(Path other) {
            int n = Math.min(elements.size(), other.elements.size());
            for (int i = 0; i < n; i++) {
                Object a = elements.get(i);
                Object b = other.elements.get(i);
                if (a.getClass() != b.getClass()) {
                    return true;
                }
                if (!a.equals(b)) {
                    return false;
                }
            }
            return false;
        }

        /** True when one path is a prefix of the other (the same path included). */
        public boolean overlaps(Path other) {
            int n = Math.min(elements.size(), other.elements.size());
            return elements.subList(0, n).equals(other.elements.subList(0, n));
        }

        @Override
        public String toString() {
            // DynamoDB's rendering: names as they are, list positions in brackets, e.g. [a, [1], b].
            return elements.stream().map(e -> e instanceof Integer i ? "[" + i + "]" : String.valueOf(e))
                    .collect(Collectors.joining(", ", "[", "]"));
        }
    }

    /** Something that evaluates to an attribute value (or to nothing, for a missing path). */
    public sealed interface Operand {
    }

    public record PathOperand(Path path) implements Operand {
    }

    public record ValueOperand(String name) implements Operand {
    }

    /** size(), if_not_exists() and list_append(). */
    public record Call(String function, List<Operand> args) implements Operand {
    }

    public record Arithmetic(Operand left, char operator, Operand right) implements Operand {
    }

    /** A boolean condition. */
    public sealed interface Condition {
    }

    public record Compare(String operator, Operand left, Operand right) implements Condition {
    }

    public record Between(Operand value, Operand lower, Operand upper) implements Condition {
    }

    public record In(Operand value, List<Operand> candidates) implements Condition {
    }

    public record And(Condition left, Condition right) implements Condition {
    }

    public record Or(Condition left, Condition right) implements Condition {
    }

    public record Not(Condition condition) implements Condition {
    }

    /** attribute_exists, attribute_not_exists, attribute_type, begins_with, contains. */
    public record Function(String name, List<Operand> args) implements Condition {
    }

    /** One action of an update expression. */
    public sealed interface UpdateAction {
        Path path();
    }

    public record SetAction(Path path, Operand value) implements UpdateAction {
    }

    public record RemoveAction(Path path) implements UpdateAction {
    }

    public record AddAction(Path path, Operand value) implements UpdateAction {
    }

    public record DeleteAction(Path path, Operand value) implements UpdateAction {
    }
}
