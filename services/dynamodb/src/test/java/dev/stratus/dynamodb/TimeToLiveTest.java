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
import dev.stratus.storage.MemoryStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Time to Live with a clock the test moves: expired items stay readable until a sweep deletes them. */
class TimeToLiveTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
    private static final RequestContext CTX = RequestContext.internal("000000000000", "us-east-1");

    private final MutableClock clock = new MutableClock(START);
    private OperationRegistry registry;
    private DynamoDbService dynamodb;

    @BeforeEach
    void start() {
        registry = new OperationRegistry();
        Platform platform = new Platform(StratusConfig.forTests(), new MemoryStorage(), clock, registry,
                new CredentialResolver(Map.of()));
        dynamodb = new DynamoDbService(platform);
        registry.register(dynamodb);
        registry.register(new DynamoDbStreamsService(platform));
        call("CreateTable", "{\"TableName\":\"sessions\",\"BillingMode\":\"PAY_PER_REQUEST\","
                + "\"AttributeDefinitions\":[{\"AttributeName\":\"id\",\"AttributeType\":\"S\"},"
                + "{\"AttributeName\":\"user\",\"AttributeType\":\"S\"}],"
                + "\"KeySchema\":[{\"AttributeName\":\"id\",\"KeyType\":\"HASH\"}],"
                + "\"GlobalSecondaryIndexes\":[{\"IndexName\":\"byuser\",\"KeySchema\":[{\"AttributeName\":\"user\","
                + "\"KeyType\":\"HASH\"}],\"Projection\":{\"ProjectionType\":\"KEYS_ONLY\"}}],"
                + "\"StreamSpecification\":{\"StreamEnabled\":true,\"StreamViewType\":\"OLD_IMAGE\"}}");
        call("UpdateTimeToLive", "{\"TableName\":\"sessions\",\"TimeToLiveSpecification\":{\"Enabled\":true,"
                + "\"AttributeName\":\"expires\"}}");
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

    private void put(String id, long expires) {
        call("PutItem", "{\"TableName\":\"sessions\",\"Item\":{\"id\":{\"S\":\"" + id + "\"},\"user\":{\"S\":\"u\"},"
                + "\"expires\":{\"N\":\"" + expires + "\"}}}");
    }

    private boolean exists(String id) {
        return call("GetItem", "{\"TableName\":\"sessions\",\"Key\":{\"id\":{\"S\":\"" + id + "\"}}}").has("Item");
    }

    @Test
    void expiredItemsAreDeletedByTheSweepTogetherWithTheirIndexEntries() {
        long now = START.getEpochSecond();
        put("soon", now + 60);
        put("later", now + 3600);
        put("ancient", now - Duration.ofDays(6 * 365).toSeconds());
        call("PutItem", "{\"TableName\":\"sessions\",\"Item\":{\"id\":{\"S\":\"text\"},\"expires\":{\"S\":\"0\"}}}");

        assertThat(dynamodb.sweepExpiredItems()).isZero();
        clock.advance(Duration.ofMinutes(2));
        assertThat(exists("soon")).isTrue();
        assertThat(dynamodb.sweepExpiredItems()).isEqualTo(1);
        assertThat(exists("soon")).isFalse();
        assertThat(exists("later")).isTrue();
        assertThat(exists("ancient")).isTrue();
        assertThat(exists("text")).isTrue();
        JsonNode byUser = call("Query", "{\"TableName\":\"sessions\",\"IndexName\":\"byuser\","
                + "\"KeyConditionExpression\":\"#u = :u\",\"ExpressionAttributeNames\":{\"#u\":\"user\"},"
                + "\"ExpressionAttributeValues\":{\":u\":{\"S\":\"u\"}}}");
        assertThat(byUser.get("Count").asInt()).isEqualTo(2);
    }

    @Test
    void disablingTimeToLiveStopsDeletion() {
        put("soon", START.getEpochSecond() + 60);
        call("UpdateTimeToLive", "{\"TableName\":\"sessions\",\"TimeToLiveSpecification\":{\"Enabled\":false,"
                + "\"AttributeName\":\"expires\"}}");
        clock.advance(Duration.ofHours(1));
        assertThat(dynamodb.sweepExpiredItems()).isZero();
        assertThat(exists("soon")).isTrue();
    }

    @Test
    void timeToLiveDeletionsReachTheStreamAsServiceDeletions() {
        put("soon", START.getEpochSecond() + 60);
        clock.advance(Duration.ofMinutes(2));
        assertThat(dynamodb.sweepExpiredItems()).isEqualTo(1);
        String arn = call("DescribeTable", "{\"TableName\":\"sessions\"}").get("Table").get("LatestStreamArn").asText();
        String shard = registry.call("dynamodbstreams", "DescribeStream", CTX, JSON.createObjectNode()
                .put("StreamArn", arn)).get("StreamDescription")
                .get("Shards").get(0).get("ShardId").asText();
        String iterator = registry.call("dynamodbstreams", "GetShardIterator", CTX, JSON.createObjectNode()
                .put("StreamArn", arn).put("ShardId", shard).put("ShardIteratorType", "TRIM_HORIZON"))
                .get("ShardIterator").asText();
        JsonNode records = registry.call("dynamodbstreams", "GetRecords", CTX,
                JSON.createObjectNode().put("ShardIterator", iterator)).get("Records");
        assertThat(records).hasSize(2);
        JsonNode removal = records.get(1);
        assertThat(removal.get("eventName").asText()).isEqualTo("REMOVE");
        assertThat(removal.get("userIdentity").get("PrincipalId").asText()).isEqualTo("dynamodb.amazonaws.com");
        assertThat(removal.get("dynamodb").get("OldImage").get("expires").get("N").asText())
                .isEqualTo(String.valueOf(START.getEpochSecond() + 60));
        assertThat(records.get(0).has("userIdentity")).isFalse();
    }

    @Test
    void streamRecordsOlderThanADayAreTrimmed() {
        put("kept", START.getEpochSecond() + Duration.ofDays(30).toSeconds());
        clock.advance(Duration.ofHours(25));
        put("fresh", START.getEpochSecond() + Duration.ofDays(30).toSeconds());
        dynamodb.sweepExpiredItems();
        String arn = call("DescribeTable", "{\"TableName\":\"sessions\"}").get("Table").get("LatestStreamArn").asText();
        JsonNode shard = registry.call("dynamodbstreams", "DescribeStream", CTX, JSON.createObjectNode()
                .put("StreamArn", arn)).get("StreamDescription").get("Shards").get(0);
        String iterator = registry.call("dynamodbstreams", "GetShardIterator", CTX, JSON.createObjectNode()
                .put("StreamArn", arn).put("ShardId", shard.get("ShardId").asText()).put("ShardIteratorType", "TRIM_HORIZON"))
                .get("ShardIterator").asText();
        JsonNode records = registry.call("dynamodbstreams", "GetRecords", CTX,
                JSON.createObjectNode().put("ShardIterator", iterator)).get("Records");
        assertThat(records).hasSize(1);
        assertThat(records.get(0).get("dynamodb").get("Keys").get("id").get("S").asText()).isEqualTo("fresh");
        assertThat(shard.get("SequenceNumberRange").get("StartingSequenceNumber").asText()).endsWith("2");
    }
}
