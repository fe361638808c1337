package dev.stratus.dynamodb.partiql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.dynamodb.expr.Ast;
import dev.stratus.dynamodb.expr.Evaluator;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartiqlParserTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static PartiqlParser.Parsed parse(String statement) {
        return PartiqlParser.parse(statement, null);
    }

    @Test
    void selectFromIndexWithNestedProjectionAndOrdering() {
        Statement.Select s = (Statement.Select) parse(
                "select a.b[2].c, \"x y\" from \"t\".\"i\" where pk = 'p' order by sk desc").statement();
        assertThat(s.table()).isEqualTo("t");
        assertThat(s.index()).isEqualTo("i");
        assertThat(s.projection()).containsExactly(new Ast.Path(List.of("a", "b", 2, "c")), new Ast.Path(List.of("x y")));
        assertThat(s.orderBy()).containsExactly(new Statement.Ordering("sk", true));
    }

    @Test
    void andBindsTighterThanOrAndConditionsEvaluateOnItems() throws Exception {
        PartiqlParser.Parsed p = parse("SELECT * FROM t WHERE a = 1 OR b = 2 AND NOT c IS MISSING");
        Ast.Condition where = ((Statement.Select) p.statement()).where();
        assertThat(where).isInstanceOf(Ast.Or.class);
        Evaluator evaluator = new Evaluator(p.attributes());
        assertThat(evaluator.test(where, JSON.readTree("{\"a\":{\"N\":\"1\"}}"))).isTrue();
        assertThat(evaluator.test(where, JSON.readTree("{\"b\":{\"N\":\"2\"}}"))).isFalse();
        assertThat(evaluator.test(where, JSON.readTree("{\"b\":{\"N\":\"2\"},\"c\":{\"S\":\"\"}}"))).isTrue();
    }

    @Test
    void literalsBecomeAttributeValues() {
        Statement.Insert insert = (Statement.Insert) PartiqlParser.parse(
                "INSERT INTO t VALUE {'k': ?, 'n': 1.50, 'neg': -3, 's': 'it''s', 'set': <<2, 1>>, 'l': [NULL, true]}",
                JSON.createArrayNode().add(JSON.createObjectNode().put("S", "param"))).statement();
        assertThat(insert.item().toString()).isEqualTo("{\"k\":{\"S\":\"param\"},\"n\":{\"N\":\"1.5\"},"
                + "\"neg\":{\"N\":\"-3\"},\"s\":{\"S\":\"it's\"},\"set\":{\"NS\":[\"2\",\"1\"]},"
                + "\"l\":{\"L\":[{\"NULL\":true},{\"BOOL\":true}]}}");
    }

    @Test
    void updateClausesAndReturning() {
        Statement.Update u = (Statement.Update) parse(
                "UPDATE t SET a = a + 1, b = list_append(b, [1]) REMOVE c SET d = set_add(d, <<'x'>>) "
                        + "WHERE pk = 'p' RETURNING MODIFIED NEW *").statement();
        assertThat(u.actions()).hasSize(4);
        assertThat(u.actions().get(0)).isInstanceOf(Ast.SetAction.class);
        assertThat(u.actions().get(2)).isInstanceOf(Ast.RemoveAction.class);
        assertThat(u.actions().get(3)).isInstanceOf(Ast.AddAction.class);
        assertThat(u.returning()).isEqualTo(Statement.Returning.UPDATED_NEW);
    }

    @Test
    void malformedStatementsAreRejectedWithDynamoDbsWording() {
        assertThatThrownBy(() -> parse("SELECT FROM t"))
                .hasMessageStartingWith("Statement wasn't well formed, can't be processed: ");
        assertThatThrownBy(() -> parse("SELECT * FROM t WHERE a = 'unterminated"))
                .hasMessageStartingWith("Statement wasn't well formed, can't be processed: ");
        assertThatThrownBy(() -> parse("SELECT *, a FROM t"))
                .hasMessage("Other attributes should not be present in the projection when '*' is used.");
        assertThatThrownBy(() -> parse("DELETE FROM t"))
                .hasMessage("Where clause does not contain a mandatory equality on all key attributes");
        assertThatThrownBy(() -> parse("INSERT INTO t VALUE {'a': <<>>}")).hasMessage("Empty bags are not supported");
        assertThatThrownBy(() -> parse("INSERT INTO t VALUE {'a': <<1, 'x'>>}"))
                .hasMessageContaining("DynamoDB only supports either numbers or strings in bags");
        assertThatThrownBy(() -> parse("INSERT INTO t VALUE [1]")).hasMessageContaining("Please use struct format");
        assertThatThrownBy(() -> parse("SELECT * FROM t WHERE a = MISSING"))
                .hasMessage("MISSING must be compared using IS operator");
    }
}
