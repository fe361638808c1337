package dev.stratus.dynamodb.expr;

import dev.stratus.dynamodb.expr.Ast.AddAction;
import dev.stratus.dynamodb.expr.Ast.And;
import dev.stratus.dynamodb.expr.Ast.Arithmetic;
import dev.stratus.dynamodb.expr.Ast.Between;
import dev.stratus.dynamodb.expr.Ast.Call;
import dev.stratus.dynamodb.expr.Ast.Compare;
import dev.stratus.dynamodb.expr.Ast.Condition;
import dev.stratus.dynamodb.expr.Ast.DeleteAction;
import dev.stratus.dynamodb.expr.Ast.Function;
import dev.stratus.dynamodb.expr.Ast.In;
import dev.stratus.dynamodb.expr.Ast.Not;
import dev.stratus.dynamodb.expr.Ast.Operand;
import dev.stratus.dynamodb.expr.Ast.Or;
import dev.stratus.dynamodb.expr.Ast.Path;
import dev.stratus.dynamodb.expr.Ast.PathOperand;
import dev.stratus.dynamodb.expr.Ast.RemoveAction;
import dev.stratus.dynamodb.expr.Ast.SetAction;
import dev.stratus.dynamodb.expr.Ast.UpdateAction;
import dev.stratus.dynamodb.expr.Ast.ValueOperand;
import dev.stratus.dynamodb.expr.Lexer.Kind;
import dev.stratus.dynamodb.expr.Lexer.Token;
import dev.stratus.protocol.AwsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Recursive-descent parser for condition, key condition, filter, projection and update expressions. Precedence
 * from loosest: OR, AND, NOT, then comparisons/BETWEEN/IN/functions, then parentheses.
 */
public final class ExpressionParser {
    private static final Set<String> COMPARATORS = Set.of("=", "<>", "<", "<=", ">", ">=");
    private static final Set<String> CONDITION_FUNCTIONS =
            Set.of("attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains");
    private static final Set<String> OPERAND_FUNCTIONS = Set.of("size", "if_not_exists", "list_append");

    /** Longest expression string accepted (DynamoDB service quotas: 4 KB). */
    public static final int MAX_EXPRESSION_BYTES = 4096;
    /** Most operators and functions in one expression (DynamoDB service quotas). */
    public static final int MAX_OPERATORS = 300;
    private static final Set<String> OPERATOR_PUNCTS = Set.of("=", "<>", "<", "<=", ">", ">=", "+", "-");
    private static final Set<String> OPERATOR_WORDS = Set.of("AND", "OR", "NOT", "BETWEEN", "IN");
    /** Most operands an IN comparator takes (DynamoDB service quotas). */
    public static final int MAX_IN_OPERANDS = 100;
    private final String kind;
    private final String source;
    private final List<Token> tokens;
    private final ExpressionAttributes attributes;
    private int pos;
    /**
     * Faults DynamoDB reports only once the whole expression parsed (a syntax error anywhere wins), in its order of
     * precedence: reserved words, unknown functions, repeated update sections, undefined placeholders.
     */
    private final AwsException[] deferred = new AwsException[4];
    private static final int RESERVED_WORD = 0;
    private static final int UNKNOWN_FUNCTION = 1;
    private static final int REPEATED_SECTION = 2;
    private static final int UNDEFINED_PLACEHOLDER = 3;
    private static final Set<String> UPDATE_SECTIONS = Set.of("SET", "REMOVE", "ADD", "DELETE");

    private ExpressionParser(String kind, String source, ExpressionAttributes attributes) {
        this.kind = kind;
        this.source = source;
        this.attributes = attributes;
        if (source.isBlank()) {
            throw ExpressionErrors.invalid(kind, "The expression can not be empty;");
        }
        int size = source.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (size > MAX_EXPRESSION_BYTES) {
            throw ExpressionErrors.invalid(kind, "Expression size has exceeded the maximum allowed size; expression size: " + size);
        }
        this.tokens = Lexer.tokens(source, kind);
        int operators = operatorCount(tokens);
        if (operators > MAX_OPERATORS) {
            throw ExpressionErrors.invalid(kind, "The expression contains too many operators; operator count: " + operators);
        }
    }

    /** Comparators, arithmetic, logical keywords and function calls, as DynamoDB counts toward its limit. */
    private static int operatorCount(List<Token> tokens) {
        int count = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            boolean operator = t.kind() == Kind.PUNCT ? OPERATOR_PUNCTS.contains(t.text())
                    : t.kind() == Kind.NAME && (OPERATOR_WORDS.contains(t.text().toUpperCase(Locale.ROOT))
                    || i + 1 < tokens.size() && tokens.get(i + 1).is("("));
            if (operator) {
                count++;
            }
        }
        return count;
    }

    /** Parses a ConditionExpression, FilterExpression or KeyConditionExpression ({@code kind} names it). */
    public static Condition condition(String kind, String source, ExpressionAttributes attributes) {
        ExpressionParser p = new ExpressionParser(kind, source, attributes);
        Condition c = p.or();
        p.expectEnd();
        p.throwDeferred();
        if (!kind.equals("KeyConditionExpression")) {
            ConditionValidator.validate(kind, c, attributes);
        }
        return c;
    }

    /** Parses a ProjectionExpression into its paths. */
    public static List<Path> projection(String source, ExpressionAttributes attributes) {
        ExpressionParser p = new ExpressionParser("ProjectionExpression", source, attributes);
        List<Path> out = new ArrayList<>();
        do {
            out.add(p.path());
        } while (p.accept(","));
        p.expectEnd();
        p.throwDeferred();
        UpdateValidator.checkPaths("ProjectionExpression", out);
        return out;
    }

    /** Parses an UpdateExpression: SET, REMOVE, ADD and DELETE clauses, each at most once. */
    public static List<UpdateAction> update(String source, ExpressionAttributes attributes) {
        ExpressionParser p = new ExpressionParser("UpdateExpression", source, attributes);
        List<UpdateAction> out = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        while (p.peek().kind() != Kind.EOF) {
            Token clause = p.next();
            String name = clause.text().toUpperCase(Locale.ROOT);
            if (clause.kind() != Kind.NAME || !UPDATE_SECTIONS.contains(name)) {
                throw p.syntaxError(clause);
            }
            if (!seen.add(name)) {
                p.defer(REPEATED_SECTION, ExpressionErrors.invalid("UpdateExpression",
                        "The \"" + name + "\" section can only be used once in an update expression;"));
            }
            do {
                Path path = p.path();
                switch (name) {
                    case "SET" -> {
                        p.expect("=");
                        out.add(new SetAction(path, p.setValue()));
                    }
                    case "REMOVE" -> out.add(new RemoveAction(path));
                    case "ADD" -> out.add(new AddAction(path, p.valueRef()));
                    default -> out.add(new DeleteAction(path, p.valueRef()));
                }
            } while (p.accept(","));
        }
        p.throwDeferred();
        UpdateValidator.validate(out, attributes);
        return out;
    }

    private Condition or() {
        Condition left = and();
        while (acceptKeyword("OR")) {
            left = new Or(left, and());
        }
        return left;
    }

    private Condition and() {
        Condition left = not();
        while (acceptKeyword("AND")) {
            left = new And(left, not());
        }
        return left;
    }

    private Condition not() {
        if (acceptKeyword("NOT")) {
            return new Not(not());
        }
        return primary();
    }

    private Condition primary() {
        if (accept("(")) {
            Condition inner = or();
            expect(")");
            return inner;
        }
        Token t = peek();
        if (t.kind() == Kind.NAME && tokens.get(pos + 1).is("(")) {
            String fn = t.text();
            if (CONDITION_FUNCTIONS.contains(fn)) {
                next();
                return new Function(fn, checkArity(fn, arguments()));
            }
            if (!fn.equals("size")) {
                throw ExpressionErrors.invalid(kind, OPERAND_FUNCTIONS.contains(fn)
                        ? "The function is not allowed to be used this way in an expression; function: " + fn
                        : "Invalid function name; function: " + fn);
            }
        }
        Operand left = operand();
        Token op = peek();
        if (op.kind() == Kind.PUNCT && COMPARATORS.contains(op.text())) {
            next();
            return new Compare(op.text(), left, operand());
        }
        if (acceptKeyword("BETWEEN")) {
            Operand lower = operand();
            if (!acceptKeyword("AND")) {
                throw syntaxError(peek());
            }
            return new Between(left, lower, operand());
        }
        if (acceptKeyword("IN")) {
            expect("(");
            List<Operand> candidates = new ArrayList<>();
            do {
                candidates.add(operand());
            } while (accept(","));
            expect(")");
            if (candidates.size() > MAX_IN_OPERANDS) {
                throw ExpressionErrors.invalid(kind, "The IN operator is provided with too many operands; number of operands: "
                        + candidates.size());
            }
            return new In(left, candidates);
        }
        throw syntaxError(op);
    }

    /** A condition operand: a path, a value or size(path). */
    private Operand operand() {
        Token t = peek();
        if (t.kind() == Kind.VALUE_REF) {
            return valueRef();
        }
        if (t.kind() == Kind.NAME && tokens.get(pos + 1).is("(")) {
            String fn = t.text();
            if (!fn.equals("size")) {
                throw ExpressionErrors.invalid(kind, CONDITION_FUNCTIONS.contains(fn) || OPERAND_FUNCTIONS.contains(fn)
                        ? "The function is not allowed to be used this way in an expression; function: " + fn
                        : "Invalid function name; function: " + fn);
            }
            next();
            return new Call(fn, checkArity(fn, arguments()));
        }
        return new PathOperand(path());
    }

    /**
     * The right side of SET: one operand, or exactly two joined by + or - (a third is a syntax error, and so is
     * arithmetic inside a function's arguments).
     */
    private Operand setValue() {
        Operand left = setTerm();
        if (peek().is("+") || peek().is("-")) {
            char op = next().text().charAt(0);
            left = new Arithmetic(left, op, setTerm());
        }
        return left;
    }

    private Operand setTerm() {
        Token t = peek();
        if (t.kind() == Kind.VALUE_REF) {
            return valueRef();
        }
        if (t.kind() == Kind.NAME && tokens.get(pos + 1).is("(")) {
            String fn = t.text();
            if (!fn.equals("if_not_exists") && !fn.equals("list_append")) {
                defer(UNKNOWN_FUNCTION, ExpressionErrors.invalid(kind, CONDITION_FUNCTIONS.contains(fn) || fn.equals("size")
                        ? "The function is not allowed in an update expression; function: " + fn
                        : "Invalid function name; function: " + fn));
            }
            next();
            expect("(");
            List<Operand> args = new ArrayList<>();
            do {
                args.add(setTerm());
            } while (accept(","));
            expect(")");
            // Arity and operand kinds are checked after parsing, in DynamoDB's order (UpdateValidator).
            return new Call(fn, args);
        }
        return new PathOperand(path());
    }

    private List<Operand> arguments() {
        expect("(");
        List<Operand> args = new ArrayList<>();
        if (!peek().is(")")) {
            do {
                args.add(operand());
            } while (accept(","));
        }
        expect(")");
        return args;
    }

    private List<Operand> checkArity(String fn, List<Operand> args) {
        int expected = switch (fn) {
            case "attribute_exists", "attribute_not_exists", "size" -> 1;
            default -> 2;
        };
        if (args.size() != expected) {
            throw ExpressionErrors.invalid(kind, "Incorrect number of operands for operator or function; "
                    + "operator or function: " + fn + ", number of operands: " + args.size());
        }
        return args;
    }

    private ValueOperand valueRef() {
        Token t = next();
        if (t.kind() != Kind.VALUE_REF) {
            throw syntaxError(t);
        }
        try {
            attributes.useValue(kind, t.text());
        } catch (AwsException e) {
            defer(UNDEFINED_PLACEHOLDER, e);
        }
        return new ValueOperand(t.text());
    }

    private Path path() {
        List<Object> elements = new ArrayList<>();
        elements.add(pathName());
        while (true) {
            if (accept(".")) {
                elements.add(pathName());
            } else if (accept("[")) {
                Token index = next();
                if (index.kind() != Kind.INTEGER) {
                    throw syntaxError(index);
                }
                elements.add(Integer.parseInt(index.text()));
                expect("]");
            } else {
                return new Path(List.copyOf(elements));
            }
        }
    }

    private String pathName() {
        Token t = next();
        return switch (t.kind()) {
            case NAME_REF -> {
                try {
                    yield attributes.name(kind, t.text());
                } catch (AwsException e) {
                    defer(UNDEFINED_PLACEHOLDER, e);
                    yield t.text();
                }
            }
            case NAME -> {
                if (kind.equals("UpdateExpression") && UPDATE_SECTIONS.contains(t.text().toUpperCase(Locale.ROOT))) {
                    throw syntaxError(t); // section keywords are tokens of their own in DynamoDB's grammar
                }
                try {
                    ExpressionAttributes.checkNotReserved(kind, t.text());
                } catch (AwsException e) {
                    defer(RESERVED_WORD, e);
                }
                yield t.text();
            }
            default -> throw syntaxError(t);
        };
    }

    private void defer(int rank, AwsException e) {
        if (deferred[rank] == null) {
            deferred[rank] = e;
        }
    }

    private void throwDeferred() {
        for (AwsException e : deferred) {
            if (e != null) {
                throw e;
            }
        }
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (t.kind() != Kind.EOF) {
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

    private boolean acceptKeyword(String keyword) {
        if (peek().kind() == Kind.NAME && peek().text().equalsIgnoreCase(keyword)) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(String punct) {
        if (!accept(punct)) {
            throw syntaxError(peek());
        }
    }

    private void expectEnd() {
        if (peek().kind() != Kind.EOF) {
            throw syntaxError(peek());
        }
    }

    private RuntimeException syntaxError(Token t) {
        return ExpressionErrors.syntax(kind, source, t.text(), t.start(), t.end());
    }
}
