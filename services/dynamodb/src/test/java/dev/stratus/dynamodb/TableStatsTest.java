package dev.stratus.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.OperationRegistry;
import dev.stratus.platform.Platform;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.StratusConfig;
import dev.stratus.platform.auth.CredentialResolver;
import dev.stratus.storage.Cursor;
import dev.stratus.storage.Keyspace;
import dev.stratus.storage.MemoryStorage;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Table counters: maintained with every write, recounted once when missing (data from older versions). */
class TableStatsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RequestContext CTX = RequestContext.internal("000000000000", "us-east-1");
    private final MemoryStorage storage = new MemoryStorage();
    private OperationRegistry registry;
    private DynamoDbService dynamodb;

    @BeforeEach
    void start() {
        registry = new OperationRegistry();
        Platform platform = new Platform(StratusConfig.forTests(), storage, Clock.systemUTC(), registry,
                new CredentialResolver(Map.of()));
        dynamodb = new DynamoDbService(platform);
        registry.register(dynamodb);
        call("CreateTable", "{\"TableName\":\"t\",\"BillingMode\":\"PAY_PER_REQUEST\","
                + "\"AttributeDefinitions\":[{\"AttributeName\":\"id\",\"AttributeType\":\"S\"}],"
                + "\"KeySchema\":[{\"AttributeName\":\"id\",\"KeyType\":\"HASH\"}]}");
        for (int i = 0; i < 5; i++) {
            call("PutItem", "{\"TableName\":\"t\",\"Item\":{\"id\":{\"S\":\"" + i + "\"},\"g\":{\"S\":\"x\"}}}");
        }
    }

    @AfterEach
    void stop() {
        dynamodb.close();
    }

    private JsonNode call(String op, String json) {
        try {
            return registry.call("dynamodb", op, CTX, (ObjectNode) JSON.readTree(json));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode describe() {
        return call("DescribeTable", "{\"TableName\":\"t\"}").get("Table");
    }

    @Test
    void missingCountersAreRecountedOnceThenMaintained() {
        Keyspace stats = storage.keyspace("dynamodb.stats");
        try (Cursor c = stats.scan(null, null, false)) {
            while (c.hasNext()) {
                stats.delete(c.next().key());
            }
        }
        call("DeleteItem", "{\"TableName\":\"t\",\"Key\":{\"id\":{\"S\":\"0\"}}}");
        assertThat(describe().get("ItemCount").asLong()).isEqualTo(4);
        // id(2+1) + g(1+1) = 5 bytes per item.
        assertThat(describe().get("TableSizeBytes").asLong()).isEqualTo(20);
    }

    @Test
    void aNewIndexCountsItsBackfilledEntries() throws InterruptedException {
        call("UpdateTable", "{\"TableName\":\"t\",\"AttributeDefinitions\":[{\"AttributeName\":\"g\","
                + "\"AttributeType\":\"S\"}],\"GlobalSecondaryIndexUpdates\":[{\"Create\":{\"IndexName\":\"byg\","
                + "\"KeySchema\":[{\"AttributeName\":\"g\",\"KeyType\":\"HASH\"}],"
                + "\"Projection\":{\"ProjectionType\":\"ALL\"}}}]}");
        call("PutItem", "{\"TableName\":\"t\",\"Item\":{\"id\":{\"S\":\"9\"},\"g\":{\"S\":\"y\"}}}");
        call("PutItem", "{\"TableName\":\"t\",\"Item\":{\"id\":{\"S\":\"8\"}}}");
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!describe().get("GlobalSecondaryIndexes").get(0).get("IndexStatus").asText().equals("ACTIVE")) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(5); // the backfill is a background job; its end is only visible in the table state
        }
        JsonNode index = describe().get("GlobalSecondaryIndexes").get(0);
        assertThat(index.get("ItemCount").asLong()).isEqualTo(6);
        assertThat(describe().get("ItemCount").asLong()).isEqualTo(7);
    }
}
