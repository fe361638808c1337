package dev.stratus.dynamodb.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.dynamodb.expr.Ast.And;
import dev.stratus.dynamodb.expr.Ast.Between;
import dev.stratus.dynamodb.expr.Ast.Compare;
import dev.stratus.dynamodb.expr.Ast.Condition;
import dev.stratus.dynamodb.expr.Ast.Not;
import dev.stratus.dynamodb.expr.Ast.Or;
import dev.stratus.dynamodb.expr.Ast.Path;
import dev.stratus.dynamodb.expr.Ast.PathOperand;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpressionParserTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static ExpressionAttributes attrs(String names, String values) throws Exception {
        return new ExpressionAttributes(names.equals("{}") ? null : JSON.readTree(names), JSON.readTree(values));
    }

    static Condition parse(String expression) throws Exception {
        return ExpressionParser.condition("ConditionExpression", expression,
                attrs("{\"#n\":\"name\"}", "{\":a\":{\"N\":\"1\"},\":b\":{\"N\":\"2\"},\":s\":{\"S\":\"x\"}}"));
    }

    @Test
    void andBindsTighterThanOrAndNotTighterThanAnd() throws Exception {
        Condition c = parse("a = :a OR b = :b AND NOT c = :a");
        assertThat(c).isInstanceOf(Or.class);
        Or or = (Or) c;
        assertThat(or.right()).isInstanceOf(And.class);
        assertThat(((And) or.right()).right()).isInstanceOf(Not.class);
    }

    @Test
    void parenthesesOverridePrecedence() throws Exception {
        Condition c = parse("(a = :a OR b = :b) AND c BETWEEN :a AND :b");
        assertThat(c).isInstanceOf(And.class);
        assertThat(((And) c).left()).isInstanceOf(Or.class);
        assertThat(((And) c).right()).isInstanceOf(Between.class);
    }

    @Test
    void nestedPathsAndNameReferences() throws Exception {
        Condition c = parse("#n.b[1].c = :s");
        Compare cmp = (Compare) c;
        assertThat(((PathOperand) cmp.left()).path()).isEqualTo(new Path(List.of("name", "b", 1, "c")));
    }

    @Test
    void keywordsAreCaseInsensitiveAndFunctionsParse() throws Exception {
        assertThat(parse("attribute_exists(a) and size(b) > :a or contains(c, :s) and a in (:a, :b)")).isInstanceOf(Or.class);
    }

    @Test
    void syntaxErrorsQuoteTheTokenAndItsNeighbourhood() {
        assertThatThrownBy(() -> parse("a = :a AND"))
                .hasMessage("Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"AND\"");
        assertThatThrownBy(() -> parse("a == :a"))
                .hasMessage("Invalid ConditionExpression: Syntax error; token: \"=\", near: \"== :a\"");
        assertThatThrownBy(() -> parse("a = :a ; b"))
                .hasMessageStartingWith("Invalid ConditionExpression: Invalid character encountered; character: \";\"");
    }

    @Test
    void functionsAreChecked() {
        assertThatThrownBy(() -> parse("nope(a)"))
                .hasMessage("Invalid ConditionExpression: Invalid function name; function: nope");
        assertThatThrownBy(() -> parse("begins_with(a)"))
                .hasMessage("Invalid ConditionExpression: Incorrect number of operands for operator or function; "
                        + "operator or function: begins_with, number of operands: 1");
    }

    @Test
    void reservedWordsUndefinedNamesAndUnusedValues() throws Exception {
        assertThatThrownBy(() -> parse("name = :a"))
                .hasMessage("Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: name");
        assertThatThrownBy(() -> parse("#undefined = :a"))
                .hasMessage("Invalid ConditionExpression: An expression attribute name used in the document path is not "
                        + "defined; attribute name: #undefined");
        assertThatThrownBy(() -> parse("a = :zz"))
                .hasMessage("Invalid ConditionExpression: An expression attribute value used in expression is not defined; "
                        + "attribute value: :zz");
        ExpressionAttributes a = attrs("{}", "{\":a\":{\"N\":\"1\"},\":b\":{\"N\":\"2\"}}");
        ExpressionParser.condition("ConditionExpression", "x = :a", a);
        assertThatThrownBy(a::checkAllUsed)
                .hasMessage("Value provided in ExpressionAttributeValues unused in expressions: keys: {:b}");
    }

    @Test
    void updateClausesParseAndRepeatIsRejected() throws Exception {
        ExpressionAttributes a = attrs("{}", "{\":a\":{\"N\":\"1\"},\":l\":{\"L\":[]}}");
        List<Ast.UpdateAction> actions = ExpressionParser.update(
                "SET x = x + :a, y = list_append(if_not_exists(y, :l), :l) REMOVE z[0] ADD n :a", a);
        assertThat(actions).hasSize(4);
        assertThatThrownBy(() -> ExpressionParser.update("SET x = :a SET y = :a", a))
                .hasMessage("Invalid UpdateExpression: The \"SET\" section can only be used once in an update expression;");
        assertThatThrownBy(() -> ExpressionParser.update("", a))
                .hasMessage("Invalid UpdateExpression: The expression can not be empty;");
    }

    @Test
    void evaluatorComparesNumbersAndStrings() throws Exception {
        JsonNode item = JSON.readTree("{\"a\":{\"N\":\"1.0\"},\"s\":{\"S\":\"xyz\"},\"l\":{\"L\":[{\"S\":\"x\"}]}}");
        ExpressionAttributes a = attrs("{}", "{\":one\":{\"N\":\"1\"},\":x\":{\"S\":\"x\"},\":t\":{\"S\":\"L\"}}");
        Evaluator e = new Evaluator(a);
        assertThat(e.test(ExpressionParser.condition("ConditionExpression", "a = :one", a), item)).isTrue();
        assertThat(e.test(ExpressionParser.condition("ConditionExpression", "begins_with(s, :x)", a), item)).isTrue();
        assertThat(e.test(ExpressionParser.condition("ConditionExpression", "contains(l, :x)", a), item)).isTrue();
        assertThat(e.test(ExpressionParser.condition("ConditionExpression", "attribute_type(l, :t)", a), item)).isTrue();
        assertThat(e.test(ExpressionParser.condition("ConditionExpression", "s < :x", a), item)).isFalse();
        assertThat(e.test(ExpressionParser.condition("ConditionExpression", "absent <> :x", a), item)).isTrue();
        assertThat(e.test(ExpressionParser.condition("ConditionExpression", "a > :x", a), item)).isFalse();
    }

    @Test
    void expressionLimits() {
        String longExpression = "a = :a" + " OR a = :a".repeat(500);
        assertThatThrownBy(() -> parse(longExpression))
                .hasMessageStartingWith("Invalid ConditionExpression: Expression size has exceeded the maximum allowed size");
        String manyOperands = "a IN (" + ":a, ".repeat(100) + ":b)";
        assertThatThrownBy(() -> parse(manyOperands))
                .hasMessage("Invalid ConditionExpression: The IN operator is provided with too many operands; number of operands: 101");
    }

    @Test
    void placeholderKeysNeedTheirSigil() {
        assertThatThrownBy(() -> new ExpressionAttributes(JSON.readTree("{\"n\":\"name\"}"), null))
                .hasMessage("ExpressionAttributeNames contains invalid key: Syntax error; key: \"n\"");
        assertThatThrownBy(() -> new ExpressionAttributes(null, JSON.readTree("{\"v\":{\"N\":\"1\"}}")))
                .hasMessage("ExpressionAttributeValues contains invalid key: Syntax error; key: \"v\"");
    }

    @Test
    void moreThan300OperatorsAreRefused() throws Exception {
        ExpressionAttributes values = attrs("{}", "{\":a\":{\"N\":\"1\"}}");
        // Each action "aN = :a + :a" holds two operators (= and +); a sum takes exactly two operands.
        String atLimit = "SET " + java.util.stream.IntStream.range(0, 150).mapToObj(i -> "a" + i + " = :a + :a")
                .collect(java.util.stream.Collectors.joining(", "));
        assertThat(ExpressionParser.update(atLimit, values)).hasSize(150);
        assertThatThrownBy(() -> ExpressionParser.update(atLimit + ", z = :a", values))
                .hasMessage("Invalid UpdateExpression: The expression contains too many operators; operator count: 301");
    }
}
