package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.platform.StratusConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.sqs.SqsClient;

/** An S3 event acknowledged but not yet delivered when the server stops is delivered after the next start. */
class S3NotificationsDurabilityTest {
    static final String QUEUE_ARN = "arn:aws:sqs:us-east-1:000000000000:late-queue";

    @TempDir
    Path data;

    @Test
    void aPendingEventIsDeliveredAfterARestart() {
        StratusConfig config = StratusConfig.forTests().withStorage(data, false);
        try (StratusServer first = StratusServer.start(config);
             S3Client s3 = first.client(S3Client.builder().forcePathStyle(true))) {
            s3.createBucket(b -> b.bucket("durable-events"));
            s3.putBucketNotificationConfiguration(b -> b.bucket("durable-events").skipDestinationValidation(true)
                    .notificationConfiguration(n -> n.queueConfigurations(q -> q.queueArn(QUEUE_ARN)
                            .events(Event.S3_OBJECT_CREATED))));
            // the queue does not exist yet: the first attempt fails, and the server stops before the retry
            s3.putObject(b -> b.bucket("durable-events").key("before-restart.txt"), RequestBody.fromString("x"));
        }
        try (StratusServer second = StratusServer.start(config);
             SqsClient sqs = second.client(SqsClient.builder())) {
            String url = sqs.createQueue(b -> b.queueName("late-queue")).queueUrl();
            List<String> bodies = new QueueReader(sqs).bodies(url, 1, Duration.ofSeconds(20));
            assertThat(bodies).hasSize(1);
            JsonNode record = QueueReader.json(bodies.get(0)).path("Records").path(0);
            assertThat(record.path("eventName").asText()).isEqualTo("ObjectCreated:Put");
            assertThat(record.at("/s3/object/key").asText()).isEqualTo("before-restart.txt");
            assertThat(record.at("/s3/bucket/name").asText()).isEqualTo("durable-events");
            // delivered once: nothing is left to send again
            assertThat(new QueueReader(sqs).bodies(url, 1, Duration.ofSeconds(2))).isEmpty();
        }
    }
}
