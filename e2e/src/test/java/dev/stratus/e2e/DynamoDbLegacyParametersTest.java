package dev.stratus.e2e;

import static dev.stratus.e2e.DynamoDbItemTest.key;
import static dev.stratus.e2e.DynamoDbItemTest.n;
import static dev.stratus.e2e.DynamoDbItemTest.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeAction;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.AttributeValueUpdate;
import software.amazon.awssdk.services.dynamodb.model.ComparisonOperator;
import software.amazon.awssdk.services.dynamodb.model.Condition;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConditionalOperator;
import software.amazon.awssdk.services.dynamodb.model.ExpectedAttributeValue;

/** The pre-2014 parameters still used by older code: Expected, AttributeUpdates, KeyConditions, filters. */
class DynamoDbLegacyParametersTest {
    static final StratusServer stratus = StratusServer.start();
    static final DynamoDbClient ddb = stratus.client(DynamoDbClient.builder());

    @BeforeAll
    static void table() {
        ddb.createTable(DynamoDbTableTest.hashRange("legacy").build());
        for (int i = 1; i <= 5; i++) {
            int sk = i;
            ddb.putItem(r -> r.tableName("legacy").item(Map.of("pk", s("p"), "sk", n(String.valueOf(sk)),
                    "color", s(sk % 2 == 0 ? "red" : "blue"))));
        }
    }

    @AfterAll
    static void stop() {
        stratus.close();
    }

    static Condition cond(ComparisonOperator op, AttributeValue... values) {
        return Condition.builder().comparisonOperator(op).attributeValueList(values).build();
    }

    @Test
    void keyConditionsAndQueryFilter() {
        var r = ddb.query(q -> q.tableName("legacy")
                .keyConditions(Map.of("pk", cond(ComparisonOperator.EQ, s("p")),
                        "sk", cond(ComparisonOperator.BETWEEN, n("2"), n("5"))))
                .queryFilter(Map.of("color", cond(ComparisonOperator.EQ, s("red"))))
                .attributesToGet("sk"));
        assertThat(r.items()).extracting(i -> i.get("sk").n()).containsExactly("2", "4");
        assertThat(r.items().get(0)).containsOnlyKeys("sk");
    }

    @Test
    void scanFilterWithOr() {
        var r = ddb.scan(q -> q.tableName("legacy").conditionalOperator(ConditionalOperator.OR)
                .scanFilter(Map.of("sk", cond(ComparisonOperator.IN, n("1"), n("3")),
                        "color", cond(ComparisonOperator.EQ, s("red")))));
        assertThat(r.count()).isEqualTo(4);
    }

    @Test
    void expectedAndAttributeUpdates() {
        ddb.updateItem(u -> u.tableName("legacy").key(key("upd", 1))
                .attributeUpdates(Map.of("hits", AttributeValueUpdate.builder().action(AttributeAction.ADD).value(n("2")).build(),
                        "tags", AttributeValueUpdate.builder().action(AttributeAction.PUT)
                                .value(AttributeValue.fromSs(List.of("a", "b"))).build()))
                .expected(Map.of("pk", ExpectedAttributeValue.builder().exists(false).build())));
        assertThatThrownBy(() -> ddb.updateItem(u -> u.tableName("legacy").key(key("upd", 1))
                .attributeUpdates(Map.of("hits", AttributeValueUpdate.builder().action(AttributeAction.ADD).value(n("1")).build()))
                .expected(Map.of("hits", ExpectedAttributeValue.builder().value(n("5")).build()))))
                .isInstanceOf(ConditionalCheckFailedException.class);
        ddb.updateItem(u -> u.tableName("legacy").key(key("upd", 1))
                .attributeUpdates(Map.of("tags", AttributeValueUpdate.builder().action(AttributeAction.DELETE)
                        .value(AttributeValue.fromSs(List.of("a"))).build()))
                .expected(Map.of("hits", ExpectedAttributeValue.builder()
                        .comparisonOperator(ComparisonOperator.GE).attributeValueList(n("2")).build())));
        var item = ddb.getItem(g -> g.tableName("legacy").key(key("upd", 1))).item();
        assertThat(item.get("hits").n()).isEqualTo("2");
        assertThat(item.get("tags").ss()).containsExactly("b");
    }

    @Test
    void mixingLegacyAndExpressionParametersIsRejected() {
        assertThatThrownBy(() -> ddb.putItem(p -> p.tableName("legacy").item(key("mix", 1))
                .conditionExpression("attribute_not_exists(pk)")
                .expected(Map.of("pk", ExpectedAttributeValue.builder().exists(false).build()))))
                .hasMessageContaining("Can not use both expression and non-expression parameters in the same request: "
                        + "Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}");
    }
}
