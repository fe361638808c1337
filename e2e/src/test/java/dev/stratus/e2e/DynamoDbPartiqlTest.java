package dev.stratus.e2e;

import static dev.stratus.e2e.DynamoDbItemTest.n;
import static dev.stratus.e2e.DynamoDbItemTest.s;
import static dev.stratus.e2e.DynamoDbTableTest.attr;
import static dev.stratus.e2e.DynamoDbTableTest.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementErrorCodeEnum;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DuplicateItemException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ExecuteStatementResponse;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ParameterizedStatement;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

class DynamoDbPartiqlTest {
    static final StratusServer stratus = StratusServer.start();
    static final DynamoDbClient ddb = stratus.client(DynamoDbClient.builder());

    @BeforeAll
    static void tables() {
        ddb.createTable(DynamoDbTableTest.hashRange("pq")
                .attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("sk", ScalarAttributeType.N),
                        attr("kind", ScalarAttributeType.S))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("bykind")
                        .keySchema(key("kind", KeyType.HASH), key("sk", KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.ALL)).build())
                .build());
        ddb.putItem(r -> r.tableName("pq").item(Map.of("pk", s("q"), "sk", n("10"))));
        for (int i = 1; i <= 6; i++) {
            int sk = i;
            ddb.putItem(r -> r.tableName("pq").item(Map.of("pk", s("q"), "sk", n(String.valueOf(sk)),
                    "kind", s(sk % 2 == 0 ? "even" : "odd"), "name", s("item" + sk),
                    "doc", AttributeValue.fromM(Map.of("tags", AttributeValue.fromL(List.of(s("t" + sk))))))));
        }
    }

    @AfterAll
    static void stop() {
        stratus.close();
    }

    static ExecuteStatementResponse run(String statement, AttributeValue... parameters) {
        return ddb.executeStatement(r -> {
            r.statement(statement);
            if (parameters.length > 0) {
                r.parameters(parameters);
            }
        });
    }

    static List<String> sortKeys(ExecuteStatementResponse r) {
        return r.items().stream().map(i -> i.get("sk").n()).toList();
    }

    @Test
    void insertEveryLiteralThenSelectByKey() {
        run("INSERT INTO \"pq\" VALUE {'pk': 'lit', 'sk': 1, 's': 'it''s', 'n': -12.50, 't': TRUE, 'f': false,"
                + " 'z': NULL, 'ss': <<'a', 'b'>>, 'ns': <<1, 2>>, 'l': [1, 'x', [true]], 'm': {'inner': {'deep': 7}},"
                + " 'p': ?, 'bs': <<?>>}", s("param"), AttributeValue.fromB(SdkBytes.fromUtf8String("b")));
        Map<String, AttributeValue> item = run("SELECT * FROM \"pq\" WHERE pk = ? AND sk = ?", s("lit"), n("1"))
                .items().get(0);
        assertThat(item.get("s").s()).isEqualTo("it's");
        assertThat(item.get("n").n()).isEqualTo("-12.5");
        assertThat(item.get("t").bool()).isTrue();
        assertThat(item.get("f").bool()).isFalse();
        assertThat(item.get("z").nul()).isTrue();
        assertThat(item.get("ss").ss()).containsExactlyInAnyOrder("a", "b");
        assertThat(item.get("ns").ns()).containsExactlyInAnyOrder("1", "2");
        assertThat(item.get("l").l()).hasSize(3);
        assertThat(item.get("l").l().get(2).l().get(0).bool()).isTrue();
        assertThat(item.get("m").m().get("inner").m().get("deep").n()).isEqualTo("7");
        assertThat(item.get("p").s()).isEqualTo("param");
        assertThat(item.get("bs").bs()).hasSize(1);
    }

    @Test
    void insertOfAnExistingKeyIsADuplicate() {
        run("INSERT INTO pq VALUE {'pk': 'dup', 'sk': 1, 'v': 1}");
        assertThatThrownBy(() -> run("INSERT INTO pq VALUE {'pk': 'dup', 'sk': 1, 'v': 2}"))
                .isInstanceOf(DuplicateItemException.class)
                .hasMessageContaining("Duplicate primary key exists in table");
        assertThat(run("SELECT v FROM pq WHERE pk = 'dup' AND sk = 1").items().get(0).get("v").n()).isEqualTo("1");
    }

    @Test
    void selectWithPartitionKeyIsAQueryInSortOrder() {
        assertThat(sortKeys(run("SELECT * FROM \"pq\" WHERE \"pk\" = 'q'"))).containsExactly("1", "2", "3", "4", "5", "6", "10");
        assertThat(sortKeys(run("SELECT * FROM pq WHERE pk = 'q' ORDER BY sk DESC")))
                .containsExactly("10", "6", "5", "4", "3", "2", "1");
        assertThat(sortKeys(run("SELECT sk FROM pq WHERE pk = 'q' AND sk BETWEEN 2 AND 4"))).containsExactly("2", "3", "4");
        assertThat(sortKeys(run("SELECT sk FROM pq WHERE pk = 'q' AND sk > 4 AND sk <= 6"))).containsExactly("5", "6");
        assertThat(sortKeys(run("SELECT sk FROM pq WHERE pk = 'q' AND sk IN [1, 3, 99]"))).containsExactly("1", "3");
        assertThat(sortKeys(run("SELECT sk FROM pq WHERE pk = 'q' AND (sk = 1 OR sk = 6)"))).containsExactly("1", "6");
    }

    @Test
    void whereOperatorsAndFunctions() {
        assertThat(sortKeys(run("SELECT sk FROM pq WHERE pk = 'q' AND sk < 10 AND kind <> 'odd'"))).containsExactly("2", "4", "6");
        assertThat(sortKeys(run("SELECT sk FROM pq WHERE pk = 'q' AND begins_with(name, 'item') AND NOT kind = 'even'")))
                .containsExactly("1", "3", "5");
        assertThat(sortKeys(run("SELECT sk FROM pq WHERE pk = 'q' AND contains(doc.tags, 't2')"))).containsExactly("2");
        assertThat(sortKeys(run("SELECT sk FROM pq WHERE pk = 'q' AND doc.tags[0] = 't3'"))).containsExactly("3");
        assertThat(sortKeys(run("SELECT sk FROM pq WHERE pk = 'q' AND kind IS MISSING"))).containsExactly("10");
        assertThat(sortKeys(run("SELECT sk FROM pq WHERE pk = 'q' AND kind IS NOT MISSING AND sk >= 5")))
                .containsExactly("5", "6");
        assertThat(sortKeys(run("SELECT sk FROM pq WHERE pk = 'q' AND attribute_exists(name) AND sk < 3")))
                .containsExactly("1", "2");
        assertThat(sortKeys(run("SELECT sk FROM pq WHERE pk = 'q' AND attribute_not_exists(name)"))).containsExactly("10");
    }

    @Test
    void selectWithoutPartitionKeyScans() {
        List<String> names = run("SELECT name FROM pq WHERE kind = 'even'").items().stream()
                .map(i -> i.get("name").s()).toList();
        assertThat(names).containsExactlyInAnyOrder("item2", "item4", "item6");
    }

    @Test
    void projectionOfNestedPaths() {
        Map<String, AttributeValue> item = run("SELECT name, doc.tags[0] FROM pq WHERE pk = 'q' AND sk = 2").items().get(0);
        assertThat(item).containsOnlyKeys("name", "doc");
        assertThat(item.get("doc").m().get("tags").l()).containsExactly(s("t2"));
    }

    @Test
    void selectFromAnIndex() {
        assertThat(sortKeys(run("SELECT * FROM \"pq\".\"bykind\" WHERE kind = 'odd' ORDER BY sk DESC")))
                .containsExactly("5", "3", "1");
        assertThatThrownBy(() -> ddb.executeStatement(r -> r.statement("SELECT * FROM pq.bykind WHERE kind = 'odd'")
                .consistentRead(true)))
                .isInstanceOf(DynamoDbException.class)
                .hasMessageContaining("Strongly consistent read is not supported on Global Secondary Indexes");
    }

    @Test
    void limitAndNextTokenPage() {
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String next = token;
            ExecuteStatementResponse page = ddb.executeStatement(r -> r.statement("SELECT * FROM pq WHERE pk = ?")
                    .parameters(s("q")).limit(3).nextToken(next));
            seen.addAll(sortKeys(page));
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertThat(seen).containsExactly("1", "2", "3", "4", "5", "6", "10");
        assertThat(pages).isEqualTo(3);
        ExecuteStatementResponse first = ddb.executeStatement(r -> r.statement("SELECT sk FROM pq WHERE pk = 'q' ORDER BY sk DESC")
                .limit(4));
        assertThat(sortKeys(first)).containsExactly("10", "6", "5", "4");
        ExecuteStatementResponse second = ddb.executeStatement(r -> r.statement("SELECT sk FROM pq WHERE pk = 'q' ORDER BY sk DESC")
                .limit(4).nextToken(first.nextToken()));
        assertThat(sortKeys(second)).containsExactly("3", "2", "1");
        assertThatThrownBy(() -> ddb.executeStatement(r -> r.statement("SELECT * FROM pq WHERE pk = 'other'")
                .nextToken(first.nextToken())))
                .hasMessageContaining("NextToken does not match request");
        assertThatThrownBy(() -> ddb.executeStatement(r -> r.statement("SELECT * FROM pq").nextToken("bm90IGpzb24=")))
                .hasMessageContaining("Invalid NextToken");
    }

    @Test
    void updateSetsIncrementsRemovesAndReturns() {
        run("INSERT INTO pq VALUE {'pk': 'up', 'sk': 1, 'a': 'old', 'b': 5, 'c': 'gone'}");
        ExecuteStatementResponse r = run("UPDATE pq SET a = ?, b = b + 1 REMOVE c WHERE pk = 'up' AND sk = 1 "
                + "RETURNING ALL NEW *", s("new"));
        assertThat(r.items()).hasSize(1);
        assertThat(r.items().get(0)).containsOnlyKeys("pk", "sk", "a", "b");
        assertThat(r.items().get(0).get("b").n()).isEqualTo("6");
        ExecuteStatementResponse modified = run("UPDATE pq SET b = 10 SET d = [1] WHERE pk = 'up' AND sk = 1 "
                + "RETURNING MODIFIED OLD *");
        assertThat(modified.items().get(0)).containsOnlyKeys("b");
        assertThat(modified.items().get(0).get("b").n()).isEqualTo("6");
        assertThat(run("UPDATE pq SET e = 1 WHERE pk = 'up' AND sk = 1").items()).isEmpty();
    }

    @Test
    void updateNeedsAnExistingItemAndTheWholeKey() {
        assertThatThrownBy(() -> run("UPDATE pq SET a = 1 WHERE pk = 'nobody' AND sk = 1"))
                .isInstanceOf(ConditionalCheckFailedException.class);
        assertThat(run("SELECT * FROM pq WHERE pk = 'nobody'").items()).isEmpty();
        run("INSERT INTO pq VALUE {'pk': 'cond', 'sk': 1, 'v': 1}");
        assertThatThrownBy(() -> run("UPDATE pq SET v = 2 WHERE pk = 'cond' AND sk = 1 AND v = 5"))
                .isInstanceOf(ConditionalCheckFailedException.class);
        run("UPDATE pq SET v = 2 WHERE pk = 'cond' AND sk = 1 AND v = 1");
        assertThatThrownBy(() -> run("UPDATE pq SET v = 3 WHERE pk = 'cond'"))
                .isInstanceOf(DynamoDbException.class)
                .hasMessageContaining("Where clause does not contain a mandatory equality on all key attributes");
        assertThatThrownBy(() -> run("UPDATE pq SET sk = 3 WHERE pk = 'cond' AND sk = 1"))
                .hasMessageContaining("Cannot update attribute sk. This attribute is part of the key");
    }

    @Test
    void deleteReturnsTheOldItemAndIgnoresAbsentItems() {
        run("INSERT INTO pq VALUE {'pk': 'del', 'sk': 1, 'v': 'x'}");
        ExecuteStatementResponse r = run("DELETE FROM pq WHERE pk = 'del' AND sk = 1 RETURNING ALL OLD *");
        assertThat(r.items().get(0).get("v").s()).isEqualTo("x");
        assertThat(run("DELETE FROM pq WHERE pk = 'del' AND sk = 1").items()).isEmpty();
        assertThatThrownBy(() -> run("DELETE FROM pq WHERE pk = 'del'"))
                .hasMessageContaining("Where clause does not contain a mandatory equality on all key attributes");
        assertThatThrownBy(() -> run("DELETE FROM pq WHERE pk = 'del' AND sk = 1 RETURNING ALL NEW *"))
                .hasMessageContaining("Only RETURNING ALL OLD * is allowed in DELETE statements");
        run("INSERT INTO pq VALUE {'pk': 'del', 'sk': 2, 'v': 'keep'}");
        assertThatThrownBy(() -> ddb.executeStatement(e -> e.statement("DELETE FROM pq WHERE pk = 'del' AND sk = 2 AND v = 'other'")
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)))
                .isInstanceOfSatisfying(ConditionalCheckFailedException.class,
                        e -> assertThat(e.item().get("v").s()).isEqualTo("keep"));
    }

    @Test
    void errors() {
        assertThatThrownBy(() -> run("SELECT * FROM \"missing_table\""))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> run("SELEC * FROM pq"))
                .isInstanceOf(DynamoDbException.class)
                .hasMessageStartingWith("Statement wasn't well formed, can't be processed:")
                .satisfies(e -> assertThat(((DynamoDbException) e).awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
        assertThatThrownBy(() -> run("SELECT * FROM pq WHERE pk = ?"))
                .hasMessageContaining("Number of parameters in request and statement don't match.");
        assertThatThrownBy(() -> run("SELECT * FROM pq ORDER BY sk"))
                .hasMessageContaining("Must have WHERE clause in the statement when using ORDER BY clause.");
        assertThatThrownBy(() -> run("SELECT * FROM pq WHERE kind = 'odd' ORDER BY sk"))
                .hasMessageContaining("Must have at least one non-optional hash key condition");
        assertThatThrownBy(() -> run("INSERT INTO pq VALUE {'sk': 1}"))
                .hasMessageContaining("Missing the key pk in the item");
    }

    static BatchStatementRequest batch(String statement, AttributeValue... parameters) {
        BatchStatementRequest.Builder b = BatchStatementRequest.builder().statement(statement);
        if (parameters.length > 0) {
            b.parameters(parameters);
        }
        return b.build();
    }

    @Test
    void batchExecuteStatementReportsErrorsPerStatement() {
        run("INSERT INTO pq VALUE {'pk': 'b', 'sk': 1}");
        List<BatchStatementResponse> writes = ddb.batchExecuteStatement(r -> r.statements(
                batch("INSERT INTO pq VALUE {'pk': 'b', 'sk': 2}"),
                batch("INSERT INTO pq VALUE {'pk': 'b', 'sk': 1}"),
                batch("UPDATE pq SET v = ? WHERE pk = 'b' AND sk = 1", n("9")),
                batch("UPDATE pq SET v = 1 WHERE pk = 'b' AND sk = 99"),
                batch("DELETE FROM nosuchtable WHERE pk = 'b' AND sk = 1"))).responses();
        assertThat(writes.get(0).error()).isNull();
        assertThat(writes.get(1).error().code()).isEqualTo(BatchStatementErrorCodeEnum.DUPLICATE_ITEM);
        assertThat(writes.get(1).error().message()).isEqualTo("Duplicate primary key exists in table");
        assertThat(writes.get(2).error()).isNull();
        assertThat(writes.get(3).error().code()).isEqualTo(BatchStatementErrorCodeEnum.CONDITIONAL_CHECK_FAILED);
        assertThat(writes.get(4).error().code()).isEqualTo(BatchStatementErrorCodeEnum.RESOURCE_NOT_FOUND);
        List<BatchStatementResponse> reads = ddb.batchExecuteStatement(r -> r.statements(
                batch("SELECT * FROM pq WHERE pk = 'b' AND sk = 1"),
                batch("SELECT v FROM pq WHERE pk = ? AND sk = ?", s("b"), n("2")),
                batch("SELECT * FROM pq WHERE pk = 'b' AND sk = 404"),
                batch("SELECT * FROM pq WHERE pk = 'b'"))).responses();
        assertThat(reads.get(0).item().get("v").n()).isEqualTo("9");
        assertThat(reads.get(0).tableName()).isEqualTo("pq");
        assertThat(reads.get(1).item()).isEmpty();
        assertThat(reads.get(2).item()).isEmpty();
        assertThat(reads.get(2).error()).isNull();
        assertThat(reads.get(3).error().code()).isEqualTo(BatchStatementErrorCodeEnum.VALIDATION_ERROR);
        var charged = ddb.batchExecuteStatement(r -> r.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).statements(
                batch("INSERT INTO pq VALUE {'pk': 'b', 'sk': 3}"), batch("INSERT INTO pq VALUE {'pk': 'b', 'sk': 4}")));
        assertThat(charged.consumedCapacity()).singleElement().satisfies(c -> {
            assertThat(c.tableName()).isEqualTo("pq");
            assertThat(c.capacityUnits()).isEqualTo(2.0);
        });
        assertThatThrownBy(() -> ddb.batchExecuteStatement(r -> r.statements(
                batch("SELECT * FROM pq WHERE pk = 'b' AND sk = 1"), batch("DELETE FROM pq WHERE pk = 'b' AND sk = 1"))))
                .hasMessageContaining("Read and write requests together in the same batch is not supported.");
    }

    static ParameterizedStatement tx(String statement, AttributeValue... parameters) {
        ParameterizedStatement.Builder b = ParameterizedStatement.builder().statement(statement);
        if (parameters.length > 0) {
            b.parameters(parameters);
        }
        return b.build();
    }

    @Test
    void executeTransactionCommitsAllOrNothing() {
        ddb.executeTransaction(r -> r.transactStatements(
                tx("INSERT INTO pq VALUE {'pk': 'tx', 'sk': 1, 'v': 1}"),
                tx("INSERT INTO pq VALUE {'pk': 'tx', 'sk': 2, 'v': 2}")));
        assertThatThrownBy(() -> ddb.executeTransaction(r -> r.transactStatements(
                tx("UPDATE pq SET v = 10 WHERE pk = 'tx' AND sk = 1"),
                tx("INSERT INTO pq VALUE {'pk': 'tx', 'sk': 2, 'v': 20}"),
                tx("DELETE FROM pq WHERE pk = 'tx' AND sk = 3"))))
                .isInstanceOfSatisfying(TransactionCanceledException.class, e -> {
                    assertThat(e.cancellationReasons()).extracting(c -> c.code())
                            .containsExactly("None", "DuplicateItem", "None");
                    assertThat(e.cancellationReasons().get(1).message()).isEqualTo("Duplicate primary key exists in table");
                });
        assertThat(run("SELECT v FROM pq WHERE pk = 'tx' AND sk = 1").items().get(0).get("v").n()).isEqualTo("1");
        assertThatThrownBy(() -> ddb.executeTransaction(r -> r.transactStatements(
                tx("EXISTS(SELECT * FROM pq WHERE pk = 'tx' AND sk = 1 AND v = 99)"),
                tx("UPDATE pq SET v = 3 WHERE pk = 'tx' AND sk = 2"))))
                .isInstanceOfSatisfying(TransactionCanceledException.class, e -> assertThat(e.cancellationReasons())
                        .extracting(c -> c.code()).containsExactly("ConditionalCheckFailed", "None"));
        ddb.executeTransaction(r -> r.transactStatements(
                tx("EXISTS(SELECT * FROM pq WHERE pk = 'tx' AND sk = 1 AND v = 1)"),
                tx("UPDATE pq SET v = 3 WHERE pk = 'tx' AND sk = 2")));
        var read = ddb.executeTransaction(r -> r.transactStatements(
                tx("SELECT v FROM pq WHERE pk = 'tx' AND sk = 2"),
                tx("SELECT * FROM pq WHERE pk = ? AND sk = ?", s("tx"), n("404"))));
        assertThat(read.responses().get(0).item()).isEqualTo(Map.of("v", n("3")));
        assertThat(read.responses().get(1).item()).isEmpty();
        assertThatThrownBy(() -> ddb.executeTransaction(r -> r.transactStatements(
                tx("SELECT * FROM pq WHERE pk = 'tx' AND sk = 2"), tx("DELETE FROM pq WHERE pk = 'tx' AND sk = 2"))))
                .hasMessageContaining("ExecuteTransaction API does not support both read and write operations in the same request.");
        assertThatThrownBy(() -> ddb.executeTransaction(r -> r.transactStatements(tx("SELECT * FROM pq WHERE pk = 'tx'"))))
                .hasMessageContaining("Select statements within ExecuteTransaction must specify the primary key");
    }

    @Test
    void executeTransactionRetriesWithTheSameTokenApplyOnce() {
        run("INSERT INTO pq VALUE {'pk': 'idem', 'sk': 1, 'v': 0}");
        for (int i = 0; i < 2; i++) {
            ddb.executeTransaction(r -> r.clientRequestToken("token-1")
                    .transactStatements(tx("UPDATE pq SET v = v + 1 WHERE pk = 'idem' AND sk = 1")));
        }
        assertThat(run("SELECT v FROM pq WHERE pk = 'idem' AND sk = 1").items().get(0).get("v").n()).isEqualTo("1");
        assertThatThrownBy(() -> ddb.executeTransaction(r -> r.clientRequestToken("token-1")
                .transactStatements(tx("UPDATE pq SET v = v + 2 WHERE pk = 'idem' AND sk = 1"))))
                .isInstanceOf(IdempotentParameterMismatchException.class);
    }
}
