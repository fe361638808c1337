package dev.stratus.logs.filter;

import java.util.function.Predicate;

/** A boolean expression over some subject (a JSON document, a delimited field) built with {@code &&} and {@code ||}. */
sealed interface Expr<T> {

    boolean test(T subject);

    /** Both sides hold. */
    record And<T>(Expr<T> left, Expr<T> right) implements Expr<T> {
        @Override
        public boolean test(T subject) {
            return left.test(subject) && right.test(subject);
        }
    }

    /** Either side holds. */
    record Or<T>(Expr<T> left, Expr<T> right) implements Expr<T> {
        @Override
        public boolean test(T subject) {
            return left.test(subject) || right.test(subject);
        }
    }

    /** A single condition. */
    record Leaf<T>(Predicate<T> condition) implements Expr<T> {
        @Override
        public boolean test(T subject) {
            return condition.test(subject);
        }
    }
}
