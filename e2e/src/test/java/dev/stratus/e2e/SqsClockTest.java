package dev.stratus.e2e;

import static dev.stratus.e2e.AwsErrors.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.platform.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageNotInflightException;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Visibility timeouts, delays, retention and dead-letter redrive, with the server's clock moved by hand. */
class SqsClockTest {
    static final MutableClock clock = new MutableClock(Instant.now());
    static final StratusServer stratus = StratusServer.start(clock);
    static final SqsClient sqs = stratus.client(SqsClient.builder().checksumValidationEnabled(true));

    @AfterAll
    static void stop() {
        sqs.close();
        stratus.close();
    }

    static String queue(Map<QueueAttributeName, String> attributes) {
        return sqs.createQueue(b -> b.queueName("c-" + UUID.randomUUID().toString().substring(0, 8))
                .attributes(attributes)).queueUrl();
    }

    static Map<String, String> counts(String url) {
        return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributesAsStrings();
    }

    static List<Message> receive(String url) {
        return sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
    }

    static List<String> receiveAndDelete(String url) {
        List<Message> got = receive(url);
        got.forEach(m -> sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle())));
        return got.stream().map(Message::body).toList();
    }

    @Test
    void aReceivedMessageIsHiddenForItsVisibilityTimeoutThenReturns() {
        String url = queue(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30"));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("m"));
        Message first = receive(url).get(0);
        assertThat(receive(url)).isEmpty();
        assertThat(counts(url)).containsEntry("ApproximateNumberOfMessages", "0")
                .containsEntry("ApproximateNumberOfMessagesNotVisible", "1");
        clock.advance(Duration.ofSeconds(29));
        assertThat(receive(url)).isEmpty();
        clock.advance(Duration.ofSeconds(2));
        Message second = receive(url).get(0);
        assertThat(second.messageId()).isEqualTo(first.messageId());
        assertThat(second.receiptHandle()).isNotEqualTo(first.receiptHandle());
        assertThat(second.attributesAsStrings()).containsEntry("ApproximateReceiveCount", "2")
                .containsEntry("ApproximateFirstReceiveTimestamp",
                        first.attributesAsStrings().get("ApproximateFirstReceiveTimestamp"));
        // The first receive's handle is stale: deleting with it does nothing.
        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(first.receiptHandle()));
        assertThat(counts(url)).containsEntry("ApproximateNumberOfMessagesNotVisible", "1");
    }

    @Test
    void changeMessageVisibilityExtendsOrEndsTheTimeout() {
        String url = queue(Map.of());
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("m"));
        Message m = sqs.receiveMessage(b -> b.queueUrl(url).visibilityTimeout(10)).messages().get(0);
        sqs.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()).visibilityTimeout(100));
        clock.advance(Duration.ofSeconds(50));
        assertThat(receive(url)).isEmpty();
        clock.advance(Duration.ofSeconds(51));
        assertAwsError(() -> sqs.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(m.receiptHandle())
                        .visibilityTimeout(10)), MessageNotInflightException.class, 400,
                "AWS.SimpleQueueService.MessageNotInflight", null);
        Message again = receive(url).get(0);
        var result = sqs.changeMessageVisibilityBatch(b -> b.queueUrl(url).entries(
                e -> e.id("ok").receiptHandle(again.receiptHandle()).visibilityTimeout(0),
                e -> e.id("stale").receiptHandle(m.receiptHandle()).visibilityTimeout(0)));
        assertThat(result.successful()).extracting(e -> e.id()).containsExactly("ok");
        assertThat(result.failed()).extracting(e -> e.code()).containsExactly("AWS.SimpleQueueService.MessageNotInflight");
        assertThat(receive(url)).hasSize(1);
    }

    @Test
    void visibilityCannotBeExtendedBeyondTwelveHoursAfterTheFirstReceive() {
        String url = queue(Map.of());
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("m"));
        Message m = sqs.receiveMessage(b -> b.queueUrl(url).visibilityTimeout(43_200)).messages().get(0);
        clock.advance(Duration.ofHours(1));
        assertAwsError(() -> sqs.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(m.receiptHandle())
                        .visibilityTimeout(43_200)), software.amazon.awssdk.services.sqs.model.SqsException.class, 400,
                "InvalidParameterValue", "Value 43200 for parameter VisibilityTimeout is invalid. Reason: Total "
                        + "VisibilityTimeout for the message is beyond the limit [43200 seconds]");
        sqs.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()).visibilityTimeout(39_600));
    }

    @Test
    void delayedMessagesAppearAfterTheirDelay() {
        String url = queue(Map.of(QueueAttributeName.DELAY_SECONDS, "20"));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("queue delay"));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("own delay").delaySeconds(60));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("no delay").delaySeconds(0));
        assertThat(counts(url)).containsEntry("ApproximateNumberOfMessagesDelayed", "2")
                .containsEntry("ApproximateNumberOfMessages", "1");
        assertThat(receiveAndDelete(url)).containsExactly("no delay");
        clock.advance(Duration.ofSeconds(21));
        assertThat(receiveAndDelete(url)).containsExactly("queue delay");
        clock.advance(Duration.ofSeconds(40));
        assertThat(receiveAndDelete(url)).containsExactly("own delay");
    }

    @Test
    void messagesExpireAfterTheRetentionPeriod() {
        String url = queue(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "60"));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("old"));
        clock.advance(Duration.ofSeconds(61));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("new"));
        assertThat(counts(url)).containsEntry("ApproximateNumberOfMessages", "1");
        assertThat(receive(url)).extracting(Message::body).containsExactly("new");
    }

    @Test
    void aMessageReceivedMaxReceiveCountTimesMovesToTheDeadLetterQueue() {
        String dlq = queue(Map.of());
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlq).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributesAsStrings().get("QueueArn");
        String src = queue(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "10", QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":2}"));
        String srcArn = sqs.getQueueAttributes(b -> b.queueUrl(src).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributesAsStrings().get("QueueArn");
        String id = sqs.sendMessage(b -> b.queueUrl(src).messageBody("poison")).messageId();
        assertThat(receive(src)).hasSize(1);
        clock.advance(Duration.ofSeconds(11));
        assertThat(receive(src)).hasSize(1);
        clock.advance(Duration.ofSeconds(11));
        assertThat(receive(src)).isEmpty();
        List<Message> dead = receive(dlq);
        assertThat(dead).singleElement().satisfies(m -> {
            assertThat(m.messageId()).isEqualTo(id);
            assertThat(m.body()).isEqualTo("poison");
            assertThat(m.attributesAsStrings()).containsEntry("DeadLetterQueueSourceArn", srcArn)
                    .containsEntry("ApproximateReceiveCount", "1");
        });
    }

    @Test
    void aMessageMoveTaskRedrivesDeadLettersBackToTheirSource() {
        String dlq = queue(Map.of());
        String dlqArn = arn(dlq);
        String src = queue(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "5", QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":1}"));
        sqs.sendMessage(b -> b.queueUrl(src).messageBody("retry me"));
        assertThat(receive(src)).hasSize(1);
        clock.advance(Duration.ofSeconds(6));
        assertThat(receive(src)).isEmpty();
        assertThat(counts(dlq)).containsEntry("ApproximateNumberOfMessages", "1");
        String handle = sqs.startMessageMoveTask(b -> b.sourceArn(dlqArn)).taskHandle();
        assertThat(handle).isNotBlank();
        assertThat(sqs.listMessageMoveTasks(b -> b.sourceArn(dlqArn)).results()).singleElement().satisfies(t -> {
            assertThat(t.status()).isEqualTo("COMPLETED");
            assertThat(t.approximateNumberOfMessagesMoved()).isEqualTo(1L);
        });
        assertThat(receive(src)).extracting(Message::body).containsExactly("retry me");
        assertAwsError(() -> sqs.startMessageMoveTask(b -> b.sourceArn(arn(src))),
                software.amazon.awssdk.services.sqs.model.SqsException.class, 400, "InvalidParameterValue",
                "Source queue must be configured as a Dead Letter Queue.");
    }

    static String arn(String url) {
        return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributesAsStrings().get("QueueArn");
    }

    @Test
    void purgeIsAllowedAgainAfterSixtySeconds() {
        String url = queue(Map.of());
        sqs.purgeQueue(b -> b.queueUrl(url));
        clock.advance(Duration.ofSeconds(61));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("m"));
        sqs.purgeQueue(b -> b.queueUrl(url));
        assertThat(receive(url)).isEmpty();
    }
}
