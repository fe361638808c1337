package dev.stratus.e2e;

import static dev.stratus.e2e.DynamoDbItemTest.n;
import static dev.stratus.e2e.DynamoDbItemTest.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.platform.StratusConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Tables, items and index entries survive a restart on the RocksDB engine. */
class DynamoDbPersistenceTest {
    @TempDir
    Path dataDir;

    @Test
    void tablesItemsAndIndexesSurviveARestart() {
        StratusConfig config = StratusConfig.forTests().withStorage(dataDir, false);
        long[] sizeBefore = new long[1];
        try (StratusServer first = StratusServer.start(config);
             DynamoDbClient ddb = first.client(DynamoDbClient.builder())) {
            ddb.createTable(DynamoDbTableTest.hashRange("durable")
                    .attributeDefinitions(DynamoDbTableTest.attr("pk", ScalarAttributeType.S),
                            DynamoDbTableTest.attr("sk", ScalarAttributeType.N),
                            DynamoDbTableTest.attr("g", ScalarAttributeType.S))
                    .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("byg")
                            .keySchema(DynamoDbTableTest.key("g", KeyType.HASH))
                            .projection(p -> p.projectionType(ProjectionType.ALL)).build()).build());
            ddb.putItem(r -> r.tableName("durable").item(Map.of("pk", s("a"), "sk", n("1.50"), "g", s("x"),
                    "b", AttributeValue.fromB(SdkBytes.fromUtf8String("bytes")),
                    "bs", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("m"))))));
            sizeBefore[0] = ddb.describeTable(r -> r.tableName("durable")).table().tableSizeBytes();
        }
        try (StratusServer second = StratusServer.start(config);
             DynamoDbClient ddb = second.client(DynamoDbClient.builder())) {
            var item = ddb.getItem(r -> r.tableName("durable").key(Map.of("pk", s("a"), "sk", n("1.5")))).item();
            assertThat(item.get("b").b().asUtf8String()).isEqualTo("bytes");
            assertThat(item.get("bs").bs()).extracting(SdkBytes::asUtf8String).containsExactly("m");
            var byG = ddb.query(r -> r.tableName("durable").indexName("byg").keyConditionExpression("g = :g")
                    .expressionAttributeValues(Map.of(":g", s("x"))));
            assertThat(byG.items()).extracting(i -> i.get("sk").n()).containsExactly("1.5");
            var table = ddb.describeTable(r -> r.tableName("durable")).table();
            assertThat(table.itemCount()).isEqualTo(1);
            assertThat(table.tableSizeBytes()).isEqualTo(sizeBefore[0]).isPositive();
            assertThat(table.globalSecondaryIndexes().getFirst().itemCount()).isEqualTo(1);
            // Counters go on from where they were.
            ddb.putItem(r -> r.tableName("durable").item(Map.of("pk", s("b"), "sk", n("2"))));
            assertThat(ddb.describeTable(r -> r.tableName("durable")).table().itemCount()).isEqualTo(2);
        }
    }
}
