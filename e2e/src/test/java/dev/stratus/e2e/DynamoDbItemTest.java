package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

class DynamoDbItemTest {
    static final StratusServer stratus = StratusServer.start();
    static final DynamoDbClient ddb = stratus.client(DynamoDbClient.builder());

    @BeforeAll
    static void table() {
        ddb.createTable(DynamoDbTableTest.hashRange("items").build());
    }

    @AfterAll
    static void stop() {
        stratus.close();
    }

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    static AttributeValue n(String v) {
        return AttributeValue.fromN(v);
    }

    static Map<String, AttributeValue> key(String pk, int sk) {
        return Map.of("pk", s(pk), "sk", n(String.valueOf(sk)));
    }

    @Test
    void putThenGetEveryType() {
        Map<String, AttributeValue> item = new java.util.HashMap<>(key("types", 1));
        item.put("s", s(""));
        item.put("n", n("00012.500"));
        item.put("b", AttributeValue.fromB(SdkBytes.fromUtf8String("bin")));
        item.put("bool", AttributeValue.fromBool(true));
        item.put("null", AttributeValue.fromNul(true));
        item.put("m", AttributeValue.fromM(Map.of("x", n("1"))));
        item.put("l", AttributeValue.fromL(List.of(s("a"), n("2"))));
        item.put("ss", AttributeValue.fromSs(List.of("a", "b")));
        item.put("ns", AttributeValue.fromNs(List.of("1", "2.50")));
        item.put("bs", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("x"))));
        ddb.putItem(r -> r.tableName("items").item(item));
        Map<String, AttributeValue> got = ddb.getItem(r -> r.tableName("items").key(key("types", 1))).item();
        assertThat(got.get("n").n()).isEqualTo("12.5");
        assertThat(got.get("s").s()).isEmpty();
        assertThat(got.get("b").b().asUtf8String()).isEqualTo("bin");
        assertThat(got.get("bs").bs()).extracting(SdkBytes::asUtf8String).containsExactly("x");
        assertThat(got.get("ns").ns()).containsExactlyInAnyOrder("1", "2.5");
        assertThat(got.get("m").m().get("x").n()).isEqualTo("1");
        assertThat(got.get("null").nul()).isTrue();
    }

    @Test
    void numbersOutOfRangeAreRejected() {
        assertThatThrownBy(() -> ddb.putItem(r -> r.tableName("items").item(Map.of("pk", s("x"), "sk", n("1"),
                "big", n("1E+126")))))
                .hasMessageContaining("Number overflow. Attempting to store a number with magnitude larger than supported range");
        assertThatThrownBy(() -> ddb.putItem(r -> r.tableName("items").item(Map.of("pk", s("x"), "sk", n("1"),
                "small", n("1E-131")))))
                .hasMessageContaining("Number underflow. Attempting to store a number with magnitude smaller than supported range");
        assertThatThrownBy(() -> ddb.putItem(r -> r.tableName("items").item(Map.of("pk", s("x"), "sk", n("1"),
                "long", n("123456789012345678901234567890123456789")))))
                .hasMessageContaining("Attempting to store more than 38 significant digits in a Number");
    }

    @Test
    void emptySetsAndWrongKeyTypesAreRejected() {
        assertThatThrownBy(() -> ddb.putItem(r -> r.tableName("items").item(Map.of("pk", s("x"), "sk", n("1"),
                "ss", AttributeValue.fromSs(List.of())))))
                .hasMessageContaining("One or more parameter values were invalid: An string set  may not be empty");
        assertThatThrownBy(() -> ddb.putItem(r -> r.tableName("items").item(Map.of("pk", n("1"), "sk", n("1")))))
                .hasMessageContaining("One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N");
        assertThatThrownBy(() -> ddb.putItem(r -> r.tableName("items").item(Map.of("pk", s("x")))))
                .hasMessageContaining("One or more parameter values were invalid: Missing the key sk in the item");
        assertThatThrownBy(() -> ddb.getItem(r -> r.tableName("items").key(Map.of("pk", s("x")))))
                .hasMessageContaining("The provided key element does not match the schema");
        assertThatThrownBy(() -> ddb.putItem(r -> r.tableName("items").item(Map.of("pk", s(""), "sk", n("1")))))
                .hasMessageContaining("The AttributeValue for a key attribute cannot contain an empty string value. Key: pk");
    }

    @Test
    void keyAndItemSizeLimits() {
        String big = "x".repeat(2049);
        assertThatThrownBy(() -> ddb.putItem(r -> r.tableName("items").item(Map.of("pk", s(big), "sk", n("1")))))
                .hasMessageContaining("Size of hashkey has exceeded the maximum size limit of2048 bytes");
        String huge = "y".repeat(400 * 1024);
        assertThatThrownBy(() -> ddb.putItem(r -> r.tableName("items").item(Map.of("pk", s("big"), "sk", n("1"),
                "v", s(huge)))))
                .hasMessageContaining("Item size has exceeded the maximum allowed size");
        String fits = "y".repeat(400 * 1024 - 100);
        ddb.putItem(r -> r.tableName("items").item(Map.of("pk", s("big"), "sk", n("1"), "v", s(fits))));
    }

    @Test
    void missingTableIsResourceNotFound() {
        assertThatThrownBy(() -> ddb.getItem(r -> r.tableName("nope").key(key("a", 1))))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Requested resource not found");
    }

    @Test
    void conditionalPutFailsWithTheOldItemWhenAsked() {
        ddb.putItem(r -> r.tableName("items").item(Map.of("pk", s("cond"), "sk", n("1"), "v", n("1"))));
        assertThatThrownBy(() -> ddb.putItem(r -> r.tableName("items")
                .item(Map.of("pk", s("cond"), "sk", n("1"), "v", n("2")))
                .conditionExpression("attribute_not_exists(pk)")
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)))
                .isInstanceOfSatisfying(ConditionalCheckFailedException.class, e -> {
                    assertThat(e.getMessage()).contains("The conditional request failed");
                    assertThat(e.item().get("v").n()).isEqualTo("1");
                });
        var put = ddb.putItem(r -> r.tableName("items")
                .item(Map.of("pk", s("cond"), "sk", n("1"), "v", n("3")))
                .conditionExpression("v = :one").expressionAttributeValues(Map.of(":one", n("1")))
                .returnValues(ReturnValue.ALL_OLD));
        assertThat(put.attributes().get("v").n()).isEqualTo("1");
    }

    @Test
    void updateItemReturnValuesAndArithmetic() {
        var created = ddb.updateItem(r -> r.tableName("items").key(key("upd", 1))
                .updateExpression("SET #c = if_not_exists(#c, :zero) + :one, tags = :tags")
                .expressionAttributeNames(Map.of("#c", "count"))
                .expressionAttributeValues(Map.of(":zero", n("0"), ":one", n("1"), ":tags", AttributeValue.fromSs(List.of("a"))))
                .returnValues(ReturnValue.ALL_NEW));
        assertThat(created.attributes().get("count").n()).isEqualTo("1");
        assertThat(created.attributes()).containsKeys("pk", "sk", "tags");

        var updated = ddb.updateItem(r -> r.tableName("items").key(key("upd", 1))
                .updateExpression("ADD #c :five, tags :more DELETE gone :gone")
                .expressionAttributeNames(Map.of("#c", "count"))
                .expressionAttributeValues(Map.of(":five", n("5"), ":more", AttributeValue.fromSs(List.of("b")),
                        ":gone", AttributeValue.fromSs(List.of("zzz"))))
                .returnValues(ReturnValue.UPDATED_NEW));
        assertThat(updated.attributes()).containsOnlyKeys("count", "tags");
        assertThat(updated.attributes().get("count").n()).isEqualTo("6");
        assertThat(updated.attributes().get("tags").ss()).containsExactlyInAnyOrder("a", "b");

        var old = ddb.updateItem(r -> r.tableName("items").key(key("upd", 1))
                .updateExpression("REMOVE tags SET nested = :m")
                .expressionAttributeValues(Map.of(":m", AttributeValue.fromM(Map.of("vals", AttributeValue.fromL(
                        List.of(n("1"), n("2"), n("3")))))))
                .returnValues(ReturnValue.UPDATED_OLD));
        assertThat(old.attributes()).containsOnlyKeys("tags");

        var appended = ddb.updateItem(r -> r.tableName("items").key(key("upd", 1))
                .updateExpression("SET nested.vals = list_append(:head, nested.vals)")
                .expressionAttributeValues(Map.of(":head", AttributeValue.fromL(List.of(n("0")))))
                .returnValues(ReturnValue.UPDATED_NEW));
        assertThat(appended.attributes().get("nested").m().get("vals").l()).extracting(AttributeValue::n)
                .containsExactly("0", "1", "2", "3");
    }

    @Test
    void nestedUpdatesAndRemovals() {
        ddb.putItem(r -> r.tableName("items").item(Map.of("pk", s("nest"), "sk", n("1"),
                "doc", AttributeValue.fromM(Map.of("vals", AttributeValue.fromL(List.of(n("1"), n("2"), n("3"))))))));
        var out = ddb.updateItem(r -> r.tableName("items").key(key("nest", 1))
                .updateExpression("SET doc.vals[1] = :x, doc.extra = :y REMOVE doc.vals[0]")
                .expressionAttributeValues(Map.of(":x", n("20"), ":y", s("e")))
                .returnValues(ReturnValue.ALL_NEW));
        assertThat(out.attributes().get("doc").m().get("vals").l()).extracting(AttributeValue::n)
                .containsExactly("20", "3");
        assertThat(out.attributes().get("doc").m().get("extra").s()).isEqualTo("e");
    }

    @Test
    void updateExpressionErrors() {
        assertThatThrownBy(() -> ddb.updateItem(r -> r.tableName("items").key(key("err", 1))
                .updateExpression("ADD tags :v DELETE tags :v").expressionAttributeValues(Map.of(":v",
                        AttributeValue.fromSs(List.of("a"))))))
                .hasMessageContaining("path one: [tags], path two: [tags]");
        assertThatThrownBy(() -> ddb.updateItem(r -> r.tableName("items").key(key("err", 1))
                .updateExpression("SET a = :v, a.b = :v").expressionAttributeValues(Map.of(":v", n("1")))))
                .hasMessageContaining("Invalid UpdateExpression: Two document paths overlap with each other; must "
                        + "remove or rewrite one of these paths; path one: [a], path two: [a, b]");
        assertThatThrownBy(() -> ddb.updateItem(r -> r.tableName("items").key(key("err", 1))
                .updateExpression("SET pk = :v").expressionAttributeValues(Map.of(":v", s("1")))))
                .hasMessageContaining("Cannot update attribute pk. This attribute is part of the key");
        assertThatThrownBy(() -> ddb.updateItem(r -> r.tableName("items").key(key("err", 1))
                .updateExpression("SET a = :v").expressionAttributeValues(Map.of(":v", n("1"), ":unused", n("2")))))
                .hasMessageContaining("Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}");
        assertThatThrownBy(() -> ddb.updateItem(r -> r.tableName("items").key(key("err", 1))
                .updateExpression("SET a = :missing")))
                .hasMessageContaining("An expression attribute value used in expression is not defined; attribute value: :missing");
        assertThatThrownBy(() -> ddb.updateItem(r -> r.tableName("items").key(key("err", 1))
                .updateExpression("SET name = :v").expressionAttributeValues(Map.of(":v", n("1")))))
                .hasMessageContaining("Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: name");
        assertThatThrownBy(() -> ddb.updateItem(r -> r.tableName("items").key(key("err", 1))
                .updateExpression("SET a = b + :v").expressionAttributeValues(Map.of(":v", n("1")))))
                .hasMessageContaining("The provided expression refers to an attribute that does not exist in the item");
        assertThatThrownBy(() -> ddb.updateItem(r -> r.tableName("items").key(key("err", 1))
                .updateExpression("SET a = = :v").expressionAttributeValues(Map.of(":v", n("1")))))
                .isInstanceOfSatisfying(DynamoDbException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"))
                .hasMessageContaining("Invalid UpdateExpression: Syntax error; token: \"=\", near: \"= = :v\"");
    }

    @Test
    void deleteItemWithConditionAndConsumedCapacity() {
        ddb.putItem(r -> r.tableName("items").item(Map.of("pk", s("del"), "sk", n("1"), "state", s("done"))));
        assertThatThrownBy(() -> ddb.deleteItem(r -> r.tableName("items").key(key("del", 1))
                .conditionExpression("#s = :open").expressionAttributeNames(Map.of("#s", "state"))
                .expressionAttributeValues(Map.of(":open", s("open")))))
                .isInstanceOf(ConditionalCheckFailedException.class);
        var deleted = ddb.deleteItem(r -> r.tableName("items").key(key("del", 1))
                .returnValues(ReturnValue.ALL_OLD).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
        assertThat(deleted.attributes().get("state").s()).isEqualTo("done");
        assertThat(deleted.consumedCapacity().capacityUnits()).isEqualTo(1.0);
        var read = ddb.getItem(r -> r.tableName("items").key(key("del", 1))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
        assertThat(read.hasItem()).isFalse();
        assertThat(read.consumedCapacity().capacityUnits()).isEqualTo(0.5);
    }

    @Test
    void readCapacityRoundsUpToFourKilobytes() {
        ddb.putItem(r -> r.tableName("items").item(Map.of("pk", s("cap"), "sk", n("1"), "v", s("z".repeat(9000)))));
        var strong = ddb.getItem(r -> r.tableName("items").key(key("cap", 1)).consistentRead(true)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
        assertThat(strong.consumedCapacity().capacityUnits()).isEqualTo(3.0);
        var put = ddb.putItem(r -> r.tableName("items").item(Map.of("pk", s("cap"), "sk", n("2"), "v", s("z".repeat(2000))))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
        assertThat(put.consumedCapacity().capacityUnits()).isEqualTo(2.0);
    }

    @Test
    void projectionExpressionSelectsNestedPaths() {
        ddb.putItem(r -> r.tableName("items").item(Map.of("pk", s("proj"), "sk", n("1"), "a", s("x"),
                "m", AttributeValue.fromM(Map.of("inside", n("1"), "other", n("2"))),
                "l", AttributeValue.fromL(List.of(s("l0"), s("l1"))))));
        var got = ddb.getItem(r -> r.tableName("items").key(key("proj", 1))
                .projectionExpression("a, m.inside, l[1]")).item();
        assertThat(got).containsOnlyKeys("a", "m", "l");
        assertThat(got.get("m").m()).containsOnlyKeys("inside");
        assertThat(got.get("l").l()).extracting(AttributeValue::s).containsExactly("l1");
    }

    @Test
    void concurrentConditionalWritesNeverBothSucceed() throws Exception {
        int attempts = 16;
        AtomicInteger winners = new AtomicInteger();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                int id = i;
                futures.add(pool.submit(() -> {
                    try {
                        ddb.putItem(r -> r.tableName("items").item(Map.of("pk", s("race"), "sk", n("1"), "w", n(String.valueOf(id))))
                                .conditionExpression("attribute_not_exists(pk)"));
                        winners.incrementAndGet();
                    } catch (ConditionalCheckFailedException expected) {
                        // lost the race
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        assertThat(winners.get()).isEqualTo(1);
    }

    @Test
    void removingFromAMissingItemDoesNotCreateIt() {
        ddb.updateItem(r -> r.tableName("items").key(key("ghost", 1)).updateExpression("REMOVE a"));
        assertThat(ddb.getItem(r -> r.tableName("items").key(key("ghost", 1))).hasItem()).isFalse();
        ddb.updateItem(r -> r.tableName("items").key(key("ghost", 2)));
        assertThat(ddb.getItem(r -> r.tableName("items").key(key("ghost", 2))).item()).containsOnlyKeys("pk", "sk");
    }
}
