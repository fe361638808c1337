package dev.stratus.e2e;

import static dev.stratus.e2e.DynamoDbItemTest.n;
import static dev.stratus.e2e.DynamoDbItemTest.s;
import static dev.stratus.e2e.DynamoDbTableTest.hashRange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.platform.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.model.StreamStatus;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** A stream disabled by UpdateTable stays listed and readable (DISABLED, closed shard) for 24 hours, as on AWS. */
class DynamoDbDisabledStreamTest {
    static final MutableClock clock = new MutableClock(Instant.now());
    static final StratusServer stratus = StratusServer.start(clock);
    static final DynamoDbClient ddb = stratus.client(DynamoDbClient.builder());
    static final DynamoDbStreamsClient streams = stratus.client(DynamoDbStreamsClient.builder());

    @AfterAll
    static void stop() {
        stratus.close();
    }

    private GetRecordsResponse readAll(String streamArn) {
        String shard = streams.describeStream(r -> r.streamArn(streamArn)).streamDescription().shards().getFirst()
                .shardId();
        String iterator = streams.getShardIterator(r -> r.streamArn(streamArn).shardId(shard)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        return streams.getRecords(r -> r.shardIterator(iterator));
    }

    @Test
    void aDisabledStreamKeepsItsRecordsReadableFor24Hours() {
        String old = ddb.createTable(hashRange("was-streamed").streamSpecification(s -> s.streamEnabled(true)
                .streamViewType(StreamViewType.KEYS_ONLY)).build()).tableDescription().latestStreamArn();
        for (int i = 1; i <= 3; i++) {
            int sk = i;
            ddb.putItem(r -> r.tableName("was-streamed").item(java.util.Map.of("pk", s("a"), "sk", n(String.valueOf(sk)))));
        }
        ddb.updateTable(r -> r.tableName("was-streamed").streamSpecification(s -> s.streamEnabled(false)));
        ddb.putItem(r -> r.tableName("was-streamed").item(java.util.Map.of("pk", s("b"), "sk", n("9"))));

        assertThat(streams.listStreams(r -> r.tableName("was-streamed")).streams())
                .extracting(st -> st.streamArn()).containsExactly(old);
        StreamDescription description = streams.describeStream(r -> r.streamArn(old)).streamDescription();
        assertThat(description.streamStatus()).isEqualTo(StreamStatus.DISABLED);
        assertThat(description.streamViewType()).isEqualTo(StreamViewType.KEYS_ONLY);
        assertThat(description.shards().getFirst().sequenceNumberRange().endingSequenceNumber()).isNotNull();
        GetRecordsResponse page = readAll(old);
        assertThat(page.records()).hasSize(3); // nothing written after the stream was disabled
        assertThat(page.nextShardIterator()).isNull(); // the closed shard is read to its end

        // A new stream sits beside the disabled one.
        String current = ddb.updateTable(r -> r.tableName("was-streamed").streamSpecification(s -> s.streamEnabled(true)
                .streamViewType(StreamViewType.NEW_IMAGE))).tableDescription().latestStreamArn();
        assertThat(current).isNotEqualTo(old);
        assertThat(streams.listStreams(r -> r.tableName("was-streamed")).streams())
                .extracting(st -> st.streamArn()).containsExactlyInAnyOrder(old, current);

        clock.advance(Duration.ofHours(24));
        assertThat(streams.listStreams(r -> r.tableName("was-streamed")).streams())
                .extracting(st -> st.streamArn()).containsExactly(current);
        assertThatThrownBy(() -> streams.describeStream(r -> r.streamArn(old)))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> assertThat(
                        e.awsErrorDetails().errorMessage())
                        .isEqualTo("Requested resource not found: Stream: " + old + " not found"));
    }
}
