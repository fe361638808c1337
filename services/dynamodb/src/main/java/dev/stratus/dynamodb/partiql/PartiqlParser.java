package dev.stratus.dynamodb.partiql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.dynamodb.expr.Ast;
import dev.stratus.dynamodb.expr.ExpressionAttributes;
import dev.stratus.dynamodb.partiql.PartiqlLexer.Kind;
import dev.stratus.dynamodb.partiql.PartiqlLexer.Token;
import dev.stratus.dynamodb.value.AttributeValues;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses DynamoDB's PartiQL subset into a {@link Statement}. Literals and {@code ?} parameters become placeholder
 * values (":v0", ":v1", ...) of an {@link ExpressionAttributes}, so the existing evaluator runs the conditions.
 */
final class PartiqlParser {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Functions usable as conditions; DynamoDB's PartiQL names plus the expression language's attribute_exists pair. */
    private static final Set<String> CONDITION_FUNCTIONS = Set.of("begins_with", "contains", "attribute_type",
            "attribute_exists", "attribute_not_exists");
    private final TokenCursor in;
    private final LiteralParser literals;
    private final ObjectNode values = NODES.objectNode();

    /** A statement with the values its placeholders stand for. */
    record Parsed(Statement statement, ExpressionAttributes attributes) {
    }

    private PartiqlParser(String text, JsonNode parameters) {
        this.in = new TokenCursor(text);
        this.literals = new LiteralParser(in, parameters);
    }

    static Parsed parse(String text, JsonNode parameters) {
        PartiqlParser p = new PartiqlParser(text, parameters);
        Statement statement = p.statement();
        p.in.accept(";");
        if (p.in.peek().kind() != Kind.END) {
            throw PartiqlErrors.malformed("Unexpected token: " + p.in.peek());
        }
        int supplied = parameters == null ? 0 : parameters.size();
        if (p.literals.parametersUsed() != supplied) {
            throw PartiqlErrors.validation("Number of parameters in request and statement don't match.");
        }
        return new Parsed(statement, new ExpressionAttributes(null, p.values.isEmpty() ? null : p.values));
    }

    private Statement statement() {
        Token first = in.next();
        if (first.is("SELECT")) {
            return select();
        }
        if (first.is("INSERT")) {
            return insert();
        }
        if (first.is("UPDATE")) {
            return update();
        }
        if (first.is("DELETE")) {
            return delete();
        }
        if (first.is("EXISTS")) {
            in.expect("(");
            in.expectWord("SELECT");
            Statement.Select select = select();
            in.expect(")");
            return new Statement.Exists(select);
        }
        throw PartiqlErrors.malformed("Unexpected token: " + first);
    }

    private Statement.Select select() {
        List<Ast.Path> projection = new ArrayList<>();
        boolean star = false;
        do {
            if (in.accept("*")) {
                star = true;
            } else {
                projection.add(path());
            }
        } while (in.accept(","));
        if (star && !projection.isEmpty()) {
            throw PartiqlErrors.validation("Other attributes should not be present in the projection when '*' is used.");
        }
        Set<Ast.Path> seen = new LinkedHashSet<>();
        for (Ast.Path p : projection) {
            if (!seen.add(p)) {
                throw PartiqlErrors.validation("Duplicate identifiers in select clause: " + p.elements().get(0));
            }
        }
        in.expectWord("FROM");
        List<String> source = new ArrayList<>();
        source.add(name());
        if (in.accept(".")) {
            source.add(name());
        }
        if (in.peek().is(".")) {
            throw PartiqlErrors.validation("A path may contain at most 2 components in the FROM clause");
        }
        Ast.Condition where = in.acceptWord("WHERE") ? condition() : null;
        List<Statement.Ordering> order = new ArrayList<>();
        if (in.acceptWord("ORDER")) {
            in.expectWord("BY");
            do {
                String attribute = name();
                boolean descending = in.acceptWord("DESC");
                if (!descending) {
                    in.acceptWord("ASC");
                }
                order.add(new Statement.Ordering(attribute, descending));
            } while (in.accept(","));
        }
        return new Statement.Select(source.get(0), source.size() > 1 ? source.get(1) : null, star ? null : projection,
                where, order);
    }

    private Statement insert() {
        in.expectWord("INTO");
        String table = name();
        in.expectWord("VALUE");
        if (!in.peek().is("{")) {
            throw PartiqlErrors.validation("Unsupported format in item expression. Please use struct format {...} to "
                    + "express item values for insert statement.");
        }
        JsonNode item = literals.value();
        if (in.peek().is("RETURNING")) {
            throw PartiqlErrors.validation("RETURNING is not supported in INSERT");
        }
        return new Statement.Insert(table, (ObjectNode) item.get("M"));
    }

    private Statement update() {
        String table = name();
        List<Ast.UpdateAction> actions = new ArrayList<>();
        while (true) {
            if (in.acceptWord("SET")) {
                do {
                    actions.add(assignment());
                } while (in.accept(","));
            } else if (in.acceptWord("REMOVE")) {
                do {
                    actions.add(new Ast.RemoveAction(path()));
                } while (in.accept(","));
            } else {
                break;
            }
        }
        if (actions.isEmpty()) {
            throw PartiqlErrors.malformed("Unexpected token: " + in.peek());
        }
        if (!in.acceptWord("WHERE")) {
            throw PartiqlErrors.validation(PartiqlErrors.INCOMPLETE_KEY);
        }
        Ast.Condition where = condition();
        return new Statement.Update(table, actions, where, returning(false));
    }

    private Statement delete() {
        in.expectWord("FROM");
        String table = name();
        if (!in.acceptWord("WHERE")) {
            throw PartiqlErrors.validation(PartiqlErrors.INCOMPLETE_KEY);
        }
        Ast.Condition where = condition();
        return new Statement.Delete(table, where, returning(true));
    }

    private Statement.Returning returning(boolean delete) {
        if (!in.acceptWord("RETURNING")) {
            return Statement.Returning.NONE;
        }
        String scope = in.next().text().toUpperCase(Locale.ROOT);
        String image = in.next().text().toUpperCase(Locale.ROOT);
        if (!(scope.equals("ALL") || scope.equals("MODIFIED")) || !(image.equals("OLD") || image.equals("NEW"))) {
            throw PartiqlErrors.malformed("Unexpected token: " + scope + " " + image);
        }
        if (!in.accept("*")) {
            throw PartiqlErrors.validation("Expected '*' after ( MODIFIED | ALL ) ( NEW | OLD ) in RETURNING clause");
        }
        if (delete && !(scope.equals("ALL") && image.equals("OLD"))) {
            throw PartiqlErrors.validation("Invalid returning clause: RETURNING " + scope + " " + image
                    + " *. Only RETURNING ALL OLD * is allowed in DELETE statements.");
        }
        return Statement.Returning.valueOf((scope.equals("ALL") ? "ALL_" : "UPDATED_") + image);
    }

    private Ast.UpdateAction assignment() {
        Ast.Path target = path();
        in.expect("=");
        Ast.Operand value = sum();
        // set_add(a, <<...>>) and set_delete(a, <<...>>) are PartiQL's spelling of ADD and DELETE on sets.
        if (value instanceof Ast.Call call && call.function().startsWith("set_")) {
            String op = call.function().substring(4).toUpperCase(Locale.ROOT);
            if (call.args().size() != 2) {
                throw PartiqlErrors.validation("SET_" + op + " must have exactly two arguments");
            }
            if (!(call.args().get(0) instanceof Ast.PathOperand p) || !p.path().equals(target)) {
                throw PartiqlErrors.validation("The first argument to SET_" + op + " must equal the assignment value");
            }
            JsonNode set = call.args().get(1) instanceof Ast.ValueOperand v ? values.get(v.name()) : null;
            if (set == null || !AttributeValues.type(set).endsWith("S") || AttributeValues.type(set).length() != 2) {
                throw PartiqlErrors.validation("The second argument to SET_" + op + " must be a value with type SET");
            }
            return op.equals("ADD") ? new Ast.AddAction(target, call.args().get(1))
                    : new Ast.DeleteAction(target, call.args().get(1));
        }
        return new Ast.SetAction(target, value);
    }

    private Ast.Operand sum() {
        Ast.Operand left = term();
        while (in.peek().is("+") || in.peek().is("-")) {
            char op = in.next().text().charAt(0);
            left = new Ast.Arithmetic(left, op, term());
        }
        return left;
    }

    private Ast.Operand term() {
        if (in.peek().kind() == Kind.NAME && in.peekAt(1).is("(")) {
            String function = in.next().text().toLowerCase(Locale.ROOT);
            in.expect("(");
            List<Ast.Operand> args = new ArrayList<>();
            if (!in.peek().is(")")) {
                do {
                    args.add(sum());
                } while (in.accept(","));
            }
            in.expect(")");
            if (!Set.of("list_append", "if_not_exists", "set_add", "set_delete").contains(function)) {
                throw PartiqlErrors.validation("Unrecognized function: " + function);
            }
            return new Ast.Call(function, args);
        }
        return operand();
    }

    // ---- conditions ----

    private Ast.Condition condition() {
        Ast.Condition left = conjunction();
        while (in.acceptWord("OR")) {
            left = new Ast.Or(left, conjunction());
        }
        return left;
    }

    private Ast.Condition conjunction() {
        Ast.Condition left = negation();
        while (in.acceptWord("AND")) {
            left = new Ast.And(left, negation());
        }
        return left;
    }

    private Ast.Condition negation() {
        if (in.acceptWord("NOT")) {
            return new Ast.Not(negation());
        }
        return predicate();
    }

    private Ast.Condition predicate() {
        if (in.accept("(")) {
            Ast.Condition inner = condition();
            in.expect(")");
            return inner;
        }
        if (in.peek().kind() == Kind.NAME && in.peekAt(1).is("(")) {
            String function = in.peek().text().toLowerCase(Locale.ROOT);
            if (CONDITION_FUNCTIONS.contains(function)) {
                in.next();
                in.expect("(");
                List<Ast.Operand> args = new ArrayList<>();
                do {
                    args.add(operand());
                } while (in.accept(","));
                in.expect(")");
                int arity = function.startsWith("attribute_") && !function.equals("attribute_type") ? 1 : 2;
                if (args.size() != arity) {
                    throw PartiqlErrors.validation("Incorrect number of arguments for function " + function);
                }
                return new Ast.Function(function, args);
            }
        }
        Ast.Operand left = operand();
        Token op = in.peek();
        if (op.kind() == Kind.PUNCT && Set.of("=", "<>", "!=", "<", "<=", ">", ">=").contains(op.text())) {
            in.next();
            return new Ast.Compare(op.text().equals("!=") ? "<>" : op.text(), left, operand());
        }
        if (in.acceptWord("BETWEEN")) {
            Ast.Operand lower = operand();
            in.expectWord("AND");
            return new Ast.Between(left, lower, operand());
        }
        boolean negated = in.acceptWord("NOT");
        if (in.acceptWord("IN")) {
            Ast.Condition in = in(left);
            return negated ? new Ast.Not(in) : in;
        }
        if (negated) {
            throw PartiqlErrors.malformed("Unexpected token: " + in.peek());
        }
        if (in.acceptWord("IS")) {
            return is(left);
        }
        throw PartiqlErrors.validation("WHERE clause must contain an expression that resolves to a boolean");
    }

    private Ast.Condition in(Ast.Operand left) {
        String close = in.accept("[") ? "]" : in.accept("(") ? ")" : null;
        if (close == null || !(left instanceof Ast.PathOperand) || in.peek().is(close)) {
            throw PartiqlErrors.validation("IN operator must have a left hand argument of type Variable Reference and "
                    + "right hand argument of type Seq with at least one member");
        }
        List<Ast.Operand> candidates = new ArrayList<>();
        do {
            candidates.add(operand());
        } while (in.accept(","));
        in.expect(close);
        return new Ast.In(left, candidates);
    }

    private Ast.Condition is(Ast.Operand left) {
        boolean negated = in.acceptWord("NOT");
        String type = in.next().text().toUpperCase(Locale.ROOT);
        if (!(left instanceof Ast.PathOperand)) {
            throw PartiqlErrors.validation("The left hand side argument to IS must be a Variable Reference, Literal, or Path");
        }
        Ast.Condition test = switch (type) {
            case "MISSING" -> new Ast.Function("attribute_not_exists", List.of(left));
            case "NULL" -> new Ast.Or(new Ast.Function("attribute_not_exists", List.of(left)), typeIs(left, "NULL"));
            case "BOOLEAN" -> typeIs(left, "BOOL");
            case "BLOB" -> typeIs(left, "B");
            case "STRING" -> typeIs(left, "S");
            case "NUMERIC" -> typeIs(left, "N");
            case "STRUCT", "TUPLE" -> typeIs(left, "M");
            case "LIST" -> typeIs(left, "L");
            default -> throw PartiqlErrors.validation("Unsupported data type for IS operator: " + type + ". Supported "
                    + "data types are [MISSING, NULL, BOOLEAN, BLOB, STRING, NUMERIC, STRUCT, TUPLE, LIST]");
        };
        return negated ? new Ast.Not(test) : test;
    }

    private Ast.Condition typeIs(Ast.Operand left, String type) {
        return new Ast.Function("attribute_type", List.of(left, register(AttributeValues.s(type))));
    }

    // ---- operands and values ----

    private Ast.Operand operand() {
        Token t = in.peek();
        if (t.kind() == Kind.NAME && t.text().equalsIgnoreCase("size") && in.peekAt(1).is("(")) {
            in.next();
            in.expect("(");
            Ast.Operand arg = new Ast.PathOperand(path());
            in.expect(")");
            return new Ast.Call("size", List.of(arg));
        }
        if (t.kind() == Kind.NAME && t.is("MISSING")) {
            throw PartiqlErrors.validation("MISSING must be compared using IS operator");
        }
        if (LiteralParser.startsValue(t)) {
            return register(literals.value());
        }
        return new Ast.PathOperand(path());
    }

    private Ast.ValueOperand register(JsonNode value) {
        String name = ":v" + values.size();
        values.set(name, value);
        return new Ast.ValueOperand(name);
    }

    private Ast.Path path() {
        List<Object> elements = new ArrayList<>();
        elements.add(name());
        while (true) {
            if (in.peek().is(".")) {
                in.next();
                elements.add(name());
            } else if (in.peek().is("[")) {
                in.next();
                Token index = in.next();
                if (index.kind() != Kind.NUMBER || !index.text().chars().allMatch(Character::isDigit)) {
                    throw PartiqlErrors.malformed("Unexpected token: " + index);
                }
                elements.add(Integer.parseInt(index.text()));
                in.expect("]");
            } else {
                return new Ast.Path(elements);
            }
        }
    }

    private String name() {
        Token t = in.next();
        if (t.kind() != Kind.NAME && t.kind() != Kind.QUOTED) {
            throw PartiqlErrors.malformed("Unexpected token: " + t);
        }
        if (t.text().isEmpty()) {
            throw PartiqlErrors.validation("Path component cannot be an empty string");
        }
        return t.text();
    }
}
