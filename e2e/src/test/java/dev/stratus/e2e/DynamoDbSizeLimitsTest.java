package dev.stratus.e2e;

import static dev.stratus.e2e.DynamoDbItemTest.n;
import static dev.stratus.e2e.DynamoDbItemTest.s;
import static dev.stratus.e2e.DynamoDbTableTest.hashRange;
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
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** DynamoDB's aggregate size limits: 4 MB per transaction, 16 MB per BatchGetItem response. */
class DynamoDbSizeLimitsTest {
    static final StratusServer stratus = StratusServer.start();
    static final DynamoDbClient ddb = stratus.client(DynamoDbClient.builder());
    /** Just under the 400 KB item limit. */
    static final String BIG = "x".repeat(390 * 1024);

    @BeforeAll
    static void seed() {
        ddb.createTable(hashRange("big").build());
        for (int batch = 0; batch < 2; batch++) {
            List<WriteRequest> puts = new ArrayList<>();
            for (int i = batch * 25; i < batch * 25 + 25; i++) {
                puts.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item(i)).build()).build());
            }
            ddb.batchWriteItem(r -> r.requestItems(Map.of("big", puts)));
        }
    }

    @AfterAll
    static void stop() {
        stratus.close();
    }

    static Map<String, AttributeValue> item(int sk) {
        return Map.of("pk", s("p"), "sk", n(String.valueOf(sk)), "v", s(BIG));
    }

    static Map<String, AttributeValue> key(int sk) {
        return Map.of("pk", s("p"), "sk", n(String.valueOf(sk)));
    }

    @Test
    void aTransactionOfMoreThan4MbIsRefused() {
        List<TransactWriteItem> puts = new ArrayList<>();
        for (int i = 100; i < 111; i++) {
            int sk = i;
            puts.add(TransactWriteItem.builder().put(p -> p.tableName("big").item(item(sk))).build());
        }
        assertThatThrownBy(() -> ddb.transactWriteItems(r -> r.transactItems(puts)))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.awsErrorDetails().errorMessage())
                            .startsWith("Transaction payload size cannot exceed 4MB. Payload Size: ");
                });
        assertThat(ddb.getItem(r -> r.tableName("big").key(key(100))).hasItem()).isFalse();
        ddb.transactWriteItems(r -> r.transactItems(puts.subList(0, 10)));

        List<TransactGetItem> gets = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            int sk = i;
            gets.add(TransactGetItem.builder().get(g -> g.tableName("big").key(key(sk))).build());
        }
        assertThatThrownBy(() -> ddb.transactGetItems(r -> r.transactItems(gets)))
                .isInstanceOfSatisfying(DynamoDbException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
        assertThat(ddb.transactGetItems(r -> r.transactItems(gets.subList(0, 10))).responses()).hasSize(10);
    }

    @Test
    void batchGetReturnsAt16MbAndLeavesTheRestUnprocessed() {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            keys.add(key(i));
        }
        var out = ddb.batchGetItem(r -> r.requestItems(Map.of("big",
                KeysAndAttributes.builder().keys(keys).build())));
        int returned = out.responses().get("big").size();
        // 42 items of 390 KB fit in 16 MB.
        assertThat(returned).isEqualTo(42);
        assertThat(out.unprocessedKeys().get("big").keys()).hasSize(50 - returned);
    }
}
