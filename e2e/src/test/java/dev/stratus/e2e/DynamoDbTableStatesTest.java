package dev.stratus.e2e;

import static dev.stratus.e2e.DynamoDbItemTest.n;
import static dev.stratus.e2e.DynamoDbItemTest.s;
import static dev.stratus.e2e.DynamoDbTableTest.attr;
import static dev.stratus.e2e.DynamoDbTableTest.hashRange;
import static dev.stratus.e2e.DynamoDbTableTest.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/** CREATING, UPDATING and DELETING, index backfill, and what each state allows, seen through the SDK and its waiters. */
class DynamoDbTableStatesTest {
    static final StratusServer stratus = StratusServer.start();
    final DynamoDbClient ddb = stratus.client(DynamoDbClient.builder());

    @AfterAll
    static void stop() {
        stratus.close();
    }

    @AfterEach
    void instantTransitions() {
        System.clearProperty("stratus.dynamodb.tableTransitionMillis");
    }

    /** The SDK's waiter, polling every 50 ms instead of every 20 s. */
    private DynamoDbWaiter waiter() {
        return DynamoDbWaiter.builder().client(ddb).overrideConfiguration(o -> o.backoffStrategyV2(
                software.amazon.awssdk.retries.api.BackoffStrategy.fixedDelayWithoutJitter(
                        java.time.Duration.ofMillis(50)))).build();
    }

    @Test
    void aCreatingTableIsNotFoundByDataCallsUntilTheWaiterSeesItActive() {
        System.setProperty("stratus.dynamodb.tableTransitionMillis", "400");
        assertThat(ddb.createTable(hashRange("slow").build()).tableDescription().tableStatus())
                .isEqualTo(TableStatus.CREATING);
        assertThat(ddb.describeTable(r -> r.tableName("slow")).table().tableStatus()).isEqualTo(TableStatus.CREATING);
        assertThatThrownBy(() -> ddb.putItem(r -> r.tableName("slow").item(Map.of("pk", s("a"), "sk", n("1")))))
                .isInstanceOfSatisfying(ResourceNotFoundException.class,
                        e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Requested resource not found"));
        assertThatThrownBy(() -> ddb.updateTable(r -> r.tableName("slow").deletionProtectionEnabled(true)))
                .isInstanceOf(ResourceInUseException.class);

        try (DynamoDbWaiter waiter = waiter()) {
            var table = waiter.waitUntilTableExists(r -> r.tableName("slow")).matched().response().orElseThrow();
            assertThat(table.table().tableStatus()).isEqualTo(TableStatus.ACTIVE);
        }
        ddb.putItem(r -> r.tableName("slow").item(Map.of("pk", s("a"), "sk", n("1"))));

        var updating = ddb.updateTable(r -> r.tableName("slow").deletionProtectionEnabled(true)).tableDescription();
        assertThat(updating.tableStatus()).isEqualTo(TableStatus.UPDATING);
        assertThatThrownBy(() -> ddb.updateTable(r -> r.tableName("slow").deletionProtectionEnabled(false)))
                .isInstanceOfSatisfying(ResourceInUseException.class, e -> assertThat(
                        e.awsErrorDetails().errorMessage()).contains("Table is being updated: slow"));
        // Data calls go on while the table is UPDATING.
        assertThat(ddb.getItem(r -> r.tableName("slow").key(Map.of("pk", s("a"), "sk", n("1")))).hasItem()).isTrue();
        try (DynamoDbWaiter waiter = waiter()) {
            waiter.waitUntilTableExists(r -> r.tableName("slow"));
        }
        ddb.updateTable(r -> r.tableName("slow").deletionProtectionEnabled(false));
    }

    @Test
    void aNewIndexIsCreatingAndBackfillingThenActiveWithEveryItem() {
        ddb.createTable(hashRange("grown").build());
        for (int i = 0; i < 50; i++) {
            int sk = i;
            ddb.putItem(r -> r.tableName("grown").item(Map.of("pk", s("p"), "sk", n(String.valueOf(sk)),
                    "g", s("g" + sk % 5))));
        }
        var updated = ddb.updateTable(r -> r.tableName("grown").attributeDefinitions(attr("g", ScalarAttributeType.S))
                .globalSecondaryIndexUpdates(u -> u.create(c -> c.indexName("byg").keySchema(key("g", KeyType.HASH))
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))))).tableDescription();
        assertThat(updated.tableStatus()).isEqualTo(TableStatus.UPDATING);
        GlobalSecondaryIndexDescription index = updated.globalSecondaryIndexes().getFirst();
        assertThat(index.indexStatusAsString()).isEqualTo("CREATING");
        assertThat(index.backfilling()).isTrue();

        DynamoDbTableTest.awaitIndexesActive(ddb, "grown");
        GlobalSecondaryIndexDescription active = ddb.describeTable(r -> r.tableName("grown")).table()
                .globalSecondaryIndexes().getFirst();
        assertThat(active.backfilling()).isNull();
        assertThat(active.itemCount()).isEqualTo(50);
        assertThat(ddb.query(r -> r.tableName("grown").indexName("byg").keyConditionExpression("g = :g")
                .expressionAttributeValues(Map.of(":g", s("g1")))).count()).isEqualTo(10);
    }

    @Test
    void aDeletedTableAnswersDeletingAndIsGone() {
        ddb.createTable(hashRange("gone").build());
        assertThat(ddb.deleteTable(r -> r.tableName("gone")).tableDescription().tableStatus())
                .isEqualTo(TableStatus.DELETING);
        assertThatThrownBy(() -> ddb.describeTable(r -> r.tableName("gone")))
                .isInstanceOf(ResourceNotFoundException.class);
        try (DynamoDbWaiter waiter = waiter()) {
            assertThat(waiter.waitUntilTableNotExists(r -> r.tableName("gone")).matched().exception()).isPresent();
        }
    }
}
