package dev.stratus.e2e;

import static dev.stratus.e2e.AwsErrors.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

/** FIFO queues: group ordering, group blocking while in flight, deduplication, sequence numbers. */
class SqsFifoTest {
    static final StratusServer stratus = StratusServer.start();
    static final SqsClient sqs = stratus.client(SqsClient.builder().checksumValidationEnabled(true));

    @AfterAll
    static void stop() {
        sqs.close();
        stratus.close();
    }

    static String fifo(boolean contentDedup) {
        return sqs.createQueue(b -> b.queueName("q-" + UUID.randomUUID().toString().substring(0, 8) + ".fifo")
                .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true",
                        QueueAttributeName.CONTENT_BASED_DEDUPLICATION, String.valueOf(contentDedup)))).queueUrl();
    }

    static SendMessageResponse send(String url, String group, String body) {
        return sqs.sendMessage(b -> b.queueUrl(url).messageGroupId(group).messageBody(body));
    }

    @Test
    void messagesOfAGroupArriveInOrderWithIncreasingSequenceNumbers() {
        String url = fifo(true);
        SendMessageResponse first = send(url, "g", "1");
        SendMessageResponse second = send(url, "g", "2");
        send(url, "g", "3");
        assertThat(first.sequenceNumber()).hasSize(20);
        assertThat(second.sequenceNumber()).isGreaterThan(first.sequenceNumber());
        List<Message> got = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
        assertThat(got).extracting(Message::body).containsExactly("1", "2", "3");
        assertThat(got.get(0).attributesAsStrings()).containsEntry("MessageGroupId", "g")
                .containsEntry("SequenceNumber", first.sequenceNumber())
                .containsKey("MessageDeduplicationId");
    }

    @Test
    void aGroupWithAMessageInFlightIsBlockedWhileOtherGroupsFlow() {
        String url = fifo(true);
        send(url, "a", "a1");
        send(url, "a", "a2");
        send(url, "b", "b1");
        Message a1 = sqs.receiveMessage(b -> b.queueUrl(url)).messages().get(0);
        assertThat(a1.body()).isEqualTo("a1");
        // a2 waits behind a1 (in flight); b1 is free.
        assertThat(sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)).messages())
                .extracting(Message::body).containsExactly("b1");
        assertThat(sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)).messages()).isEmpty();
        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(a1.receiptHandle()));
        assertThat(sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)).messages())
                .extracting(Message::body).containsExactly("a2");
    }

    @Test
    void duplicatesWithinFiveMinutesAreAcceptedButNotDelivered() {
        String url = fifo(false);
        SendMessageResponse one = sqs.sendMessage(b -> b.queueUrl(url).messageGroupId("g").messageBody("x")
                .messageDeduplicationId("d1"));
        SendMessageResponse dup = sqs.sendMessage(b -> b.queueUrl(url).messageGroupId("g").messageBody("other body")
                .messageDeduplicationId("d1"));
        assertThat(dup.messageId()).isEqualTo(one.messageId());
        assertThat(dup.sequenceNumber()).isEqualTo(one.sequenceNumber());
        assertThat(sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)).messages()).hasSize(1);
    }

    @Test
    void contentBasedDeduplicationUsesTheBodysSha256() {
        String url = fifo(true);
        SendMessageResponse one = send(url, "g", "same");
        assertThat(send(url, "g", "same").messageId()).isEqualTo(one.messageId());
        assertThat(send(url, "g", "different").messageId()).isNotEqualTo(one.messageId());
        Message m = sqs.receiveMessage(b -> b.queueUrl(url).messageSystemAttributeNames(
                MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID)).messages().get(0);
        assertThat(m.attributesAsStrings().get("MessageDeduplicationId"))
                .isEqualTo("0967115f2813a3541eaef77de9d9d5773f1c0c04314b0bbfe4ff3b3b1c55b5d5");
    }

    @Test
    void fifoRequiresAGroupAndADeduplicationIdOrContentBasedDeduplication() {
        String plain = fifo(false);
        assertAwsError(() -> sqs.sendMessage(b -> b.queueUrl(plain).messageBody("x").messageDeduplicationId("d")),
                SqsException.class, 400, "MissingParameter", "The request must contain the parameter MessageGroupId.");
        assertAwsError(() -> sqs.sendMessage(b -> b.queueUrl(plain).messageBody("x").messageGroupId("g")),
                SqsException.class, 400, "InvalidParameterValue",
                "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly");
        assertAwsError(() -> sqs.sendMessage(b -> b.queueUrl(plain).messageBody("x").messageGroupId("g")
                .messageDeduplicationId("d").delaySeconds(5)), SqsException.class, 400, "InvalidParameterValue", null);
    }

    @Test
    void batchSendsToAFifoQueueKeepTheirOrder() {
        String url = fifo(true);
        sqs.sendMessageBatch(b -> b.queueUrl(url).entries(
                e -> e.id("1").messageBody("b1").messageGroupId("g"),
                e -> e.id("2").messageBody("b2").messageGroupId("g"),
                e -> e.id("3").messageBody("b3").messageGroupId("g")));
        assertThat(sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)).messages())
                .extracting(Message::body).containsExactly("b1", "b2", "b3");
    }
}
