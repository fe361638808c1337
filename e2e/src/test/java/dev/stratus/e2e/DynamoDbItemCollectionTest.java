package dev.stratus.e2e;

import static dev.stratus.e2e.DynamoDbItemTest.n;
import static dev.stratus.e2e.DynamoDbItemTest.s;
import static dev.stratus.e2e.DynamoDbTableTest.attr;
import static dev.stratus.e2e.DynamoDbTableTest.hashRange;
import static dev.stratus.e2e.DynamoDbTableTest.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ItemCollectionMetrics;
import software.amazon.awssdk.services.dynamodb.model.ItemCollectionSizeLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnItemCollectionMetrics;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** ReturnItemCollectionMetrics, the item collection limit of tables with an LSI, and exact table counters. */
class DynamoDbItemCollectionTest {
    static final StratusServer stratus = StratusServer.start();
    final DynamoDbClient ddb = stratus.client(DynamoDbClient.builder());

    @AfterAll
    static void stop() {
        stratus.close();
    }

    private void createWithLsi(String name) {
        ddb.createTable(hashRange(name)
                .attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("sk", ScalarAttributeType.N),
                        attr("l", ScalarAttributeType.S))
                .localSecondaryIndexes(LocalSecondaryIndex.builder().indexName("byl")
                        .keySchema(key("pk", KeyType.HASH), key("l", KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.ALL)).build()).build());
    }

    private static Map<String, AttributeValue> item(String pk, int sk, int payloadBytes) {
        return Map.of("pk", s(pk), "sk", n(String.valueOf(sk)), "l", s("x"), "p", s("y".repeat(payloadBytes)));
    }

    @Test
    void singleItemWritesReportTheirCollection() {
        createWithLsi("metrics");
        ItemCollectionMetrics put = ddb.putItem(r -> r.tableName("metrics").item(item("a", 1, 10))
                .returnItemCollectionMetrics(ReturnItemCollectionMetrics.SIZE)).itemCollectionMetrics();
        assertThat(put.itemCollectionKey()).isEqualTo(Map.of("pk", s("a")));
        assertThat(put.sizeEstimateRangeGB()).containsExactly(0.0, 1.0);
        ItemCollectionMetrics update = ddb.updateItem(r -> r.tableName("metrics")
                .key(Map.of("pk", s("a"), "sk", n("1"))).updateExpression("SET q = :q")
                .expressionAttributeValues(Map.of(":q", s("z")))
                .returnItemCollectionMetrics(ReturnItemCollectionMetrics.SIZE)).itemCollectionMetrics();
        assertThat(update.itemCollectionKey()).isEqualTo(Map.of("pk", s("a")));
        ItemCollectionMetrics delete = ddb.deleteItem(r -> r.tableName("metrics")
                .key(Map.of("pk", s("a"), "sk", n("1")))
                .returnItemCollectionMetrics(ReturnItemCollectionMetrics.SIZE)).itemCollectionMetrics();
        assertThat(delete.sizeEstimateRangeGB()).containsExactly(0.0, 1.0);
        // Not asked for: not returned.
        assertThat(ddb.putItem(r -> r.tableName("metrics").item(item("a", 2, 10))).itemCollectionMetrics()).isNull();
    }

    @Test
    void tablesWithoutLocalIndexesReportNothing() {
        ddb.createTable(hashRange("nolsi").build());
        var out = ddb.putItem(r -> r.tableName("nolsi").item(Map.of("pk", s("a"), "sk", n("1")))
                .returnItemCollectionMetrics(ReturnItemCollectionMetrics.SIZE));
        assertThat(out.itemCollectionMetrics()).isNull();
    }

    @Test
    void batchesAndTransactionsReportEachCollectionOnce() {
        createWithLsi("multi");
        var batch = ddb.batchWriteItem(r -> r.returnItemCollectionMetrics(ReturnItemCollectionMetrics.SIZE)
                .requestItems(Map.of("multi", List.of(put(item("a", 1, 10)), put(item("a", 2, 10)),
                        put(item("b", 1, 10))))));
        assertThat(batch.itemCollectionMetrics().get("multi")).extracting(ItemCollectionMetrics::itemCollectionKey)
                .containsExactlyInAnyOrder(Map.of("pk", s("a")), Map.of("pk", s("b")));
        var tx = ddb.transactWriteItems(r -> r.returnItemCollectionMetrics(ReturnItemCollectionMetrics.SIZE)
                .transactItems(TransactWriteItem.builder().put(p -> p.tableName("multi").item(item("c", 1, 10))).build()));
        assertThat(tx.itemCollectionMetrics().get("multi")).singleElement()
                .satisfies(m -> assertThat(m.itemCollectionKey()).isEqualTo(Map.of("pk", s("c"))));
    }

    @Test
    void aFullItemCollectionRefusesGrowthButNotDeletes() {
        createWithLsi("full");
        System.setProperty("stratus.dynamodb.itemCollectionLimitBytes", "3000");
        try {
            ddb.putItem(r -> r.tableName("full").item(item("a", 1, 1000)));
            assertThatThrownBy(() -> ddb.putItem(r -> r.tableName("full").item(item("a", 2, 1000))))
                    .isInstanceOfSatisfying(ItemCollectionSizeLimitExceededException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Collection size exceeded.");
                    });
            assertThatThrownBy(() -> ddb.batchWriteItem(r -> r.requestItems(Map.of("full",
                    List.of(put(item("a", 3, 1000)))))))
                    .isInstanceOf(ItemCollectionSizeLimitExceededException.class);
            assertThatThrownBy(() -> ddb.transactWriteItems(r -> r.transactItems(TransactWriteItem.builder()
                    .put(p -> p.tableName("full").item(item("a", 4, 1000))).build())))
                    .isInstanceOfSatisfying(TransactionCanceledException.class, e -> assertThat(
                            e.cancellationReasons().getFirst().code()).isEqualTo("ItemCollectionSizeLimitExceeded"));
            ddb.putItem(r -> r.tableName("full").item(item("b", 1, 1000)));
            ddb.deleteItem(r -> r.tableName("full").key(Map.of("pk", s("a"), "sk", n("1"))));
            ddb.putItem(r -> r.tableName("full").item(item("a", 2, 1000)));
        } finally {
            System.clearProperty("stratus.dynamodb.itemCollectionLimitBytes");
        }
        assertThat(ddb.scan(r -> r.tableName("full")).count()).isEqualTo(2);
    }

    @Test
    void describeTableCountsItemsAndBytesExactly() {
        createWithLsi("counted");
        ddb.putItem(r -> r.tableName("counted").item(item("a", 1, 100)));
        ddb.putItem(r -> r.tableName("counted").item(item("a", 2, 100)));
        ddb.putItem(r -> r.tableName("counted").item(Map.of("pk", s("a"), "sk", n("3"))));
        ddb.putItem(r -> r.tableName("counted").item(item("a", 1, 200)));
        ddb.deleteItem(r -> r.tableName("counted").key(Map.of("pk", s("a"), "sk", n("2"))));
        ddb.deleteItem(r -> r.tableName("counted").key(Map.of("pk", s("nothing"), "sk", n("2"))));
        TableDescription table = ddb.describeTable(r -> r.tableName("counted")).table();
        assertThat(table.itemCount()).isEqualTo(2);
        // Names plus values (a number: 1 byte per 2 digits, plus 1): pk(2+1) sk(2+2) l(1+1) p(1+200) = 210, then 7.
        assertThat(table.tableSizeBytes()).isEqualTo(217);
        assertThat(table.localSecondaryIndexes()).singleElement().satisfies(i -> {
            assertThat(i.itemCount()).isEqualTo(1);
            assertThat(i.indexSizeBytes()).isEqualTo(210);
        });
    }

    private static WriteRequest put(Map<String, AttributeValue> item) {
        return WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
    }
}
