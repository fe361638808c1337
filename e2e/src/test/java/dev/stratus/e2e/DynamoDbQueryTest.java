package dev.stratus.e2e;

import static dev.stratus.e2e.DynamoDbItemTest.n;
import static dev.stratus.e2e.DynamoDbItemTest.s;
import static dev.stratus.e2e.DynamoDbTableTest.attr;
import static dev.stratus.e2e.DynamoDbTableTest.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Select;

class DynamoDbQueryTest {
    static final StratusServer stratus = StratusServer.start();
    static final DynamoDbClient ddb = stratus.client(DynamoDbClient.builder());

    @BeforeAll
    static void tables() {
        ddb.createTable(DynamoDbTableTest.hashRange("events")
                .attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("sk", ScalarAttributeType.N),
                        attr("kind", ScalarAttributeType.S), attr("label", ScalarAttributeType.S))
                .localSecondaryIndexes(LocalSecondaryIndex.builder().indexName("bylabel")
                        .keySchema(key("pk", KeyType.HASH), key("label", KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.ALL)).build())
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("bykind")
                        .keySchema(key("kind", KeyType.HASH), key("sk", KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)).build())
                .build());
        for (String number : List.of("-10", "-2.5", "0", "1", "2", "10", "100", "1E+3")) {
            ddb.putItem(r -> r.tableName("events").item(Map.of("pk", s("p"), "sk", n(number),
                    "kind", s(number.startsWith("-") ? "neg" : "pos"), "label", s("L" + number), "payload", s("x"))));
        }
        ddb.putItem(r -> r.tableName("events").item(Map.of("pk", s("other"), "sk", n("5"), "kind", s("pos"))));
    }

    @AfterAll
    static void stop() {
        stratus.close();
    }

    static List<String> sortKeys(QueryResponse r) {
        return r.items().stream().map(i -> i.get("sk").n()).toList();
    }

    QueryResponse query(String condition, Map<String, AttributeValue> values) {
        return ddb.query(r -> r.tableName("events").keyConditionExpression(condition).expressionAttributeValues(values));
    }

    @Test
    void sortKeysComeBackInNumericOrder() {
        assertThat(sortKeys(query("pk = :p", Map.of(":p", s("p")))))
                .containsExactly("-10", "-2.5", "0", "1", "2", "10", "100", "1000");
        QueryResponse backwards = ddb.query(r -> r.tableName("events").keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("p"))).scanIndexForward(false).limit(2));
        assertThat(sortKeys(backwards)).containsExactly("1000", "100");
    }

    @Test
    void sortKeyConditions() {
        assertThat(sortKeys(query("pk = :p AND sk < :v", Map.of(":p", s("p"), ":v", n("1")))))
                .containsExactly("-10", "-2.5", "0");
        assertThat(sortKeys(query("pk = :p AND sk <= :v", Map.of(":p", s("p"), ":v", n("1")))))
                .containsExactly("-10", "-2.5", "0", "1");
        assertThat(sortKeys(query("pk = :p AND sk > :v", Map.of(":p", s("p"), ":v", n("10")))))
                .containsExactly("100", "1000");
        assertThat(sortKeys(query("sk >= :v AND pk = :p", Map.of(":p", s("p"), ":v", n("100")))))
                .containsExactly("100", "1000");
        assertThat(sortKeys(query("pk = :p AND sk BETWEEN :a AND :b", Map.of(":p", s("p"), ":a", n("-2.5"), ":b", n("2")))))
                .containsExactly("-2.5", "0", "1", "2");
        assertThat(sortKeys(query("pk = :p AND sk = :v", Map.of(":p", s("p"), ":v", n("10.0")))))
                .containsExactly("10");
    }

    @Test
    void filterProjectionAndCount() {
        QueryResponse filtered = ddb.query(r -> r.tableName("events").keyConditionExpression("pk = :p")
                .filterExpression("begins_with(label, :l) OR label IN (:a, :b)")
                .projectionExpression("sk")
                .expressionAttributeValues(Map.of(":p", s("p"), ":l", s("L-"), ":a", s("L1"), ":b", s("L2"))));
        assertThat(sortKeys(filtered)).containsExactly("-10", "-2.5", "1", "2");
        assertThat(filtered.scannedCount()).isEqualTo(8);
        assertThat(filtered.items().get(0)).containsOnlyKeys("sk");
        QueryResponse counted = ddb.query(r -> r.tableName("events").keyConditionExpression("pk = :p")
                .filterExpression("NOT (kind = :pos)").select(Select.COUNT)
                .expressionAttributeValues(Map.of(":p", s("p"), ":pos", s("pos"))));
        assertThat(counted.count()).isEqualTo(2);
        assertThat(counted.hasItems()).isFalse();
    }

    @Test
    void paginationWithLimitAndExclusiveStartKey() {
        List<String> seen = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        int pages = 0;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = ddb.query(r -> r.tableName("events").keyConditionExpression("pk = :p")
                    .expressionAttributeValues(Map.of(":p", s("p"))).limit(3).exclusiveStartKey(from));
            seen.addAll(sortKeys(page));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            pages++;
        } while (start != null);
        assertThat(seen).containsExactly("-10", "-2.5", "0", "1", "2", "10", "100", "1000");
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void pagesStopAtOneMegabyte() {
        ddb.createTable(DynamoDbTableTest.hashRange("bulk").build());
        String blob = "b".repeat(300 * 1024);
        for (int i = 0; i < 5; i++) {
            int sk = i;
            ddb.putItem(r -> r.tableName("bulk").item(Map.of("pk", s("p"), "sk", n(String.valueOf(sk)), "v", s(blob))));
        }
        QueryResponse first = ddb.query(r -> r.tableName("bulk").keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("p"))));
        assertThat(first.count()).isEqualTo(4);
        assertThat(first.lastEvaluatedKey()).containsEntry("sk", n("3"));
        QueryResponse rest = ddb.query(r -> r.tableName("bulk").keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("p"))).exclusiveStartKey(first.lastEvaluatedKey()));
        assertThat(sortKeys(rest)).containsExactly("4");
        assertThat(rest.lastEvaluatedKey()).isEmpty();
    }

    @Test
    void localAndGlobalIndexes() {
        QueryResponse byLabel = ddb.query(r -> r.tableName("events").indexName("bylabel")
                .keyConditionExpression("pk = :p AND begins_with(label, :l)")
                .expressionAttributeValues(Map.of(":p", s("p"), ":l", s("L1"))));
        assertThat(byLabel.items()).extracting(i -> i.get("label").s()).containsExactly("L1", "L10", "L100", "L1E+3");
        QueryResponse byKind = ddb.query(r -> r.tableName("events").indexName("bykind")
                .keyConditionExpression("kind = :k").expressionAttributeValues(Map.of(":k", s("neg"))));
        assertThat(sortKeys(byKind)).containsExactly("-10", "-2.5");
        assertThat(byKind.items().get(0)).containsOnlyKeys("pk", "sk", "kind");
        assertThat(byKind.lastEvaluatedKey()).isEmpty();

        // Index entries follow updates and deletes.
        ddb.updateItem(r -> r.tableName("events").key(Map.of("pk", s("p"), "sk", n("-10")))
                .updateExpression("SET kind = :k").expressionAttributeValues(Map.of(":k", s("pos"))));
        ddb.putItem(r -> r.tableName("events").item(Map.of("pk", s("q"), "sk", n("-7"), "kind", s("neg"))));
        ddb.deleteItem(r -> r.tableName("events").key(Map.of("pk", s("q"), "sk", n("-7"))));
        assertThat(sortKeys(ddb.query(r -> r.tableName("events").indexName("bykind")
                .keyConditionExpression("kind = :k").expressionAttributeValues(Map.of(":k", s("neg"))))))
                .containsExactly("-2.5");
        ddb.updateItem(r -> r.tableName("events").key(Map.of("pk", s("p"), "sk", n("-10")))
                .updateExpression("SET kind = :k").expressionAttributeValues(Map.of(":k", s("neg"))));

        assertThatThrownBy(() -> ddb.query(r -> r.tableName("events").indexName("bykind").consistentRead(true)
                .keyConditionExpression("kind = :k").expressionAttributeValues(Map.of(":k", s("neg")))))
                .hasMessageContaining("Consistent reads are not supported on global secondary indexes");
        assertThatThrownBy(() -> ddb.query(r -> r.tableName("events").indexName("nope")
                .keyConditionExpression("kind = :k").expressionAttributeValues(Map.of(":k", s("neg")))))
                .hasMessageContaining("The table does not have the specified index: nope");
    }

    @Test
    void keyConditionErrors() {
        assertThatThrownBy(() -> query("sk = :v", Map.of(":v", n("1"))))
                .hasMessageContaining("Query condition missed key schema element: pk");
        // A non-key attribute is reported as the missing sort key (as on DynamoDB, per Alternator's test_query.py).
        assertThatThrownBy(() -> query("pk = :p AND payload = :v", Map.of(":p", s("p"), ":v", s("x"))))
                .hasMessageContaining("Query condition missed key schema element: sk");
        assertThatThrownBy(() -> query("pk = :p", Map.of(":p", n("1"))))
                .hasMessageContaining("Condition parameter type does not match schema type");
        assertThatThrownBy(() -> query("pk = :p AND sk BETWEEN :hi AND :lo", Map.of(":p", s("p"), ":hi", n("5"), ":lo", n("3"))))
                .hasMessageContaining("Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be "
                        + "greater than or equal to lower bound; lower bound operand: AttributeValue: {N:5}, upper bound "
                        + "operand: AttributeValue: {N:3}");
        assertThatThrownBy(() -> ddb.query(r -> r.tableName("events").keyConditionExpression("pk = :p")
                .filterExpression("sk > :v").expressionAttributeValues(Map.of(":p", s("p"), ":v", n("1")))))
                .hasMessageContaining("Filter Expression can only contain non-primary key attributes: Primary key attribute: sk");
        assertThatThrownBy(() -> query("pk = :p AND sk >", Map.of(":p", s("p"))))
                .hasMessageContaining("Invalid KeyConditionExpression: Syntax error; token: \"<EOF>\"");
    }

    @Test
    void scanSegmentsCoverTheTableOnce() {
        Set<String> all = new HashSet<>();
        int total = 0;
        for (int segment = 0; segment < 3; segment++) {
            int seg = segment;
            var page = ddb.scan(r -> r.tableName("events").segment(seg).totalSegments(3));
            total += page.count();
            page.items().forEach(i -> all.add(i.get("pk").s() + "/" + i.get("sk").n()));
        }
        assertThat(total).isEqualTo(9);
        assertThat(all).hasSize(9);
        var filtered = ddb.scan(r -> r.tableName("events").filterExpression("attribute_exists(payload) AND size(label) > :n")
                .expressionAttributeValues(Map.of(":n", n("3"))));
        assertThat(filtered.items()).extracting(i -> i.get("label").s()).containsExactlyInAnyOrder("L-10", "L-2.5", "L100", "L1E+3");
        assertThatThrownBy(() -> ddb.scan(r -> r.tableName("events").segment(3).totalSegments(3)))
                .hasMessageContaining("Segment: 3 is not less than TotalSegments: 3");
    }

    @Test
    void aGlobalIndexAddedLaterIsBackfilledAndCanBeDropped() {
        ddb.createTable(DynamoDbTableTest.hashRange("late").build());
        for (int i = 0; i < 4; i++) {
            int sk = i;
            ddb.putItem(r -> r.tableName("late").item(Map.of("pk", s("p" + sk), "sk", n(String.valueOf(sk)),
                    "email", s(sk < 2 ? "a@x" : "b@x"))));
        }
        ddb.updateTable(r -> r.tableName("late")
                .attributeDefinitions(attr("email", ScalarAttributeType.S))
                .globalSecondaryIndexUpdates(u -> u.create(c -> c.indexName("byemail")
                        .keySchema(key("email", KeyType.HASH))
                        .projection(p -> p.projectionType(ProjectionType.ALL)))));
        DynamoDbTableTest.awaitIndexesActive(ddb, "late");
        ddb.putItem(r -> r.tableName("late").item(Map.of("pk", s("p9"), "sk", n("9"), "email", s("a@x"))));
        QueryResponse byEmail = ddb.query(r -> r.tableName("late").indexName("byemail")
                .keyConditionExpression("email = :e").expressionAttributeValues(Map.of(":e", s("a@x"))));
        assertThat(byEmail.items()).extracting(i -> i.get("pk").s()).containsExactlyInAnyOrder("p0", "p1", "p9");
        assertThat(ddb.describeTable(r -> r.tableName("late")).table().globalSecondaryIndexes())
                .singleElement().satisfies(i -> assertThat(i.itemCount()).isEqualTo(5));

        ddb.updateTable(r -> r.tableName("late").globalSecondaryIndexUpdates(u -> u.delete(d -> d.indexName("byemail"))));
        assertThatThrownBy(() -> ddb.query(r -> r.tableName("late").indexName("byemail")
                .keyConditionExpression("email = :e").expressionAttributeValues(Map.of(":e", s("a@x")))))
                .hasMessageContaining("The table does not have the specified index: byemail");
    }

    @Test
    void indexWritesAndReadsAreChargedPerIndex() {
        var put = ddb.putItem(r -> r.tableName("events").returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)
                .item(Map.of("pk", s("cap"), "sk", n("1"), "kind", s("k"), "label", s("l"))));
        assertThat(put.consumedCapacity().table().capacityUnits()).isEqualTo(1.0);
        assertThat(put.consumedCapacity().globalSecondaryIndexes()).containsOnlyKeys("bykind");
        assertThat(put.consumedCapacity().localSecondaryIndexes()).containsOnlyKeys("bylabel");
        assertThat(put.consumedCapacity().capacityUnits()).isEqualTo(3.0);
        // Changing an index key deletes the old entry and writes a new one: two writes on that index.
        var moved = ddb.updateItem(r -> r.tableName("events").returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)
                .key(Map.of("pk", s("cap"), "sk", n("1"))).updateExpression("SET kind = :k")
                .expressionAttributeValues(Map.of(":k", s("k2"))));
        assertThat(moved.consumedCapacity().globalSecondaryIndexes().get("bykind").capacityUnits()).isEqualTo(2.0);
        var read = ddb.query(r -> r.tableName("events").indexName("bykind").returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)
                .keyConditionExpression("kind = :k").expressionAttributeValues(Map.of(":k", s("k2"))));
        assertThat(read.consumedCapacity().globalSecondaryIndexes().get("bykind").capacityUnits()).isEqualTo(0.5);
        ddb.deleteItem(r -> r.tableName("events").key(Map.of("pk", s("cap"), "sk", n("1"))));
    }
}
