package dev.stratus.e2e;

import static dev.stratus.e2e.DynamoDbItemTest.n;
import static dev.stratus.e2e.DynamoDbItemTest.s;
import static dev.stratus.e2e.DynamoDbTableTest.hashRange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/** The limits on ExpressionAttributeNames and ExpressionAttributeValues: 255-byte placeholders, 2 MB in all. */
class DynamoDbSubstitutionLimitsTest {
    static final StratusServer stratus = StratusServer.start();
    static final DynamoDbClient ddb = stratus.client(DynamoDbClient.builder());
    static final Map<String, AttributeValue> KEY = Map.of("pk", s("p"), "sk", n("1"));

    @BeforeAll
    static void table() {
        ddb.createTable(hashRange("subst").build());
        ddb.putItem(r -> r.tableName("subst").item(KEY));
    }

    @AfterAll
    static void stop() {
        stratus.close();
    }

    private static void invalid(ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(DynamoDbException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
        });
    }

    /** {@code count} placeholders #n0… (or :v0…) whose names (values) are {@code bytes} long. */
    private static Map<String, String> names(int count, int bytes) {
        Map<String, String> names = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            names.put("#n" + i, i + "a".repeat(bytes - String.valueOf(i).length()));
        }
        return names;
    }

    private static Map<String, AttributeValue> values(int count, int bytes) {
        Map<String, AttributeValue> values = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            values.put(":v" + i, s("x".repeat(bytes)));
        }
        return values;
    }

    @Test
    void aPlaceholderLongerThan255BytesIsRefusedWithItsSize() {
        String longName = "#" + "n".repeat(255);
        invalid(() -> ddb.getItem(r -> r.tableName("subst").key(KEY).projectionExpression(longName)
                .expressionAttributeNames(Map.of(longName, "a"))),
                "ExpressionAttributeNames contains invalid key: The expression attribute map contains a key that is "
                        + "too long; size of key: 256");
        String longValue = ":" + "v".repeat(299);
        invalid(() -> ddb.updateItem(r -> r.tableName("subst").key(KEY).updateExpression("SET a = " + longValue)
                .expressionAttributeValues(Map.of(longValue, s("x")))),
                "ExpressionAttributeValues contains invalid key: The expression attribute map contains a key that is "
                        + "too long; size of key: 300");
        // 255 bytes is allowed.
        String longest = "#" + "n".repeat(254);
        assertThat(ddb.getItem(r -> r.tableName("subst").key(KEY).projectionExpression(longest)
                .expressionAttributeNames(Map.of(longest, "pk"))).item()).containsOnlyKeys("pk");
    }

    @Test
    void namesOrValuesOfMoreThan2MbAreRefused() {
        invalid(() -> ddb.getItem(r -> r.tableName("subst").key(KEY).projectionExpression("#n0")
                .expressionAttributeNames(names(40, 60_000))), "ExpressionAttributeNames exceeds max size");
        invalid(() -> ddb.updateItem(r -> r.tableName("subst").key(KEY).updateExpression("SET a = :v0")
                .expressionAttributeValues(values(6, 400 * 1024))), "ExpressionAttributeValues exceeds max size");
        invalid(() -> ddb.updateItem(r -> r.tableName("subst").key(KEY).updateExpression("SET #n0 = :v0")
                .expressionAttributeNames(names(20, 60_000)).expressionAttributeValues(values(3, 400 * 1024))),
                "Combined size of ExpressionAttributeNames and ExpressionAttributeValues exceeds max size");
    }

    @Test
    void substitutionsJustUnder2MbPass() {
        Map<String, AttributeValue> values = values(5, 380 * 1024);
        StringBuilder update = new StringBuilder("SET a0 = :v0");
        for (int i = 1; i < 5; i++) {
            update.append(", a").append(i).append(" = :v").append(i);
        }
        // Each value is its own item attribute here, so only one fits an item; the condition fails, not the limits.
        assertThatThrownBy(() -> ddb.updateItem(r -> r.tableName("subst").key(KEY).updateExpression(update.toString())
                .expressionAttributeValues(values))).isInstanceOfSatisfying(DynamoDbException.class,
                e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Item size to update has exceeded the maximum allowed size"));
    }
}
