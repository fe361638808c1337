package dev.stratus.dynamodb.partiql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.dynamodb.expr.Ast;
import dev.stratus.dynamodb.expr.ExpressionAttributes;
import dev.stratus.dynamodb.table.Table;
import dev.stratus.dynamodb.value.AttributeValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds key conditions in a WHERE clause: the top-level AND terms that fix the partition key (making a SELECT a
 * Query) or the whole primary key (required by UPDATE and DELETE).
 */
final class KeyTerms {
    private static final Map<String, String> FLIPPED = Map.of("=", "=", "<", ">", "<=", ">=", ">", "<", ">=", "<=");

    private KeyTerms() {
    }

    /** The key a WHERE clause fixes by equality on every key attribute, and the remaining terms (or null). */
    record FullKey(ObjectNode key, Ast.Condition rest) {
    }

    static FullKey fullKey(Ast.Condition where, Table.KeySchema keys, ExpressionAttributes attrs) {
        ObjectNode key = JsonNodeFactory.instance.objectNode();
        List<Ast.Condition> rest = new ArrayList<>();
        for (Ast.Condition term : terms(where)) {
            Ast.Compare c = normalised(term);
            if (c != null && c.operator().equals("=") && c.left() instanceof Ast.PathOperand p && p.path().isTopLevel()
                    && keys.names().contains(p.path().head()) && !key.has(p.path().head())) {
                key.set(p.path().head(), attrs.value(((Ast.ValueOperand) c.right()).name()));
            } else {
                rest.add(term);
            }
        }
        if (key.size() != keys.names().size()) {
            throw PartiqlErrors.validation(PartiqlErrors.INCOMPLETE_KEY);
        }
        return new FullKey(key, and(rest));
    }

    /**
     * The key condition of a SELECT in KeyConditionExpression form (path on the left): partition-key equality and at
     * most one sort-key term, or null when the partition key is not fixed (the SELECT is then a Scan).
     */
    static Ast.Condition keyCondition(Ast.Condition where, Table.KeySchema keys, ExpressionAttributes attrs) {
        if (where == null) {
            return null;
        }
        Ast.Condition partition = null;
        Ast.Condition sort = null;
        for (Ast.Condition term : terms(where)) {
            Ast.Compare c = normalised(term);
            String attribute = c == null ? null : ((Ast.PathOperand) c.left()).path().head();
            if (c != null && c.operator().equals("=") && keys.hash().equals(attribute) && partition == null
                    && hasType(c.right(), keys.hashType(), attrs)) {
                partition = c;
            } else if (sort == null && keys.range() != null && sortTerm(term, c, keys, attrs)) {
                sort = c != null ? c : term;
            }
        }
        if (partition == null) {
            return null;
        }
        return sort == null ? partition : new Ast.And(partition, sort);
    }

    private static boolean sortTerm(Ast.Condition term, Ast.Compare c, Table.KeySchema keys, ExpressionAttributes attrs) {
        if (c != null) {
            return !c.operator().equals("<>") && ((Ast.PathOperand) c.left()).path().head().equals(keys.range())
                    && hasType(c.right(), keys.rangeType(), attrs);
        }
        return switch (term) {
            case Ast.Between b -> isKeyPath(b.value(), keys.range()) && hasType(b.lower(), keys.rangeType(), attrs)
                    && hasType(b.upper(), keys.rangeType(), attrs)
                    && AttributeValues.compare(value(b.lower(), attrs), value(b.upper(), attrs)) <= 0;
            case Ast.Function f -> f.name().equals("begins_with") && isKeyPath(f.args().get(0), keys.range())
                    && hasType(f.args().get(1), keys.rangeType(), attrs) && !keys.rangeType().equals("N");
            default -> false;
        };
    }

    /** A comparison of a top-level path with a value, the path on the left; null for anything else. */
    private static Ast.Compare normalised(Ast.Condition term) {
        if (!(term instanceof Ast.Compare c) || !FLIPPED.containsKey(c.operator()) && !c.operator().equals("<>")) {
            return null;
        }
        if (c.left() instanceof Ast.PathOperand p && p.path().isTopLevel() && c.right() instanceof Ast.ValueOperand) {
            return c;
        }
        if (c.right() instanceof Ast.PathOperand p && p.path().isTopLevel() && c.left() instanceof Ast.ValueOperand) {
            return new Ast.Compare(FLIPPED.getOrDefault(c.operator(), c.operator()), c.right(), c.left());
        }
        return null;
    }

    private static boolean isKeyPath(Ast.Operand operand, String name) {
        return operand instanceof Ast.PathOperand p && p.path().isTopLevel() && p.path().head().equals(name);
    }

    private static boolean hasType(Ast.Operand operand, String type, ExpressionAttributes attrs) {
        JsonNode v = value(operand, attrs);
        return v != null && AttributeValues.type(v).equals(type);
    }

    private static JsonNode value(Ast.Operand operand, ExpressionAttributes attrs) {
        return operand instanceof Ast.ValueOperand v ? attrs.value(v.name()) : null;
    }

    /** The top-level AND terms of a condition. */
    static List<Ast.Condition> terms(Ast.Condition c) {
        List<Ast.Condition> out = new ArrayList<>();
        collect(c, out);
        return out;
    }

    private static void collect(Ast.Condition c, List<Ast.Condition> out) {
        if (c instanceof Ast.And a) {
            collect(a.left(), out);
            collect(a.right(), out);
        } else if (c != null) {
            out.add(c);
        }
    }

    static Ast.Condition and(List<Ast.Condition> terms) {
        Ast.Condition out = null;
        for (Ast.Condition t : terms) {
            out = out == null ? t : new Ast.And(out, t);
        }
        return out;
    }
}
