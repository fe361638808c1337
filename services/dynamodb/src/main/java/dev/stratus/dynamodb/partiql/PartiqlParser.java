package dev.stratus.dynamodb.partiql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
    private final List<Token> tokens;
    private final JsonNode parameters;
    private final ObjectNode values = NODES.objectNode();
    private int pos;
    private int nextParameter;

    /** A statement with the values its placeholders stand for. */
    record Parsed(Statement statement, ExpressionAttributes attributes) {
    }

    private PartiqlParser(String text, JsonNode parameters) {
        this.tokens = PartiqlLexer.tokens(text);
        this.parameters = parameters;
    }

    static Parsed parse(String text, JsonNode parameters) {
        PartiqlParser p = new PartiqlParser(text, parameters);
        Statement statement = p.statement();
        p.accept(";");
        if (p.peek().kind() != Kind.END) {
            throw PartiqlErrors.malformed("Unexpected token: " + p.peek());
        }
        int supplied = parameters == null ? 0 : parameters.size();
        if (p.nextParameter != supplied) {
            throw PartiqlErrors.validation("Number of parameters in request and statement don't match.");
        }
        return new Parsed(statement, new ExpressionAttributes(null, p.values.isEmpty() ? null : p.values));
    }

    private Statement statement() {
        Token first = next();
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
            expect("(");
            expectWord("SELECT");
            Statement.Select select = select();
            expect(")");
            return new Statement.Exists(select);
        }
        throw PartiqlErrors.malformed("Unexpected token: " + first);
    }

    private Statement.Select select() {
        List<Ast.Path> projection = new ArrayList<>();
        boolean star = false;
        do {
            if (accept("*")) {
                star = true;
            } else {
                projection.add(path());
            }
        } while (accept(","));
        if (star && !projection.isEmpty()) {
            throw PartiqlErrors.validation("Other attributes should not be present in the projection when '*' is used.");
        }
        Set<Ast.Path> seen = new LinkedHashSet<>();
        for (Ast.Path p : projection) {
            if (!seen.add(p)) {
                throw PartiqlErrors.validation("Duplicate identifiers in select clause: " + p.elements().get(0));
            }
        }
        expectWord("FROM");
        List<String> source = new ArrayList<>();
        source.add(name());
        if (accept(".")) {
            source.add(name());
        }
        if (peek().is(".")) {
            throw PartiqlErrors.validation("A path may contain at most 2 components in the FROM clause");
        }
        Ast.Condition where = acceptWord("WHERE") ? condition() : null;
        List<Statement.Ordering> order = new ArrayList<>();
        if (acceptWord("ORDER")) {
            expectWord("BY");
            do {
                String attribute = name();
                boolean descending = acceptWord("DESC");
                if (!descending) {
                    acceptWord("ASC");
                }
                order.add(new Statement.Ordering(attribute, descending));
            } while (accept(","));
        }
        return new Statement.Select(source.get(0), source.size() > 1 ? source.get(1) : null, star ? null : projection,
                where, order);
    }

    private Statement insert() {
        expectWord("INTO");
        String table = name();
        expectWord("VALUE");
        if (!peek().is("{")) {
            throw PartiqlErrors.validation("Unsupported format in item expression. Please use struct format {...} to "
                    + "express item values for insert statement.");
        }
        JsonNode item = value();
        if (peek().is("RETURNING")) {
            throw PartiqlErrors.validation("RETURNING is not supported in INSERT");
        }
        return new Statement.Insert(table, (ObjectNode) item.get("M"));
    }

    private Statement update() {
        String table = name();
        List<Ast.UpdateAction> actions = new ArrayList<>();
        while (true) {
            if (acceptWord("SET")) {
                do {
                    actions.add(assignment());
                } while (accept(","));
            } else if (acceptWord("REMOVE")) {
                do {
                    actions.add(new Ast.RemoveAction(path()));
                } while (accept(","));
            } else {
                break;
            }
        }
        if (actions.isEmpty()) {
            throw PartiqlErrors.malformed("Unexpected token: " + peek());
        }
        if (!acceptWord("WHERE")) {
            throw PartiqlErrors.validation(PartiqlErrors.INCOMPLETE_KEY);
        }
        Ast.Condition where = condition();
        return new Statement.Update(table, actions, where, returning(false));
    }

    private Statement delete() {
        expectWord("FROM");
        String table = name();
        if (!acceptWord("WHERE")) {
            throw PartiqlErrors.validation(PartiqlErrors.INCOMPLETE_KEY);
        }
        Ast.Condition where = condition();
        return new Statement.Delete(table, where, returning(true));
    }

    private Statement.Returning returning(boolean delete) {
        if (!acceptWord("RETURNING")) {
            return Statement.Returning.NONE;
        }
        String scope = next().text().toUpperCase(Locale.ROOT);
        String image = next().text().toUpperCase(Locale.ROOT);
        if (!(scope.equals("ALL") || scope.equals("MODIFIED")) || !(image.equals("OLD") || image.equals("NEW"))) {
            throw PartiqlErrors.malformed("Unexpected token: " + scope + " " + image);
        }
        if (!accept("*")) {
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
        expect("=");
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
        while (peek().is("+") || peek().is("-")) {
            char op = next().text().charAt(0);
            left = new Ast.Arithmetic(left, op, term());
        }
        return left;
    }

    private Ast.Operand term() {
        if (peek().kind() == Kind.NAME && peekAt(1).is("(")) {
            String function = next().text().toLowerCase(Locale.ROOT);
            expect("(");
            List<Ast.Operand> args = new ArrayList<>();
            if (!peek().is(")")) {
                do {
                    args.add(sum());
                } while (accept(","));
            }
            expect(")");
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
        while (acceptWord("OR")) {
            left = new Ast.Or(left, conjunction());
        }
        return left;
    }

    private Ast.Condition conjunction() {
        Ast.Condition left = negation();
        while (acceptWord("AND")) {
            left = new Ast.And(left, negation());
        }
        return left;
    }

    private Ast.Condition negation() {
        if (acceptWord("NOT")) {
            return new Ast.Not(negation());
        }
        return predicate();
    }

    private Ast.Condition predicate() {
        if (accept("(")) {
            Ast.Condition inner = condition();
            expect(")");
            return inner;
        }
        if (peek().kind() == Kind.NAME && peekAt(1).is("(")) {
            String function = peek().text().toLowerCase(Locale.ROOT);
            if (CONDITION_FUNCTIONS.contains(function)) {
                next();
                expect("(");
                List<Ast.Operand> args = new ArrayList<>();
                do {
                    args.add(operand());
                } while (accept(","));
                expect(")");
                int arity = function.startsWith("attribute_") && !function.equals("attribute_type") ? 1 : 2;
                if (args.size() != arity) {
                    throw PartiqlErrors.validation("Incorrect number of arguments for function " + function);
                }
                return new Ast.Function(function, args);
            }
        }
        Ast.Operand left = operand();
        Token op = peek();
        if (op.kind() == Kind.PUNCT && Set.of("=", "<>", "!=", "<", "<=", ">", ">=").contains(op.text())) {
            next();
            return new Ast.Compare(op.text().equals("!=") ? "<>" : op.text(), left, operand());
        }
        if (acceptWord("BETWEEN")) {
            Ast.Operand lower = operand();
            expectWord("AND");
            return new Ast.Between(left, lower, operand());
        }
        boolean negated = acceptWord("NOT");
        if (acceptWord("IN")) {
            Ast.Condition in = in(left);
            return negated ? new Ast.Not(in) : in;
        }
        if (negated) {
            throw PartiqlErrors.malformed("Unexpected token: " + peek());
        }
        if (acceptWord("IS")) {
            return is(left);
        }
        throw PartiqlErrors.validation("WHERE clause must contain an expression that resolves to a boolean");
    }

    private Ast.Condition in(Ast.Operand left) {
        String close = accept("[") ? "]" : accept("(") ? ")" : null;
        if (close == null || !(left instanceof Ast.PathOperand) || peek().is(close)) {
            throw PartiqlErrors.validation("IN operator must have a left hand argument of type Variable Reference and "
                    + "right hand argument of type Seq with at least one member");
        }
        List<Ast.Operand> candidates = new ArrayList<>();
        do {
            candidates.add(operand());
        } while (accept(","));
        expect(close);
        return new Ast.In(left, candidates);
    }

    private Ast.Condition is(Ast.Operand left) {
        boolean negated = acceptWord("NOT");
        String type = next().text().toUpperCase(Locale.ROOT);
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
        Token t = peek();
        if (t.kind() == Kind.NAME && t.text().equalsIgnoreCase("size") && peekAt(1).is("(")) {
            next();
            expect("(");
            Ast.Operand arg = new Ast.PathOperand(path());
            expect(")");
            return new Ast.Call("size", List.of(arg));
        }
        if (t.kind() == Kind.NAME && t.is("MISSING")) {
            throw PartiqlErrors.validation("MISSING must be compared using IS operator");
        }
        if (startsValue(t)) {
            return register(value());
        }
        return new Ast.PathOperand(path());
    }

    private static boolean startsValue(Token t) {
        return switch (t.kind()) {
            case STRING, NUMBER, PARAM -> true;
            case PUNCT -> t.is("[") || t.is("{") || t.is("<<") || t.is("-");
            case NAME -> t.is("TRUE") || t.is("FALSE") || t.is("NULL");
            default -> false;
        };
    }

    private Ast.ValueOperand register(JsonNode value) {
        String name = ":v" + values.size();
        values.set(name, value);
        return new Ast.ValueOperand(name);
    }

    /** A literal or parameter as an AttributeValue (validated, numbers normalised). */
    private JsonNode value() {
        Token t = next();
        JsonNode out = switch (t.kind()) {
            case STRING -> AttributeValues.s(t.text());
            case NUMBER -> number(t.text());
            case PARAM -> parameter();
            case NAME -> {
                if (t.is("TRUE") || t.is("FALSE")) {
                    yield NODES.objectNode().put("BOOL", t.is("TRUE"));
                }
                if (t.is("NULL")) {
                    yield NODES.objectNode().put("NULL", true);
                }
                throw PartiqlErrors.malformed("Unexpected token: " + t);
            }
            case PUNCT -> {
                if (t.is("-") && peek().kind() == Kind.NUMBER) {
                    yield number("-" + next().text());
                }
                if (t.is("[")) {
                    ObjectNode list = NODES.objectNode();
                    ArrayNode members = list.putArray("L");
                    if (!accept("]")) {
                        do {
                            members.add(value());
                        } while (accept(","));
                        expect("]");
                    }
                    yield list;
                }
                if (t.is("{")) {
                    yield map();
                }
                if (t.is("<<")) {
                    yield set();
                }
                throw PartiqlErrors.malformed("Unexpected token: " + t);
            }
            default -> throw PartiqlErrors.malformed("Unexpected token: " + t);
        };
        return AttributeValues.validate(out);
    }

    private JsonNode map() {
        ObjectNode map = NODES.objectNode();
        ObjectNode members = map.putObject("M");
        if (accept("}")) {
            return map;
        }
        do {
            Token key = next();
            if (key.kind() != Kind.STRING && key.kind() != Kind.QUOTED) {
                throw PartiqlErrors.malformed("Unexpected token: " + key);
            }
            expect(":");
            if (members.has(key.text())) {
                throw PartiqlErrors.validation("Duplicate keys in tuple. Key: " + key.text());
            }
            members.set(key.text(), value());
        } while (accept(","));
        expect("}");
        return map;
    }

    private JsonNode set() {
        if (peek().is(">>")) {
            throw PartiqlErrors.validation("Empty bags are not supported");
        }
        List<JsonNode> members = new ArrayList<>();
        do {
            members.add(value());
        } while (accept(","));
        expect(">>");
        String type = AttributeValues.type(members.get(0));
        for (JsonNode m : members) {
            String t = AttributeValues.type(m);
            if (!t.equals(type) || !(t.equals("S") || t.equals("N") || t.equals("B"))) {
                throw PartiqlErrors.validation(
                        "Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags");
            }
        }
        ObjectNode set = NODES.objectNode();
        ArrayNode array = set.putArray(type + "S");
        members.forEach(m -> array.add(m.get(type)));
        return set;
    }

    private static JsonNode number(String text) {
        return NODES.objectNode().put("N", text);
    }

    private JsonNode parameter() {
        if (parameters == null || nextParameter >= parameters.size()) {
            throw PartiqlErrors.validation("Number of parameters in request and statement don't match.");
        }
        return parameters.get(nextParameter++);
    }

    private Ast.Path path() {
        List<Object> elements = new ArrayList<>();
        elements.add(name());
        while (true) {
            if (peek().is(".")) {
                next();
                elements.add(name());
            } else if (peek().is("[")) {
                next();
                Token index = next();
                if (index.kind() != Kind.NUMBER || !index.text().chars().allMatch(Character::isDigit)) {
                    throw PartiqlErrors.malformed("Unexpected token: " + index);
                }
                elements.add(Integer.parseInt(index.text()));
                expect("]");
            } else {
                return new Ast.Path(elements);
            }
        }
    }

    private String name() {
        Token t = next();
        if (t.kind() != Kind.NAME && t.kind() != Kind.QUOTED) {
            throw PartiqlErrors.malformed("Unexpected token: " + t);
        }
        if (t.text().isEmpty()) {
            throw PartiqlErrors.validation("Path component cannot be an empty string");
        }
        return t.text();
    }

    // ---- token helpers ----

    private Token peek() {
        return tokens.get(pos);
    }

    private Token peekAt(int ahead) {
        return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (t.kind() != Kind.END) {
            pos++;
        }
        return t;
    }

    private boolean accept(String punct) {
        if (peek().kind() == Kind.PUNCT && peek().text().equals(punct)) {
            pos++;
            return true;
        }
        return false;
    }

    private boolean acceptWord(String word) {
        if (peek().kind() == Kind.NAME && peek().is(word)) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(String punct) {
        if (!accept(punct)) {
            throw PartiqlErrors.malformed("Expected token: " + punct + ", found: " + peek());
        }
    }

    private void expectWord(String word) {
        if (!acceptWord(word)) {
            throw PartiqlErrors.malformed("Expected keyword: " + word + ", found: " + peek());
        }
    }
}
