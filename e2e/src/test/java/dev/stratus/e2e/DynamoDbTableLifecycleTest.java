package dev.stratus.e2e;

import static dev.stratus.e2e.DynamoDbItemTest.n;
import static dev.stratus.e2e.DynamoDbItemTest.s;
import static dev.stratus.e2e.DynamoDbTableTest.hashRange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.platform.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * DELETING that lasts the table's transition time, and what each transient state allows for tags and Time to Live,
 * on a clock the test moves (the transition time is one minute here).
 */
class DynamoDbTableLifecycleTest {
    static final MutableClock clock = new MutableClock(Instant.now());
    static final StratusServer stratus = StratusServer.start(clock);
    final DynamoDbClient ddb = stratus.client(DynamoDbClient.builder());

    @AfterAll
    static void stop() {
        stratus.close();
    }

    @BeforeEach
    void oneMinuteTransitions() {
        System.setProperty("stratus.dynamodb.tableTransitionMillis", "60000");
    }

    @AfterEach
    void instantTransitions() {
        System.clearProperty("stratus.dynamodb.tableTransitionMillis");
    }

    private String activeTable(String name) {
        ddb.createTable(hashRange(name).build());
        clock.advance(Duration.ofMinutes(1));
        return ddb.describeTable(r -> r.tableName(name)).table().tableArn();
    }

    private static void fails(ThrowingCallable call, Class<? extends DynamoDbException> type, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(type, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
        });
    }

    @Test
    void aDeletedTableIsDeletingForTheTransitionTimeThenGoneAndTheWaiterSeesIt() {
        activeTable("leaving");
        ddb.putItem(r -> r.tableName("leaving").item(Map.of("pk", s("a"), "sk", n("1"))));

        assertThat(ddb.deleteTable(r -> r.tableName("leaving")).tableDescription().tableStatus())
                .isEqualTo(TableStatus.DELETING);
        assertThat(ddb.describeTable(r -> r.tableName("leaving")).table().tableStatus()).isEqualTo(TableStatus.DELETING);
        assertThat(ddb.listTables().tableNames()).contains("leaving");

        String inUse = "Attempt to change a resource which is still in use: Table is being deleted: leaving";
        fails(() -> ddb.deleteTable(r -> r.tableName("leaving")), ResourceInUseException.class, inUse);
        fails(() -> ddb.updateTable(r -> r.tableName("leaving").deletionProtectionEnabled(true)),
                ResourceInUseException.class, inUse);
        fails(() -> ddb.createTable(hashRange("leaving").build()), ResourceInUseException.class, inUse);
        fails(() -> ddb.updateTimeToLive(r -> r.tableName("leaving").timeToLiveSpecification(t -> t.enabled(true)
                .attributeName("ttl"))), ResourceInUseException.class, inUse);
        fails(() -> ddb.getItem(r -> r.tableName("leaving").key(Map.of("pk", s("a"), "sk", n("1")))),
                ResourceNotFoundException.class, "Requested resource not found");
        fails(() -> ddb.putItem(r -> r.tableName("leaving").item(Map.of("pk", s("b"), "sk", n("1")))),
                ResourceNotFoundException.class, "Requested resource not found");
        fails(() -> ddb.query(r -> r.tableName("leaving").keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("a")))), ResourceNotFoundException.class,
                "Requested resource not found");

        clock.advance(Duration.ofMinutes(1));
        fails(() -> ddb.describeTable(r -> r.tableName("leaving")), ResourceNotFoundException.class,
                "Requested resource not found: Table: leaving not found");
        assertThat(ddb.listTables().tableNames()).doesNotContain("leaving");
        try (DynamoDbWaiter waiter = DynamoDbWaiter.builder().client(ddb).build()) {
            assertThat(waiter.waitUntilTableNotExists(r -> r.tableName("leaving")).matched().exception()).isPresent();
        }
        // The name is free again, and the new table starts empty.
        activeTable("leaving");
        assertThat(ddb.scan(r -> r.tableName("leaving")).count()).isZero();
    }

    @Test
    void theTableNotExistsWaiterGivesUpWhileTheTableIsDeletingAndSucceedsOnceItIsGone() {
        activeTable("waited");
        ddb.deleteTable(r -> r.tableName("waited"));
        try (DynamoDbWaiter waiter = DynamoDbWaiter.builder().client(ddb).overrideConfiguration(o -> o.maxAttempts(3)
                .backoffStrategyV2(software.amazon.awssdk.retries.api.BackoffStrategy.fixedDelayWithoutJitter(
                        Duration.ofMillis(10)))).build()) {
            assertThatThrownBy(() -> waiter.waitUntilTableNotExists(r -> r.tableName("waited")))
                    .hasMessageContaining("exceeded the max retry attempts: 3");
            clock.advance(Duration.ofMinutes(1));
            assertThat(waiter.waitUntilTableNotExists(r -> r.tableName("waited")).attemptsExecuted()).isEqualTo(1);
        }
    }

    @Test
    void tagsAndTimeToLiveNeedAnActiveTable() {
        ddb.createTable(hashRange("young").build());
        String arn = ddb.describeTable(r -> r.tableName("young")).table().tableArn();
        Consumer<Tag.Builder> tag = t -> t.key("k").value("v");
        String notFound = "Requested resource not found: ResourcArn: " + arn + " not found";
        fails(() -> ddb.tagResource(r -> r.resourceArn(arn).tags(tag)), ResourceNotFoundException.class, notFound);
        fails(() -> ddb.listTagsOfResource(r -> r.resourceArn(arn)), ResourceNotFoundException.class, notFound);
        fails(() -> ddb.untagResource(r -> r.resourceArn(arn).tagKeys("k")), ResourceNotFoundException.class,
                "Requested resource not found");
        fails(() -> ddb.updateTimeToLive(r -> r.tableName("young").timeToLiveSpecification(t -> t.enabled(true)
                .attributeName("ttl"))), ResourceInUseException.class,
                "Attempt to change a resource which is still in use: Table is being created: young");

        clock.advance(Duration.ofMinutes(1));
        ddb.tagResource(r -> r.resourceArn(arn).tags(tag));
        ddb.updateTable(r -> r.tableName("young").deletionProtectionEnabled(false));
        String updating = "Attempt to change a resource which is still in use: Table is being updated: young";
        fails(() -> ddb.tagResource(r -> r.resourceArn(arn).tags(tag)), ResourceInUseException.class, updating);
        fails(() -> ddb.untagResource(r -> r.resourceArn(arn).tagKeys("k")), ResourceInUseException.class, updating);
        fails(() -> ddb.updateTimeToLive(r -> r.tableName("young").timeToLiveSpecification(t -> t.enabled(true)
                .attributeName("ttl"))), ResourceInUseException.class, updating);
        assertThat(ddb.listTagsOfResource(r -> r.resourceArn(arn)).tags()).extracting(Tag::key).containsExactly("k");

        clock.advance(Duration.ofMinutes(1));
        ddb.updateTimeToLive(r -> r.tableName("young").timeToLiveSpecification(t -> t.enabled(true).attributeName("ttl")));
        ddb.untagResource(r -> r.resourceArn(arn).tagKeys("k"));
        ddb.deleteTable(r -> r.tableName("young"));
        String deleting = "Attempt to change a resource which is still in use: Table is being deleted: young";
        fails(() -> ddb.tagResource(r -> r.resourceArn(arn).tags(tag)), ResourceInUseException.class, deleting);
    }

    @Test
    void tagCallsCheckTheArnAndTheirLists() {
        String arn = activeTable("tagged");
        String bad = arn.replace("table/tagged", "table/ab");
        fails(() -> ddb.tagResource(r -> r.resourceArn(bad).tags(t -> t.key("k").value("v"))),
                DynamoDbException.class, "Invalid TableArn: Invalid ResourceArn provided as input " + bad);
        fails(() -> ddb.tagResource(r -> r.resourceArn(arn).tags(java.util.List.of())), DynamoDbException.class,
                "Atleast one Tag needs to be provided as Input.");
        fails(() -> ddb.untagResource(r -> r.resourceArn(arn).tagKeys(java.util.List.of())), DynamoDbException.class,
                "Atleast one Tag Key needs to be provided as Input.");
        String missing = arn.replace("table/tagged", "table/nothere");
        fails(() -> ddb.tagResource(r -> r.resourceArn(missing).tags(t -> t.key("k").value("v"))),
                ResourceNotFoundException.class, "Requested resource not found: ResourcArn: " + missing + " not found");
    }
}
