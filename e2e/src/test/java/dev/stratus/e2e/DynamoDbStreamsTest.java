package dev.stratus.e2e;

import static dev.stratus.e2e.DynamoDbItemTest.key;
import static dev.stratus.e2e.DynamoDbItemTest.n;
import static dev.stratus.e2e.DynamoDbItemTest.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;

class DynamoDbStreamsTest {
    static final StratusServer stratus = StratusServer.start();
    static final DynamoDbClient ddb = stratus.client(DynamoDbClient.builder());
    static final DynamoDbStreamsClient streams = stratus.client(DynamoDbStreamsClient.builder());

    @AfterAll
    static void stop() {
        stratus.close();
    }

    @Test
    void writesAppearInOrderWithTheImagesTheViewTypeAsksFor() {
        String arn = ddb.createTable(DynamoDbTableTest.hashRange("streamed")
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES))
                .build()).tableDescription().latestStreamArn();
        assertThat(arn).startsWith("arn:aws:dynamodb:us-east-1:000000000000:table/streamed/stream/");
        assertThat(streams.listStreams(r -> r.tableName("streamed")).streams())
                .singleElement().satisfies(st -> assertThat(st.streamArn()).isEqualTo(arn));

        ddb.putItem(r -> r.tableName("streamed").item(Map.of("pk", s("a"), "sk", n("1"), "v", n("1"))));
        ddb.updateItem(r -> r.tableName("streamed").key(key("a", 1)).updateExpression("SET v = :v")
                .expressionAttributeValues(Map.of(":v", n("2"))));
        ddb.transactWriteItems(r -> r.transactItems(
                TransactWriteItem.builder().delete(d -> d.tableName("streamed").key(key("a", 1))).build()));

        var description = streams.describeStream(r -> r.streamArn(arn)).streamDescription();
        assertThat(description.tableName()).isEqualTo("streamed");
        String shard = description.shards().get(0).shardId();
        String iterator = streams.getShardIterator(r -> r.streamArn(arn).shardId(shard)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        GetRecordsResponse page = streams.getRecords(r -> r.shardIterator(iterator).limit(2));
        assertThat(page.records()).extracting(Record::eventName).containsExactly(OperationType.INSERT, OperationType.MODIFY);
        Record modify = page.records().get(1);
        assertThat(modify.dynamodb().oldImage().get("v").n()).isEqualTo("1");
        assertThat(modify.dynamodb().newImage().get("v").n()).isEqualTo("2");
        assertThat(modify.dynamodb().keys()).containsOnlyKeys("pk", "sk");
        assertThat(modify.eventSource()).isEqualTo("aws:dynamodb");

        GetRecordsResponse rest = streams.getRecords(r -> r.shardIterator(page.nextShardIterator()));
        assertThat(rest.records()).singleElement().satisfies(rec -> {
            assertThat(rec.eventName()).isEqualTo(OperationType.REMOVE);
            assertThat(rec.dynamodb().hasNewImage()).isFalse();
            assertThat(rec.dynamodb().sequenceNumber()).isGreaterThan(modify.dynamodb().sequenceNumber());
        });
        assertThat(streams.getRecords(r -> r.shardIterator(rest.nextShardIterator())).records()).isEmpty();

        String latest = streams.getShardIterator(r -> r.streamArn(arn).shardId(shard)
                .shardIteratorType(ShardIteratorType.LATEST)).shardIterator();
        ddb.putItem(r -> r.tableName("streamed").item(Map.of("pk", s("b"), "sk", n("1"))));
        assertThat(streams.getRecords(r -> r.shardIterator(latest)).records())
                .extracting(rec -> rec.dynamodb().keys().get("pk").s()).containsExactly("b");

        String at = streams.getShardIterator(r -> r.streamArn(arn).shardId(shard)
                .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)
                .sequenceNumber(modify.dynamodb().sequenceNumber())).shardIterator();
        assertThat(streams.getRecords(r -> r.shardIterator(at).limit(1)).records())
                .extracting(Record::eventName).containsExactly(OperationType.MODIFY);
    }

    @Test
    void keysOnlyStreamsCarryNoImagesAndDisablingClosesTheStream() {
        String arn = ddb.createTable(DynamoDbTableTest.hashRange("keysonly")
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.KEYS_ONLY))
                .build()).tableDescription().latestStreamArn();
        ddb.putItem(r -> r.tableName("keysonly").item(Map.of("pk", s("a"), "sk", n("1"), "v", n("1"))));
        String shard = streams.describeStream(r -> r.streamArn(arn)).streamDescription().shards().get(0).shardId();
        String iterator = streams.getShardIterator(r -> r.streamArn(arn).shardId(shard)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        assertThat(streams.getRecords(r -> r.shardIterator(iterator)).records()).singleElement()
                .satisfies(rec -> {
                    assertThat(rec.dynamodb().hasNewImage()).isFalse();
                    assertThat(rec.dynamodb().keys()).containsOnlyKeys("pk", "sk");
                });
        ddb.updateTable(r -> r.tableName("keysonly").streamSpecification(s -> s.streamEnabled(false)));
        assertThat(ddb.describeTable(r -> r.tableName("keysonly")).table().latestStreamArn()).isNull();
        // The disabled stream stays readable for 24 hours (DynamoDbDisabledStreamTest), its shard closed.
        assertThat(streams.describeStream(r -> r.streamArn(arn)).streamDescription().streamStatusAsString())
                .isEqualTo("DISABLED");
        assertThatThrownBy(() -> streams.describeStream(r -> r.streamArn(arn + "0")))
                .isInstanceOf(ResourceNotFoundException.class);
    }
}
