package dev.stratus.e2e;

import static dev.stratus.e2e.DynamoDbItemTest.key;
import static dev.stratus.e2e.DynamoDbItemTest.n;
import static dev.stratus.e2e.DynamoDbItemTest.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Many clients writing the same items at once: writes committed together must still behave one at a time. */
class DynamoDbConcurrentWritesTest {
    static final StratusServer stratus = StratusServer.start();
    static final DynamoDbClient ddb = stratus.client(DynamoDbClient.builder());
    static final int CLIENTS = 16;

    @BeforeAll
    static void table() {
        ddb.createTable(DynamoDbTableTest.hashRange("concurrent").build());
    }

    @AfterAll
    static void stop() {
        stratus.close();
    }

    /** Runs {@code work} on {@link #CLIENTS} threads released together, returning their results. */
    static <T> List<T> together(Callable<T> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return work.call();
                }));
            }
            start.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentIncrementsOfOneItemAllCount() throws Exception {
        int perClient = 40;
        together(() -> {
            for (int i = 0; i < perClient; i++) {
                ddb.updateItem(r -> r.tableName("concurrent").key(key("counter", 1)).updateExpression("ADD c :one")
                        .expressionAttributeValues(Map.of(":one", n("1"))));
            }
            return null;
        });
        var item = ddb.getItem(r -> r.tableName("concurrent").key(key("counter", 1)).consistentRead(true)).item();
        assertThat(item.get("c").n()).isEqualTo(String.valueOf(CLIENTS * perClient));
    }

    @Test
    void conditionalPutsOfOneNewItemLetExactlyOneWin() throws Exception {
        List<Boolean> won = together(() -> {
            try {
                ddb.putItem(r -> r.tableName("concurrent").item(Map.of("pk", s("once"), "sk", n("1"), "v", s("x")))
                        .conditionExpression("attribute_not_exists(pk)"));
                return true;
            } catch (ConditionalCheckFailedException e) {
                return false;
            }
        });
        assertThat(won).containsOnlyOnce(true);
    }

    @Test
    void overlappingBatchWritesAndPutsKeepTheTableCountExact() throws Exception {
        List<List<String>> returnedOld = together(() -> {
            Random random = new Random();
            List<String> olds = new ArrayList<>();
            for (int round = 0; round < 10; round++) {
                List<WriteRequest> writes = new ArrayList<>();
                java.util.Set<Integer> picked = new java.util.TreeSet<>();
                while (picked.size() < 25) {
                    picked.add(random.nextInt(60));
                }
                for (int sk : picked) {
                    writes.add(sk % 3 == 0
                            ? WriteRequest.builder().deleteRequest(d -> d.key(key("shared", sk))).build()
                            : WriteRequest.builder().putRequest(p -> p.item(Map.of("pk", s("shared"),
                                    "sk", n(String.valueOf(sk)), "v", s("x".repeat(sk))))).build());
                }
                assertThat(ddb.batchWriteItem(r -> r.requestItems(Map.of("concurrent", writes))).unprocessedItems())
                        .isEmpty();
                int sk = 1 + 3 * random.nextInt(20);
                var old = ddb.putItem(r -> r.tableName("concurrent").returnValues(ReturnValue.ALL_OLD)
                        .item(Map.of("pk", s("shared"), "sk", n(String.valueOf(sk)), "v", s("x".repeat(sk)))));
                if (old.hasAttributes() && !old.attributes().isEmpty()) {
                    olds.add(old.attributes().get("v").s());
                }
            }
            return olds;
        });
        // An old image is always a whole item some writer put, never a mix.
        returnedOld.stream().flatMap(List::stream).forEach(v -> assertThat(v).matches("x+"));
        int scanned = ddb.scan(r -> r.tableName("concurrent").filterExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("shared")))).count();
        int others = ddb.scan(r -> r.tableName("concurrent").filterExpression("pk <> :p")
                .expressionAttributeValues(Map.of(":p", s("shared")))).count();
        assertThat(scanned).isEqualTo(40); // every sk < 60 not divisible by 3 was put at least once
        long counted = ddb.describeTable(r -> r.tableName("concurrent")).table().itemCount();
        assertThat(counted).isEqualTo(scanned + others);
    }
}
