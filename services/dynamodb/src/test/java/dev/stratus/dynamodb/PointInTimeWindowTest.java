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
import dev.stratus.platform.testing.MutableClock;
import dev.stratus.storage.Cursor;
import dev.stratus.storage.MemoryStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The point-in-time undo log keeps exactly the recovery window: the background pass trims older history. */
class PointInTimeWindowTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RequestContext CTX = RequestContext.internal("000000000000", "us-east-1");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final MemoryStorage storage = new MemoryStorage();
    private OperationRegistry registry;
    private DynamoDbService dynamodb;

    @BeforeEach
    void start() {
        registry = new OperationRegistry();
        dynamodb = new DynamoDbService(new Platform(StratusConfig.forTests(), storage, clock, registry,
                new CredentialResolver(Map.of())));
        registry.register(dynamodb);
        call("CreateTable", "{\"TableName\":\"t\",\"BillingMode\":\"PAY_PER_REQUEST\","
                + "\"AttributeDefinitions\":[{\"AttributeName\":\"id\",\"AttributeType\":\"S\"}],"
                + "\"KeySchema\":[{\"AttributeName\":\"id\",\"KeyType\":\"HASH\"}]}");
        call("UpdateContinuousBackups", "{\"TableName\":\"t\",\"PointInTimeRecoverySpecification\":"
                + "{\"PointInTimeRecoveryEnabled\":true,\"RecoveryPeriodInDays\":1}}");
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

    private int logEntries() {
        int n = 0;
        try (Cursor c = storage.keyspace("dynamodb.pitr").scan(null, null, false)) {
            while (c.hasNext()) {
                c.next();
                n++;
            }
        }
        return n;
    }

    @Test
    void historyOlderThanTheWindowIsTrimmedAndTheWindowMoves() {
        call("PutItem", "{\"TableName\":\"t\",\"Item\":{\"id\":{\"S\":\"a\"}}}");
        clock.advance(Duration.ofHours(12));
        call("PutItem", "{\"TableName\":\"t\",\"Item\":{\"id\":{\"S\":\"b\"}}}");
        assertThat(logEntries()).isEqualTo(2);
        dynamodb.sweepExpiredItems();
        assertThat(logEntries()).isEqualTo(2);

        clock.advance(Duration.ofHours(13));
        dynamodb.sweepExpiredItems();
        assertThat(logEntries()).isEqualTo(1);
        JsonNode window = call("DescribeContinuousBackups", "{\"TableName\":\"t\"}")
                .get("ContinuousBackupsDescription").get("PointInTimeRecoveryDescription");
        assertThat(window.get("EarliestRestorableDateTime").decimalValue().longValue())
                .isEqualTo(clock.instant().minus(Duration.ofDays(1)).getEpochSecond());

        call("UpdateContinuousBackups", "{\"TableName\":\"t\",\"PointInTimeRecoverySpecification\":"
                + "{\"PointInTimeRecoveryEnabled\":false}}");
        assertThat(logEntries()).isZero();
        call("PutItem", "{\"TableName\":\"t\",\"Item\":{\"id\":{\"S\":\"c\"}}}");
        assertThat(logEntries()).isZero();
    }
}
