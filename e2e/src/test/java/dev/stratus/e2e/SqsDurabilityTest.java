package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.platform.StratusConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Queues and messages, including their delivery state, survive a restart on RocksDB. */
class SqsDurabilityTest {

    @Test
    void queuesMessagesAndInFlightStateSurviveARestart(@TempDir Path dataDir) {
        StratusConfig config = StratusConfig.forTests().withStorage(dataDir, false);
        String url;
        String inFlightId;
        try (StratusServer first = StratusServer.start(config);
             SqsClient sqs = first.client(SqsClient.builder())) {
            url = sqs.createQueue(b -> b.queueName("durable").attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "600"))
                    .tags(Map.of("k", "v"))).queueUrl();
            sqs.sendMessage(b -> b.queueUrl(url).messageBody("one"));
            inFlightId = sqs.receiveMessage(b -> b.queueUrl(url)).messages().get(0).messageId();
            sqs.sendMessage(b -> b.queueUrl(url).messageBody("two"));
        }
        try (StratusServer second = StratusServer.start(config);
             SqsClient sqs = second.client(SqsClient.builder())) {
            String again = sqs.getQueueUrl(b -> b.queueName("durable")).queueUrl();
            assertThat(sqs.listQueueTags(b -> b.queueUrl(again)).tags()).containsEntry("k", "v");
            List<Message> got = sqs.receiveMessage(b -> b.queueUrl(again).maxNumberOfMessages(10)).messages();
            assertThat(got).extracting(Message::body).containsExactly("two");
            assertThat(got.get(0).messageId()).isNotEqualTo(inFlightId);
            assertThat(sqs.getQueueAttributes(b -> b.queueUrl(again)
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributesAsStrings())
                    .containsEntry("ApproximateNumberOfMessagesNotVisible", "2");
        }
    }
}
