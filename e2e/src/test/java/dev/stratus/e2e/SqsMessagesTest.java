package dev.stratus.e2e;

import static dev.stratus.e2e.AwsErrors.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchEntryIdsNotDistinctException;
import software.amazon.awssdk.services.sqs.model.BatchRequestTooLongException;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.EmptyBatchRequestException;
import software.amazon.awssdk.services.sqs.model.InvalidBatchEntryIdException;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeNameForSends;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiptHandleIsInvalidException;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;
import software.amazon.awssdk.services.sqs.model.TooManyEntriesInBatchRequestException;

/** Sending, receiving and deleting messages through the SDK v2, which verifies every MD5 SQS returns. */
class SqsMessagesTest {
    static final StratusServer stratus = StratusServer.start();
    static final SqsClient sqs = stratus.client(SqsClient.builder().checksumValidationEnabled(true));

    @AfterAll
    static void stop() {
        sqs.close();
        stratus.close();
    }

    static String queue() {
        return sqs.createQueue(b -> b.queueName("m-" + UUID.randomUUID().toString().substring(0, 8))).queueUrl();
    }

    @Test
    void sendReceiveDeleteWithAttributesWhoseDigestsTheSdkChecks() {
        String url = queue();
        Map<String, MessageAttributeValue> attrs = Map.of(
                "city", MessageAttributeValue.builder().dataType("String").stringValue("Zürich").build(),
                "count", MessageAttributeValue.builder().dataType("Number").stringValue("42").build(),
                "blob", MessageAttributeValue.builder().dataType("Binary")
                        .binaryValue(SdkBytes.fromByteArray(new byte[] {0, 1, 2, (byte) 255})).build(),
                "price", MessageAttributeValue.builder().dataType("Number.float").stringValue("1.5").build());
        SendMessageResponse sent = sqs.sendMessage(b -> b.queueUrl(url).messageBody("héllo ✓").messageAttributes(attrs)
                .messageSystemAttributesWithStrings(Map.of("AWSTraceHeader", MessageSystemAttributeValue.builder()
                        .dataType("String").stringValue("Root=1-5759e988-bd862e3fe1be46a994272793").build())));
        // Well-known digests: the SDK already compared them with its own, these pin them for other clients.
        assertThat(sent.md5OfMessageBody()).isEqualTo("21b1ae5bc147bb564254200a4731e337");
        assertThat(sent.md5OfMessageAttributes()).hasSize(32);
        assertThat(sent.md5OfMessageSystemAttributes()).hasSize(32);

        List<Message> got = sqs.receiveMessage(b -> b.queueUrl(url).messageAttributeNames("All")
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
        assertThat(got).hasSize(1);
        Message m = got.get(0);
        assertThat(m.messageId()).isEqualTo(sent.messageId());
        assertThat(m.body()).isEqualTo("héllo ✓");
        assertThat(m.messageAttributes()).isEqualTo(attrs);
        assertThat(m.md5OfMessageAttributes()).isEqualTo(sent.md5OfMessageAttributes());
        assertThat(m.attributesAsStrings()).containsEntry("ApproximateReceiveCount", "1")
                .containsEntry("SenderId", "test")
                .containsEntry("AWSTraceHeader", "Root=1-5759e988-bd862e3fe1be46a994272793")
                .containsKeys("SentTimestamp", "ApproximateFirstReceiveTimestamp");
        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
        assertThat(sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.ALL))
                .attributesAsStrings()).containsEntry("ApproximateNumberOfMessages", "0")
                .containsEntry("ApproximateNumberOfMessagesNotVisible", "0");
    }

    @Test
    void messageAttributeNamesSelectByNameAndPrefixAndTheDigestCoversOnlyThoseReturned() {
        String url = queue();
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("x").messageAttributes(Map.of(
                "order.id", MessageAttributeValue.builder().dataType("String").stringValue("1").build(),
                "order.total", MessageAttributeValue.builder().dataType("Number").stringValue("9").build(),
                "user", MessageAttributeValue.builder().dataType("String").stringValue("ann").build())));
        Message m = sqs.receiveMessage(b -> b.queueUrl(url).messageAttributeNames("order.*")
                .messageSystemAttributeNames(MessageSystemAttributeName.SENT_TIMESTAMP)).messages().get(0);
        assertThat(m.messageAttributes()).containsOnlyKeys("order.id", "order.total");
        assertThat(m.attributesAsStrings()).containsOnlyKeys("SentTimestamp");
        sqs.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
        Message again = sqs.receiveMessage(b -> b.queueUrl(url).messageAttributeNames("user")).messages().get(0);
        assertThat(again.messageAttributes()).containsOnlyKeys("user");
        sqs.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(again.receiptHandle()).visibilityTimeout(0));
        Message none = sqs.receiveMessage(b -> b.queueUrl(url)).messages().get(0);
        assertThat(none.messageAttributes()).isEmpty();
        assertThat(none.md5OfMessageAttributes()).isNull();
    }

    @Test
    void theDeprecatedAttributeNamesTakeMessageSystemAttributeNames() {
        String url = queue();
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("x"));
        Message m = sqs.receiveMessage(b -> b.queueUrl(url).attributeNamesWithStrings("SentTimestamp",
                "ApproximateReceiveCount")).messages().get(0);
        assertThat(m.attributesAsStrings()).containsOnlyKeys("SentTimestamp", "ApproximateReceiveCount");
    }

    @Test
    void longPollingWakesWhenAMessageArrives() throws Exception {
        String url = queue();
        long start = System.nanoTime();
        CompletableFuture<List<Message>> poll = CompletableFuture.supplyAsync(
                () -> sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(20)).messages());
        Thread.sleep(300); // let the poll start waiting; the assertion below is about it waking, not this pause
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("wake"));
        List<Message> got = poll.get(10, TimeUnit.SECONDS);
        assertThat(got).extracting(Message::body).containsExactly("wake");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void anEmptyShortPollReturnsNoMessagesAtOnce() {
        String url = queue();
        assertThat(sqs.receiveMessage(b -> b.queueUrl(url)).messages()).isEmpty();
    }

    @Test
    void concurrentConsumersNeverReceiveTheSameMessage() throws Exception {
        String url = queue();
        for (int i = 0; i < 5; i++) {
            int base = i * 10;
            sqs.sendMessageBatch(b -> b.queueUrl(url).entries(IntStream.range(0, 10).mapToObj(j ->
                    SendMessageBatchRequestEntry.builder().id("e" + j).messageBody("m" + (base + j)).build()).toList()));
        }
        ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<Void>> consumers = IntStream.range(0, 4).mapToObj(i -> CompletableFuture.runAsync(() -> {
            while (true) {
                List<Message> got = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(3)).messages();
                if (got.isEmpty()) {
                    return;
                }
                got.forEach(m -> seen.add(m.body()));
            }
        })).toList();
        CompletableFuture.allOf(consumers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertThat(seen).hasSize(50).doesNotHaveDuplicates();
    }

    @Test
    void batchSendAndDeleteReportPerEntryResults() {
        String url = queue();
        SendMessageBatchResponse sent = sqs.sendMessageBatch(b -> b.queueUrl(url).entries(
                SendMessageBatchRequestEntry.builder().id("a").messageBody("one").build(),
                SendMessageBatchRequestEntry.builder().id("b").messageBody("two").delaySeconds(0)
                        .messageAttributes(Map.of("k", MessageAttributeValue.builder().dataType("String").stringValue("v").build()))
                        .build(),
                SendMessageBatchRequestEntry.builder().id("c").messageBody("bad").delaySeconds(901).build()));
        assertThat(sent.successful()).extracting(e -> e.id()).containsExactly("a", "b");
        assertThat(sent.failed()).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("c");
            assertThat(f.code()).isEqualTo("InvalidParameterValue");
            assertThat(f.senderFault()).isTrue();
        });
        List<Message> got = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)).messages();
        assertThat(got).extracting(Message::body).containsExactlyInAnyOrder("one", "two");
        DeleteMessageBatchResponse deleted = sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(
                e -> e.id("x").receiptHandle(got.get(0).receiptHandle()),
                e -> e.id("y").receiptHandle(got.get(1).receiptHandle()),
                e -> e.id("z").receiptHandle("garbage")));
        assertThat(deleted.successful()).extracting(e -> e.id()).containsExactly("x", "y");
        assertThat(deleted.failed()).singleElement().satisfies(f -> assertThat(f.code()).isEqualTo("ReceiptHandleIsInvalid"));
    }

    @Test
    void batchRequestErrors() {
        String url = queue();
        assertAwsError(() -> sqs.sendMessageBatch(b -> b.queueUrl(url).entries(List.of())),
                EmptyBatchRequestException.class, 400, "AWS.SimpleQueueService.EmptyBatchRequest", null);
        assertAwsError(() -> sqs.sendMessageBatch(b -> b.queueUrl(url).entries(IntStream.range(0, 11).mapToObj(i ->
                        SendMessageBatchRequestEntry.builder().id("e" + i).messageBody("m").build()).toList())),
                TooManyEntriesInBatchRequestException.class, 400, "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
                "Maximum number of entries per request are 10. You have sent 11.");
        assertAwsError(() -> sqs.sendMessageBatch(b -> b.queueUrl(url).entries(
                        e -> e.id("same").messageBody("1"), e -> e.id("same").messageBody("2"))),
                BatchEntryIdsNotDistinctException.class, 400, "AWS.SimpleQueueService.BatchEntryIdsNotDistinct", null);
        String big = "b".repeat(600_000);
        assertAwsError(() -> sqs.sendMessageBatch(b -> b.queueUrl(url).entries(
                        e -> e.id("1").messageBody(big), e -> e.id("2").messageBody(big))),
                BatchRequestTooLongException.class, 400, "AWS.SimpleQueueService.BatchRequestTooLong",
                "Batch requests cannot be longer than 1048576 bytes. You have sent 1200000 bytes.");
        assertAwsError(() -> sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(e -> e.id("no spaces").receiptHandle("h"))),
                InvalidBatchEntryIdException.class, 400, "AWS.SimpleQueueService.InvalidBatchEntryId", null);
    }

    @Test
    void messagesOverTheQueuesMaximumSizeAreRefused() {
        String url = queue();
        String mib = "a".repeat(1_048_576);
        sqs.sendMessage(b -> b.queueUrl(url).messageBody(mib));
        assertAwsError(() -> sqs.sendMessage(b -> b.queueUrl(url).messageBody(mib + "a")), SqsException.class, 400,
                "InvalidParameterValue", "One or more parameters are invalid. Reason: Message must be shorter than 1048576 bytes.");
        sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(Map.of(QueueAttributeName.MAXIMUM_MESSAGE_SIZE, "262144")));
        String kib256 = "a".repeat(262_144);
        sqs.sendMessage(b -> b.queueUrl(url).messageBody(kib256));
        assertAwsError(() -> sqs.sendMessage(b -> b.queueUrl(url).messageBody(kib256 + "a")), SqsException.class, 400,
                "InvalidParameterValue", "One or more parameters are invalid. Reason: Message must be shorter than 262144 bytes.");
        // Attributes count towards the size.
        assertAwsError(() -> sqs.sendMessage(b -> b.queueUrl(url).messageBody(kib256).messageAttributes(Map.of("k",
                        MessageAttributeValue.builder().dataType("String").stringValue("v").build()))),
                SqsException.class, 400, "InvalidParameterValue", null);
    }

    @Test
    void receiveParametersAreRangeChecked() {
        String url = queue();
        assertAwsError(() -> sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(11)), SqsException.class, 400,
                "InvalidParameterValue",
                "Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.");
        assertAwsError(() -> sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(21)), SqsException.class, 400,
                "InvalidParameterValue", null);
    }

    @Test
    void receiptHandlesAreChecked() {
        String url = queue();
        assertAwsError(() -> sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle("not-a-handle")),
                ReceiptHandleIsInvalidException.class, 400, "ReceiptHandleIsInvalid",
                "The input receipt handle \"not-a-handle\" is not a valid receipt handle.");
    }

    @Test
    void messageAttributesAreChecked() {
        String url = queue();
        MessageAttributeValue v = MessageAttributeValue.builder().dataType("String").stringValue("x").build();
        for (String bad : List.of("AWS.thing", "amazon.x", ".lead", "trail.", "dou..ble", "spa ce")) {
            assertAwsError(() -> sqs.sendMessage(b -> b.queueUrl(url).messageBody("m").messageAttributes(Map.of(bad, v))),
                    SqsException.class, 400, "InvalidParameterValue", null);
        }
        assertAwsError(() -> sqs.sendMessage(b -> b.queueUrl(url).messageBody("m").messageAttributes(Map.of("n",
                        MessageAttributeValue.builder().dataType("Number").stringValue("twelve").build()))),
                SqsException.class, 400, "InvalidParameterValue", null);
        assertAwsError(() -> sqs.sendMessage(b -> b.queueUrl(url).messageBody("m").messageAttributes(Map.of("t",
                        MessageAttributeValue.builder().dataType("Date").stringValue("x").build()))),
                SqsException.class, 400, "InvalidParameterValue", null);
        java.util.Map<String, MessageAttributeValue> eleven = new java.util.HashMap<>();
        IntStream.range(0, 11).forEach(i -> eleven.put("a" + i, v));
        assertAwsError(() -> sqs.sendMessage(b -> b.queueUrl(url).messageBody("m").messageAttributes(eleven)),
                SqsException.class, 400, "InvalidParameterValue",
                "Number of message attributes [11] exceeds the allowed maximum [10].");
    }

    @Test
    void otherServicesReceiveAndDeleteInProcessThroughTheRegistry() {
        String url = queue();
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("for lambda"));
        var registry = stratus.app().registry();
        var ctx = dev.stratus.platform.RequestContext.internal("000000000000", "us-east-1");
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var input = mapper.createObjectNode().put("QueueUrl", url).put("MaxNumberOfMessages", 10);
        input.putArray("MessageSystemAttributeNames").add("All");
        var out = registry.call("sqs", "ReceiveMessage", ctx, input);
        var message = out.path("Messages").get(0);
        assertThat(message.path("Body").asText()).isEqualTo("for lambda");
        assertThat(message.path("Attributes").path("ApproximateReceiveCount").asText()).isEqualTo("1");
        registry.call("sqs", "DeleteMessage", ctx, mapper.createObjectNode().put("QueueUrl", url)
                .put("ReceiptHandle", message.path("ReceiptHandle").asText()));
        assertThat(sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.ALL))
                .attributesAsStrings()).containsEntry("ApproximateNumberOfMessages", "0")
                .containsEntry("ApproximateNumberOfMessagesNotVisible", "0");
    }

    @Test
    void invalidCharactersInTheBodyAreRefused() {
        String url = queue();
        assertAwsError(() -> sqs.sendMessage(b -> b.queueUrl(url).messageBody("bad \u0001")), SqsException.class, 400,
                "InvalidMessageContents", null);
    }

    @Test
    void theBodyDigestIsMd5OfItsUtf8Bytes() throws Exception {
        String url = queue();
        String body = "plain ascii";
        String expected = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                .digest(body.getBytes(StandardCharsets.UTF_8)));
        assertThat(sqs.sendMessage(b -> b.queueUrl(url).messageBody(body)).md5OfMessageBody()).isEqualTo(expected);
    }
}
