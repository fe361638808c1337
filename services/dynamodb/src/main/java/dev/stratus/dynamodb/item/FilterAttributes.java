package dev.stratus.dynamodb.item;

import dev.stratus.dynamodb.expr.Ast;
import java.util.LinkedHashSet;
import java.util.Set;

/** The top-level attribute names a condition reads (Query filters may not read key attributes). */
final class FilterAttributes {
    private FilterAttributes() {
    }

    static Set<String> topLevel(Ast.Condition condition) {
        Set<String> out = new LinkedHashSet<>();
        collect(condition, out);
        return out;
    }

    private static void collect(Ast.Condition c, Set<String> out) {
        switch (c) {
            case Ast.And a -> {
                collect(a.left(), out);
                collect(a.right(), out);
            }
            case Ast.Or o -> {
                collect(o.left(), out);
                collect(o.right(), out);
            }
            case Ast.Not n -> collect(n.condition(), out);
            case Ast.Compare cmp -> {
                collect(cmp.left(), out);
                collect(cmp.right(), out);
            }
            case Ast.Between b -> {
                collect(b.value(), out);
                collect(b.lower(), out);
                collect(b.upper(), out);
            }
            case Ast.In in -> {
                collect(in.value(), out);
                in.candidates().forEach(x -> collect(x, out));
            }
            case Ast.Function f -> f.args().forEach(x -> collect(x, out));
        }
    }

    private static void collect(Ast.Operand o, Set<String> out) {
        switch (o) {
            case Ast.PathOperand p -> out.add(p.path().head());
            case Ast.Call call -> call.args().forEach(x -> collect(x, out));
            case Ast.Arithmetic a -> {
                collect(a.left(), out);
                collect(a.right(), out);
            }
            case Ast.ValueOperand v -> {
            }
        }
    }
}
