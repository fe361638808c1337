package dev.stratus.e2e;

import static dev.stratus.e2e.DynamoDbItemTest.n;
import static dev.stratus.e2e.DynamoDbItemTest.s;
import static dev.stratus.e2e.DynamoDbTableTest.hashRange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.AttributeValueUpdate;
import software.amazon.awssdk.services.dynamodb.model.Condition;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/** Enum violations list the allowed values in DynamoDB's own order (as dynalite's tests recorded it), not the model's. */
class DynamoDbEnumOrderTest {
    static final StratusServer stratus = StratusServer.start();
    static final DynamoDbClient ddb = stratus.client(DynamoDbClient.builder());
    static final Map<String, AttributeValue> KEY = Map.of("pk", s("p"), "sk", n("1"));

    @BeforeAll
    static void table() {
        ddb.createTable(hashRange("enums").build());
    }

    @AfterAll
    static void stop() {
        stratus.close();
    }

    private static void invalid(ThrowingCallable call, String at, String values) {
        assertThatThrownBy(call).isInstanceOfSatisfying(DynamoDbException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("1 validation error detected: Value 'hi' at '"
                    + at + "' failed to satisfy constraint: Member must satisfy enum value set: " + values);
        });
    }

    @Test
    void itemCallsListReturnValuesSelectAndOperatorsInDynamoDbsOrder() {
        invalid(() -> ddb.putItem(r -> r.tableName("enums").item(KEY).returnValues("hi")), "returnValues",
                "[ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]");
        invalid(() -> ddb.query(r -> r.tableName("enums").keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("p"))).select("hi")), "select",
                "[SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]");
        invalid(() -> ddb.scan(r -> r.tableName("enums").scanFilter(Map.of("a",
                Condition.builder().comparisonOperator("hi").attributeValueList(s("x")).build()))),
                "scanFilter.a.member.comparisonOperator",
                "[IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]");
        invalid(() -> ddb.scan(r -> r.tableName("enums").conditionalOperator("hi")), "conditionalOperator",
                "[OR, AND]");
        invalid(() -> ddb.updateItem(r -> r.tableName("enums").key(KEY).attributeUpdates(Map.of("a",
                AttributeValueUpdate.builder().action("hi").value(s("x")).build()))),
                "attributeUpdates.a.member.action", "[ADD, DELETE, PUT]");
    }

    @Test
    void createTableListsAttributeAndProjectionTypesInDynamoDbsOrder() {
        invalid(() -> ddb.createTable(hashRange("badtype").attributeDefinitions(d -> d.attributeName("pk")
                .attributeType("hi"), d -> d.attributeName("sk").attributeType("N")).build()),
                "attributeDefinitions.1.member.attributeType", "[B, N, S]");
        invalid(() -> ddb.createTable(hashRange("badproj").globalSecondaryIndexes(g -> g.indexName("gsi")
                .keySchema(k -> k.attributeName("sk").keyType("HASH")).projection(p -> p.projectionType("hi")))
                .build()), "globalSecondaryIndexes.1.member.projection.projectionType", "[ALL, INCLUDE, KEYS_ONLY]");
    }
}
