package dev.stratus.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.OperationRegistry;
import dev.stratus.platform.Platform;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.StratusConfig;
import dev.stratus.platform.auth.CredentialResolver;
import dev.stratus.platform.testing.MutableClock;
import dev.stratus.protocol.AwsException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The catalog caches decoded tables for the data plane: control-plane changes reach the next data-plane call, and a
 * control-plane call that fails half-way leaves the table as it was.
 */
class TableCacheTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
    private static final RequestContext CTX = RequestContext.internal("000000000000", "us-east-1");
    private static final String ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/users";

    private final MutableClock clock = new MutableClock(START);
    private OperationRegistry registry;
    private DynamoDbService dynamodb;

    @BeforeEach
    void start() {
        registry = new OperationRegistry();
        Platform platform = new Platform(StratusConfig.forTests(), new dev.stratus.storage.MemoryStorage(), clock,
                registry, new CredentialResolver(Map.of()));
        dynamodb = new DynamoDbService(platform);
        registry.register(dynamodb);
        registry.register(new DynamoDbStreamsService(platform));
        call("CreateTable", "{\"TableName\":\"users\",\"BillingMode\":\"PAY_PER_REQUEST\","
                + "\"AttributeDefinitions\":[{\"AttributeName\":\"id\",\"AttributeType\":\"S\"}],"
                + "\"KeySchema\":[{\"AttributeName\":\"id\",\"KeyType\":\"HASH\"}]}");
        call("PutItem", "{\"TableName\":\"users\",\"Item\":{\"id\":{\"S\":\"a\"},\"team\":{\"S\":\"red\"}}}");
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
        return call("DescribeTable", "{\"TableName\":\"users\"}").get("Table");
    }

    private String queryByTeamError() {
        try {
            call("Query", "{\"TableName\":\"users\",\"IndexName\":\"byteam\",\"KeyConditionExpression\":\"team = :t\","
                    + "\"ExpressionAttributeValues\":{\":t\":{\"S\":\"red\"}}}");
            return null;
        } catch (AwsException e) {
            return e.getMessage();
        }
    }

    @Test
    void anUpdateTableThatFailsHalfWayLeavesTheTableAsItWas() {
        // The index is created and deletion protection set on the working copy before the Update of a missing index fails.
        assertThatThrownBy(() -> call("UpdateTable", "{\"TableName\":\"users\",\"DeletionProtectionEnabled\":true,"
                + "\"AttributeDefinitions\":[{\"AttributeName\":\"team\",\"AttributeType\":\"S\"}],"
                + "\"GlobalSecondaryIndexUpdates\":[{\"Create\":{\"IndexName\":\"byteam\",\"KeySchema\":"
                + "[{\"AttributeName\":\"team\",\"KeyType\":\"HASH\"}],\"Projection\":{\"ProjectionType\":\"ALL\"}}},"
                + "{\"Update\":{\"IndexName\":\"missing\",\"ProvisionedThroughput\":{\"ReadCapacityUnits\":1,"
                + "\"WriteCapacityUnits\":1}}}]}"))
                .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.code()).endsWith("ResourceNotFoundException"));

        JsonNode table = describe();
        assertThat(table.has("GlobalSecondaryIndexes")).isFalse();
        assertThat(table.get("AttributeDefinitions")).hasSize(1);
        assertThat(table.get("DeletionProtectionEnabled").asBoolean()).isFalse();
        assertThat(queryByTeamError()).isEqualTo("The table does not have the specified index: byteam");
        assertThat(call("GetItem", "{\"TableName\":\"users\",\"Key\":{\"id\":{\"S\":\"a\"}}}").has("Item")).isTrue();
    }

    @Test
    void aFailedTagOrTimeToLiveChangeLeavesTheTableAsItWas() {
        call("UpdateTimeToLive", "{\"TableName\":\"users\",\"TimeToLiveSpecification\":{\"Enabled\":true,"
                + "\"AttributeName\":\"expires\"}}");
        assertThatThrownBy(() -> call("UpdateTimeToLive", "{\"TableName\":\"users\",\"TimeToLiveSpecification\":"
                + "{\"Enabled\":true,\"AttributeName\":\"other\"}}")).isInstanceOf(AwsException.class);
        assertThat(call("DescribeTimeToLive", "{\"TableName\":\"users\"}").get("TimeToLiveDescription")
                .get("AttributeName").asText()).isEqualTo("expires");
        assertThatThrownBy(() -> call("TagResource", "{\"ResourceArn\":\"" + ARN + "\",\"Tags\":[]}"))
                .isInstanceOf(AwsException.class);
        assertThat(call("ListTagsOfResource", "{\"ResourceArn\":\"" + ARN + "\"}").get("Tags")).isEmpty();
    }

    @Test
    void updateTableChangesReachTheNextDataPlaneCall() {
        assertThat(queryByTeamError()).isEqualTo("The table does not have the specified index: byteam");
        call("UpdateTable", "{\"TableName\":\"users\",\"StreamSpecification\":{\"StreamEnabled\":true,"
                + "\"StreamViewType\":\"NEW_IMAGE\"},"
                + "\"AttributeDefinitions\":[{\"AttributeName\":\"team\",\"AttributeType\":\"S\"}],"
                + "\"GlobalSecondaryIndexUpdates\":[{\"Create\":{\"IndexName\":\"byteam\",\"KeySchema\":"
                + "[{\"AttributeName\":\"team\",\"KeyType\":\"HASH\"}],\"Projection\":{\"ProjectionType\":\"ALL\"}}}]}");

        // The index exists for queries at once (backfilling, or done already).
        assertThat(queryByTeamError()).isIn(null, "Cannot read from backfilling global secondary index: byteam");
        // And a write now goes to the new stream.
        call("PutItem", "{\"TableName\":\"users\",\"Item\":{\"id\":{\"S\":\"b\"},\"team\":{\"S\":\"blue\"}}}");
        String arn = describe().get("LatestStreamArn").asText();
        String shard = registry.call("dynamodbstreams", "DescribeStream", CTX, JSON.createObjectNode()
                .put("StreamArn", arn)).get("StreamDescription").get("Shards").get(0).get("ShardId").asText();
        String iterator = registry.call("dynamodbstreams", "GetShardIterator", CTX, JSON.createObjectNode()
                .put("StreamArn", arn).put("ShardId", shard).put("ShardIteratorType", "TRIM_HORIZON"))
                .get("ShardIterator").asText();
        JsonNode records = registry.call("dynamodbstreams", "GetRecords", CTX,
                JSON.createObjectNode().put("ShardIterator", iterator)).get("Records");
        assertThat(records).hasSize(1);
        assertThat(records.get(0).get("dynamodb").get("NewImage").get("id").get("S").asText()).isEqualTo("b");
    }

    @Test
    void tagAndTimeToLiveChangesReachTheNextCall() {
        call("TagResource", "{\"ResourceArn\":\"" + ARN + "\",\"Tags\":[{\"Key\":\"team\",\"Value\":\"red\"}]}");
        assertThat(call("ListTagsOfResource", "{\"ResourceArn\":\"" + ARN + "\"}").get("Tags").get(0)
                .get("Value").asText()).isEqualTo("red");
        call("UntagResource", "{\"ResourceArn\":\"" + ARN + "\",\"TagKeys\":[\"team\"]}");
        assertThat(call("ListTagsOfResource", "{\"ResourceArn\":\"" + ARN + "\"}").get("Tags")).isEmpty();

        call("PutItem", "{\"TableName\":\"users\",\"Item\":{\"id\":{\"S\":\"old\"},\"expires\":{\"N\":\""
                + (START.getEpochSecond() - 60) + "\"}}}");
        assertThat(dynamodb.sweepExpiredItems()).isZero();
        call("UpdateTimeToLive", "{\"TableName\":\"users\",\"TimeToLiveSpecification\":{\"Enabled\":true,"
                + "\"AttributeName\":\"expires\"}}");
        assertThat(call("DescribeTimeToLive", "{\"TableName\":\"users\"}").get("TimeToLiveDescription")
                .get("TimeToLiveStatus").asText()).isEqualTo("ENABLED");
        clock.advance(Duration.ofMinutes(1));
        assertThat(dynamodb.sweepExpiredItems()).isEqualTo(1);
        assertThat(call("GetItem", "{\"TableName\":\"users\",\"Key\":{\"id\":{\"S\":\"old\"}}}").has("Item")).isFalse();
    }
}
