package dev.stratus.e2e;

import static dev.stratus.e2e.DynamoDbItemTest.key;
import static dev.stratus.e2e.DynamoDbItemTest.n;
import static dev.stratus.e2e.DynamoDbItemTest.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

class DynamoDbBatchTransactionTest {
    static final StratusServer stratus = StratusServer.start();
    static final DynamoDbClient ddb = stratus.client(DynamoDbClient.builder());

    @BeforeAll
    static void table() {
        ddb.createTable(DynamoDbTableTest.hashRange("batch").build());
    }

    @AfterAll
    static void stop() {
        stratus.close();
    }

    static WriteRequest put(String pk, int sk) {
        return WriteRequest.builder().putRequest(p -> p.item(Map.of("pk", s(pk), "sk", n(String.valueOf(sk)), "v", s("x")))).build();
    }

    @Test
    void batchWriteThenBatchGet() {
        List<WriteRequest> writes = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            writes.add(put("bw", i));
        }
        var written = ddb.batchWriteItem(r -> r.requestItems(Map.of("batch", writes)));
        assertThat(written.unprocessedItems()).isEmpty();
        ddb.batchWriteItem(r -> r.requestItems(Map.of("batch", List.of(
                WriteRequest.builder().deleteRequest(d -> d.key(key("bw", 0))).build()))));
        BatchGetItemResponse got = ddb.batchGetItem(r -> r.requestItems(Map.of("batch",
                KeysAndAttributes.builder().keys(key("bw", 0), key("bw", 1), key("bw", 2)).projectionExpression("sk").build())));
        assertThat(got.responses().get("batch")).extracting(i -> i.get("sk").n()).containsExactlyInAnyOrder("1", "2");
        assertThat(got.responses().get("batch").get(0)).containsOnlyKeys("sk");
        assertThat(got.unprocessedKeys()).isEmpty();
    }

    @Test
    void batchLimitsAndDuplicates() {
        List<WriteRequest> tooMany = new ArrayList<>();
        for (int i = 0; i < 26; i++) {
            tooMany.add(put("many", i));
        }
        assertThatThrownBy(() -> ddb.batchWriteItem(r -> r.requestItems(Map.of("batch", tooMany))))
                .isInstanceOfSatisfying(software.amazon.awssdk.services.dynamodb.model.DynamoDbException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"))
                .hasMessageContaining("Member must have length less than or equal to 25");
        assertThatThrownBy(() -> ddb.batchWriteItem(r -> r.requestItems(Map.of("batch", List.of(put("d", 1), put("d", 1))))))
                .hasMessageContaining("Provided list of item keys contains duplicates");
        assertThatThrownBy(() -> ddb.batchGetItem(r -> r.requestItems(Map.of("batch",
                KeysAndAttributes.builder().keys(key("d", 1), key("d", 1)).build()))))
                .hasMessageContaining("Provided list of item keys contains duplicates");
    }

    @Test
    void transactionAppliesEverythingOrNothing() {
        ddb.putItem(r -> r.tableName("batch").item(Map.of("pk", s("acct"), "sk", n("1"), "balance", n("10"))));
        TransactWriteItem debit = TransactWriteItem.builder().update(u -> u.tableName("batch").key(key("acct", 1))
                .updateExpression("SET balance = balance - :amt").conditionExpression("balance >= :amt")
                .expressionAttributeValues(Map.of(":amt", n("30")))).build();
        TransactWriteItem credit = TransactWriteItem.builder().put(p -> p.tableName("batch")
                .item(Map.of("pk", s("acct"), "sk", n("2"), "balance", n("30")))).build();
        assertThatThrownBy(() -> ddb.transactWriteItems(r -> r.transactItems(credit, debit)))
                .isInstanceOfSatisfying(TransactionCanceledException.class, e -> {
                    assertThat(e.getMessage()).contains("Transaction cancelled, please refer cancellation reasons for "
                            + "specific reasons [None, ConditionalCheckFailed]");
                    assertThat(e.cancellationReasons()).extracting(c -> c.code()).containsExactly("None", "ConditionalCheckFailed");
                });
        assertThat(ddb.getItem(r -> r.tableName("batch").key(key("acct", 2))).hasItem()).isFalse();

        TransactWriteItem smallDebit = TransactWriteItem.builder().update(u -> u.tableName("batch").key(key("acct", 1))
                .updateExpression("SET balance = balance - :amt").conditionExpression("balance >= :amt")
                .expressionAttributeValues(Map.of(":amt", n("4")))).build();
        ddb.transactWriteItems(r -> r.transactItems(credit, smallDebit));
        var got = ddb.transactGetItems(r -> r.transactItems(
                t -> t.get(g -> g.tableName("batch").key(key("acct", 1))),
                t -> t.get(g -> g.tableName("batch").key(key("acct", 2)))));
        assertThat(got.responses()).extracting(i -> i.item().get("balance").n()).containsExactly("6", "30");
    }

    @Test
    void clientRequestTokenMakesRetriesIdempotent() {
        TransactWriteItem increment = TransactWriteItem.builder().update(u -> u.tableName("batch").key(key("tok", 1))
                .updateExpression("ADD hits :one").expressionAttributeValues(Map.of(":one", n("1")))).build();
        ddb.transactWriteItems(r -> r.transactItems(increment).clientRequestToken("token-1"));
        ddb.transactWriteItems(r -> r.transactItems(increment).clientRequestToken("token-1"));
        assertThat(ddb.getItem(r -> r.tableName("batch").key(key("tok", 1))).item().get("hits").n()).isEqualTo("1");
        TransactWriteItem other = TransactWriteItem.builder().update(u -> u.tableName("batch").key(key("tok", 2))
                .updateExpression("ADD hits :one").expressionAttributeValues(Map.of(":one", n("1")))).build();
        assertThatThrownBy(() -> ddb.transactWriteItems(r -> r.transactItems(other).clientRequestToken("token-1")))
                .isInstanceOf(IdempotentParameterMismatchException.class);
    }

    @Test
    void oneItemTwiceInATransactionIsRejected() {
        TransactWriteItem a = TransactWriteItem.builder().put(p -> p.tableName("batch").item(key("twice", 1))).build();
        TransactWriteItem b = TransactWriteItem.builder().conditionCheck(c -> c.tableName("batch").key(key("twice", 1))
                .conditionExpression("attribute_not_exists(pk)")).build();
        assertThatThrownBy(() -> ddb.transactWriteItems(r -> r.transactItems(a, b)))
                .hasMessageContaining("Transaction request cannot include multiple operations on one item");
    }

    @Test
    void conditionCheckWithOldItem() {
        ddb.putItem(r -> r.tableName("batch").item(Map.of("pk", s("cc"), "sk", n("1"), "locked", AttributeValue.fromBool(true))));
        assertThatThrownBy(() -> ddb.transactWriteItems(r -> r.transactItems(
                TransactWriteItem.builder().conditionCheck(c -> c.tableName("batch").key(key("cc", 1))
                        .conditionExpression("locked = :f").expressionAttributeValues(Map.of(":f", AttributeValue.fromBool(false)))
                        .returnValuesOnConditionCheckFailure("ALL_OLD")).build())))
                .isInstanceOfSatisfying(TransactionCanceledException.class, e ->
                        assertThat(e.cancellationReasons().get(0).item().get("locked").bool()).isTrue());
    }

    @Test
    void itemLevelViolationsCancelWithAValidationErrorReason() {
        ddb.putItem(r -> r.tableName("batch").item(Map.of("pk", s("big"), "sk", n("1"), "v", s("x"))));
        TransactWriteItem tooBig = TransactWriteItem.builder().update(u -> u.tableName("batch").key(key("big", 1))
                .updateExpression("SET v = :v").expressionAttributeValues(Map.of(":v", s("y".repeat(401 * 1024))))).build();
        TransactWriteItem fine = TransactWriteItem.builder().put(p -> p.tableName("batch").item(key("big", 2))).build();
        assertThatThrownBy(() -> ddb.transactWriteItems(r -> r.transactItems(fine, tooBig)))
                .isInstanceOfSatisfying(TransactionCanceledException.class, e -> {
                    assertThat(e.cancellationReasons()).extracting(c -> c.code()).containsExactly("None", "ValidationError");
                    // an Update's size fault reads "Item size to update has exceeded…" (dynalite's updateItem.js, on DynamoDB)
                    assertThat(e.cancellationReasons().get(1).message()).contains("exceeded the maximum allowed size");
                });
        assertThat(ddb.getItem(r -> r.tableName("batch").key(key("big", 2))).hasItem()).isFalse();
    }

    @Test
    void transactionalWritesCostDoubleUnits() {
        var out = ddb.transactWriteItems(r -> r.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).transactItems(
                TransactWriteItem.builder().put(p -> p.tableName("batch").item(key("cost", 1))).build(),
                TransactWriteItem.builder().put(p -> p.tableName("batch").item(key("cost", 2))).build()));
        assertThat(out.consumedCapacity()).singleElement().satisfies(c -> assertThat(c.capacityUnits()).isEqualTo(4.0));
    }
}
