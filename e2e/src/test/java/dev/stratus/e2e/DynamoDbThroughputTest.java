package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.platform.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Provisioned throughput: token buckets with a 300-second burst reserve, refilled by the (hand-moved) clock. The
 * client does not retry, so each throttle is seen as DynamoDB sends it.
 */
class DynamoDbThroughputTest {
    static final MutableClock clock = new MutableClock(Instant.now());
    static final StratusServer stratus = StratusServer.start(clock);
    static final DynamoDbClient ddb = stratus.client(DynamoDbClient.builder()
            .overrideConfiguration(c -> c.retryPolicy(RetryPolicy.none())));
    /** An item of ~100 KB: 100 write units, 25 strongly consistent read units. */
    static final String PAYLOAD = "x".repeat(100 * 1024 - 20);

    @AfterAll
    static void stop() {
        ddb.close();
        stratus.close();
    }

    static String table(long read, long write) {
        String name = "tp-" + UUID.randomUUID().toString().substring(0, 8);
        ddb.createTable(b -> b.tableName(name)
                .keySchema(k -> k.attributeName("pk").keyType("HASH"))
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .provisionedThroughput(p -> p.readCapacityUnits(read).writeCapacityUnits(write)));
        return name;
    }

    static Map<String, AttributeValue> item(String pk) {
        return Map.of("pk", AttributeValue.fromS(pk), "data", AttributeValue.fromS(PAYLOAD));
    }

    @Test
    void writesBeyondTheBurstReserveAreThrottledUntilCapacityRefills() {
        String name = table(5, 1);
        // 1 WCU keeps 300 units in reserve: three 100-unit puts use it up.
        for (int i = 0; i < 3; i++) {
            String pk = "k" + i;
            ddb.putItem(b -> b.tableName(name).item(item(pk)));
        }
        assertThatThrownBy(() -> ddb.putItem(b -> b.tableName(name).item(item("k3"))))
                .isInstanceOfSatisfying(ProvisionedThroughputExceededException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The level of configured provisioned "
                            + "throughput for the table was exceeded. Consider increasing your provisioning level "
                            + "with the UpdateTable API.");
                });
        clock.advance(Duration.ofSeconds(1));
        ddb.putItem(b -> b.tableName(name).item(item("k3")));
        assertThat(ddb.getItem(b -> b.tableName(name).key(Map.of("pk", AttributeValue.fromS("k3")))).hasItem()).isTrue();
    }

    @Test
    void readsAreThrottledAndEventuallyConsistentReadsCostHalf() {
        String name = table(1, 5);
        ddb.putItem(b -> b.tableName(name).item(item("a")));
        // 300 read units in reserve; a consistent read of 100 KB costs 25, an eventually consistent one 12.5.
        for (int i = 0; i < 12; i++) {
            ddb.getItem(b -> b.tableName(name).key(Map.of("pk", AttributeValue.fromS("a"))).consistentRead(true));
        }
        assertThatThrownBy(() -> ddb.getItem(b -> b.tableName(name).key(Map.of("pk", AttributeValue.fromS("a")))
                .consistentRead(true))).isInstanceOf(ProvisionedThroughputExceededException.class);
        assertThatThrownBy(() -> ddb.scan(b -> b.tableName(name)))
                .isInstanceOf(ProvisionedThroughputExceededException.class);
        clock.advance(Duration.ofSeconds(25));
        ddb.getItem(b -> b.tableName(name).key(Map.of("pk", AttributeValue.fromS("a"))).consistentRead(true));
        clock.advance(Duration.ofSeconds(13));
        ddb.getItem(b -> b.tableName(name).key(Map.of("pk", AttributeValue.fromS("a"))));
        ddb.getItem(b -> b.tableName(name).key(Map.of("pk", AttributeValue.fromS("a"))));
        assertThatThrownBy(() -> ddb.getItem(b -> b.tableName(name).key(Map.of("pk", AttributeValue.fromS("a")))))
                .isInstanceOf(ProvisionedThroughputExceededException.class);
    }

    @Test
    void batchWritesReturnThrottledRequestsAsUnprocessedItems() {
        String name = table(5, 1);
        List<WriteRequest> puts = List.of("a", "b", "c", "d", "e").stream()
                .map(pk -> WriteRequest.builder().putRequest(PutRequest.builder().item(item(pk)).build()).build())
                .toList();
        BatchWriteItemResponse first = ddb.batchWriteItem(b -> b.requestItems(Map.of(name, puts)));
        assertThat(first.unprocessedItems().get(name)).hasSize(2);
        assertThat(first.unprocessedItems().get(name).get(0).putRequest().item().get("pk").s()).isEqualTo("d");
        assertThatThrownBy(() -> ddb.batchWriteItem(b -> b.requestItems(first.unprocessedItems())))
                .isInstanceOf(ProvisionedThroughputExceededException.class);
        clock.advance(Duration.ofSeconds(300));
        assertThat(ddb.batchWriteItem(b -> b.requestItems(first.unprocessedItems())).unprocessedItems()).isEmpty();
        assertThat(ddb.scan(b -> b.tableName(name).select("COUNT")).count()).isEqualTo(5);
    }

    @Test
    void batchGetsReturnThrottledKeysAsUnprocessedKeys() {
        String name = table(1, 20);
        List<String> keys = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n");
        keys.forEach(pk -> ddb.putItem(b -> b.tableName(name).item(item(pk))));
        List<Map<String, AttributeValue>> wanted = keys.stream()
                .map(pk -> Map.of("pk", AttributeValue.fromS(pk))).toList();
        BatchGetItemResponse got = ddb.batchGetItem(b -> b.requestItems(Map.of(name, KeysAndAttributes.builder()
                .keys(wanted).consistentRead(true).projectionExpression("pk").build())));
        // 300 units, 25 each: twelve keys read, two handed back with the request's other parameters.
        assertThat(got.responses().get(name)).hasSize(12);
        KeysAndAttributes rest = got.unprocessedKeys().get(name);
        assertThat(rest.keys()).hasSize(2);
        assertThat(rest.consistentRead()).isTrue();
        assertThat(rest.projectionExpression()).isEqualTo("pk");
    }

    @Test
    void transactionsOnAnExhaustedTableAreCancelledWithAThroughputReason() {
        String name = table(5, 1);
        for (int i = 0; i < 3; i++) {
            String pk = "k" + i;
            ddb.putItem(b -> b.tableName(name).item(item(pk)));
        }
        assertThatThrownBy(() -> ddb.transactWriteItems(b -> b.transactItems(
                t -> t.put(p -> p.tableName(name).item(Map.of("pk", AttributeValue.fromS("t")))))))
                .isInstanceOfSatisfying(TransactionCanceledException.class, e -> assertThat(
                        e.cancellationReasons().get(0).code()).isEqualTo("ProvisionedThroughputExceeded"));
    }

    @Test
    void globalIndexesHaveTheirOwnCapacityAndThrottleTableWrites() {
        String name = "tp-" + UUID.randomUUID().toString().substring(0, 8);
        ddb.createTable(b -> b.tableName(name)
                .keySchema(k -> k.attributeName("pk").keyType("HASH"))
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("g").attributeType(ScalarAttributeType.S))
                .provisionedThroughput(p -> p.readCapacityUnits(100L).writeCapacityUnits(100L))
                .globalSecondaryIndexes(g -> g.indexName("byG").keySchema(k -> k.attributeName("g").keyType("HASH"))
                        .projection(p -> p.projectionType(ProjectionType.ALL))
                        .provisionedThroughput(p -> p.readCapacityUnits(1L).writeCapacityUnits(1L))));
        for (int i = 0; i < 3; i++) {
            String pk = "k" + i;
            ddb.putItem(b -> b.tableName(name).item(Map.of("pk", AttributeValue.fromS(pk),
                    "g", AttributeValue.fromS("G"), "data", AttributeValue.fromS(PAYLOAD))));
        }
        assertThatThrownBy(() -> ddb.putItem(b -> b.tableName(name).item(item("k9"))))
                .isInstanceOfSatisfying(ProvisionedThroughputExceededException.class, e -> assertThat(
                        e.awsErrorDetails().errorMessage()).contains("one or more global secondary indexes"));
        // Reads of the table itself are unaffected by the index's exhausted write capacity.
        assertThat(ddb.scan(b -> b.tableName(name).select("COUNT")).count()).isEqualTo(3);
    }

    @Test
    void onDemandTablesAndRaisedThroughputAreNotThrottled() {
        String name = "tp-" + UUID.randomUUID().toString().substring(0, 8);
        ddb.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("pk").keyType("HASH"))
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S)));
        for (int i = 0; i < 10; i++) {
            String pk = "k" + i;
            ddb.putItem(b -> b.tableName(name).item(item(pk)));
        }
        String provisioned = table(5, 1);
        for (int i = 0; i < 3; i++) {
            String pk = "k" + i;
            ddb.putItem(b -> b.tableName(provisioned).item(item(pk)));
        }
        ddb.updateTable(b -> b.tableName(provisioned).billingMode(BillingMode.PAY_PER_REQUEST));
        ddb.putItem(b -> b.tableName(provisioned).item(item("more")));
        assertThat(ddb.scan(b -> b.tableName(name).select("COUNT")).count()).isEqualTo(10);
    }
}
