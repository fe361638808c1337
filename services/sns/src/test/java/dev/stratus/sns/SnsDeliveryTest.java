package dev.stratus.sns;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.Operation;
import dev.stratus.platform.OperationRegistry;
import dev.stratus.platform.Platform;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.Service;
import dev.stratus.platform.StratusConfig;
import dev.stratus.platform.auth.CredentialResolver;
import dev.stratus.platform.testing.MutableClock;
import dev.stratus.protocol.model.ServiceModel;
import dev.stratus.sns.delivery.RetryPolicy;
import dev.stratus.sns.signing.MessageSigner;
import dev.stratus.storage.MemoryStorage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Fan-out to a fake SQS registered in the operation registry: envelopes, raw delivery, filters, DLQ. */
class SnsDeliveryTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-02T03:04:05.678Z"));
    private final OperationRegistry registry = new OperationRegistry();
    private final FakeSqs sqs = new FakeSqs();
    private final SnsService sns;
    private final RequestContext ctx = RequestContext.internal("111122223333", "eu-west-1");

    SnsDeliveryTest() {
        Platform platform = new Platform(StratusConfig.forTests(), new MemoryStorage(), clock, registry,
                new CredentialResolver(Map.of()));
        sns = new SnsService(platform, new RetryPolicy(3, Duration.ZERO, Duration.ZERO, Duration.ofMinutes(1)));
        sns.edgeStarted("http://stratus.test:4566");
        registry.register(sqs);
        registry.register(sns);
    }

    @AfterEach
    void close() {
        sns.close();
    }

    private JsonNode call(String op, String json) throws Exception {
        return registry.call("sns", op, ctx, (ObjectNode) MAPPER.readTree(json));
    }

    private String topic(String name) throws Exception {
        return call("CreateTopic", "{\"Name\":\"" + name + "\"}").get("TopicArn").asText();
    }

    private void subscribeQueue(String topicArn, String queue, String attributes) throws Exception {
        call("Subscribe", "{\"TopicArn\":\"" + topicArn + "\",\"Protocol\":\"sqs\",\"Endpoint\":"
                + "\"arn:aws:sqs:eu-west-1:444455556666:" + queue + "\",\"Attributes\":" + attributes + "}");
    }

    private void settle() throws Exception {
        assertThat(sns.awaitDeliveries(Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void envelopeIsSignedAndSentToTheQueuesAccountThroughTheRegistry() throws Exception {
        String topicArn = topic("orders");
        subscribeQueue(topicArn, "q1", "{}");
        JsonNode out = call("Publish", "{\"TopicArn\":\"" + topicArn + "\",\"Message\":\"hello\",\"Subject\":\"Hi\","
                + "\"MessageAttributes\":{\"color\":{\"DataType\":\"String\",\"StringValue\":\"red\"}}}");
        settle();
        assertThat(sqs.sent).hasSize(1);
        assertThat(sqs.sent.get(0).ctx().accountId()).isEqualTo("444455556666");
        assertThat(sqs.sent.get(0).ctx().region()).isEqualTo("eu-west-1");
        ObjectNode send = sqs.sent.get(0).input();
        assertThat(send.get("QueueUrl").asText()).isEqualTo("http://sqs.local/444455556666/q1");
        assertThat(send.has("MessageAttributes")).isFalse();
        JsonNode env = MAPPER.readTree(send.get("MessageBody").asText());
        assertThat(env.fieldNames()).toIterable().containsExactly("Type", "MessageId", "TopicArn", "Subject",
                "Message", "Timestamp", "SignatureVersion", "Signature", "SigningCertURL", "UnsubscribeURL",
                "MessageAttributes");
        assertThat(env.get("MessageId").asText()).isEqualTo(out.get("MessageId").asText());
        assertThat(env.get("Timestamp").asText()).isEqualTo("2026-01-02T03:04:05.678Z");
        assertThat(env.get("SigningCertURL").asText())
                .isEqualTo("http://stratus.test:4566/_stratus/sns/SimpleNotificationService.pem");
        assertThat(env.get("UnsubscribeURL").asText()).startsWith("http://stratus.test:4566/?Action=Unsubscribe"
                + "&SubscriptionArn=arn%3Aaws%3Asns%3Aeu-west-1%3A111122223333%3Aorders%3A");
        assertThat(env.get("MessageAttributes").toString()).isEqualTo("{\"color\":{\"Type\":\"String\",\"Value\":\"red\"}}");
        String canonical = "Message\nhello\nMessageId\n" + env.get("MessageId").asText() + "\nSubject\nHi\n"
                + "Timestamp\n2026-01-02T03:04:05.678Z\nTopicArn\n" + topicArn + "\nType\nNotification\n";
        assertThat(verify(canonical, env.get("Signature").asText())).isTrue();
        assertThat(verify(canonical.replace("hello", "hellO"), env.get("Signature").asText())).isFalse();
    }

    private boolean verify(String canonical, String signature) throws Exception {
        var pem = sns.resource("GET", "/_stratus/sns/SimpleNotificationService.pem");
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.body()));
        Signature s = Signature.getInstance("SHA1withRSA");
        s.initVerify(cert.getPublicKey());
        s.update(canonical.getBytes(StandardCharsets.UTF_8));
        return s.verify(Base64.getDecoder().decode(signature));
    }

    @Test
    void rawDeliveryMapsAttributesToSqsMessageAttributes() throws Exception {
        String topicArn = topic("raw");
        subscribeQueue(topicArn, "q1", "{\"RawMessageDelivery\":\"true\"}");
        call("Publish", "{\"TopicArn\":\"" + topicArn + "\",\"Message\":\"bare\","
                + "\"MessageAttributes\":{\"n\":{\"DataType\":\"Number\",\"StringValue\":\"7\"}}}");
        settle();
        ObjectNode send = sqs.to("q1").get(0);
        assertThat(send.get("MessageBody").asText()).isEqualTo("bare");
        assertThat(send.get("MessageAttributes").toString())
                .isEqualTo("{\"n\":{\"DataType\":\"Number\",\"StringValue\":\"7\"}}");
    }

    @Test
    void filterPoliciesDropNonMatchingMessagesPerSubscription() throws Exception {
        String topicArn = topic("filtered");
        subscribeQueue(topicArn, "reds", "{\"FilterPolicy\":\"{\\\"color\\\":[\\\"red\\\"]}\"}");
        subscribeQueue(topicArn, "big", "{\"FilterPolicy\":\"{\\\"size\\\":[{\\\"numeric\\\":[\\\">\\\",10]}]}\","
                + "\"FilterPolicyScope\":\"MessageBody\",\"RawMessageDelivery\":\"true\"}");
        call("Publish", "{\"TopicArn\":\"" + topicArn + "\",\"Message\":\"{\\\"size\\\":11}\","
                + "\"MessageAttributes\":{\"color\":{\"DataType\":\"String\",\"StringValue\":\"blue\"}}}");
        call("Publish", "{\"TopicArn\":\"" + topicArn + "\",\"Message\":\"{\\\"size\\\":3}\","
                + "\"MessageAttributes\":{\"color\":{\"DataType\":\"String\",\"StringValue\":\"red\"}}}");
        settle();
        assertThat(sqs.to("big")).extracting(s -> s.get("MessageBody").asText()).containsExactly("{\"size\":11}");
        assertThat(sqs.to("reds")).hasSize(1);
        assertThat(MAPPER.readTree(sqs.to("reds").get(0).get("MessageBody").asText()).get("Message").asText())
                .isEqualTo("{\"size\":3}");
    }

    @Test
    void failedDeliveriesAreRetriedThenDeadLettered() throws Exception {
        String topicArn = topic("dlq");
        subscribeQueue(topicArn, "broken", "{\"RedrivePolicy\":\"{\\\"deadLetterTargetArn\\\":"
                + "\\\"arn:aws:sqs:eu-west-1:444455556666:dead\\\"}\"}");
        subscribeQueue(topicArn, "missing", "{\"RawMessageDelivery\":\"true\",\"RedrivePolicy\":"
                + "\"{\\\"deadLetterTargetArn\\\":\\\"arn:aws:sqs:eu-west-1:444455556666:dead\\\"}\"}");
        call("Publish", "{\"TopicArn\":\"" + topicArn + "\",\"Message\":\"lost\"}");
        settle();
        assertThat(sqs.to("dead")).extracting(s -> s.get("MessageBody").asText())
                .anyMatch(b -> b.equals("lost")).anyMatch(b -> b.contains("\"Type\":\"Notification\""));
    }

    @Test
    void messageStructureJsonSendsEachProtocolItsMessage() throws Exception {
        String topicArn = topic("structured");
        subscribeQueue(topicArn, "q1", "{\"RawMessageDelivery\":\"true\"}");
        call("Publish", "{\"TopicArn\":\"" + topicArn + "\",\"MessageStructure\":\"json\","
                + "\"Message\":\"{\\\"default\\\":\\\"d\\\",\\\"sqs\\\":\\\"for sqs\\\"}\"}");
        settle();
        assertThat(sqs.to("q1").get(0).get("MessageBody").asText()).isEqualTo("for sqs");
    }

    @Test
    void fifoTopicsPassGroupAndDeduplicateWithinFiveMinutes() throws Exception {
        String topicArn = call("CreateTopic", "{\"Name\":\"t.fifo\",\"Attributes\":{\"FifoTopic\":\"true\","
                + "\"ContentBasedDeduplication\":\"true\"}}").get("TopicArn").asText();
        subscribeQueue(topicArn, "q.fifo", "{\"RawMessageDelivery\":\"true\"}");
        String publish = "{\"TopicArn\":\"" + topicArn + "\",\"Message\":\"m\",\"MessageGroupId\":\"g\"}";
        JsonNode first = call("Publish", publish);
        JsonNode again = call("Publish", publish);
        assertThat(again.get("MessageId")).isEqualTo(first.get("MessageId"));
        assertThat(first.get("SequenceNumber").asText()).hasSize(20);
        clock.advance(Duration.ofMinutes(6));
        JsonNode later = call("Publish", publish);
        assertThat(later.get("MessageId")).isNotEqualTo(first.get("MessageId"));
        settle();
        assertThat(sqs.to("q.fifo")).hasSize(2);
        assertThat(sqs.to("q.fifo").get(0).get("MessageGroupId").asText()).isEqualTo("g");
        assertThat(sqs.to("q.fifo").get(0).get("MessageDeduplicationId").asText()).hasSize(64);
    }

    @Test
    void lambdaSubscriptionsInvokeAsynchronouslyWithTheSnsEvent() throws Exception {
        List<ObjectNode> invoked = new CopyOnWriteArrayList<>();
        registry.register(new Service() {
            private final ServiceModel model = ServiceModel.load("lambda");

            @Override
            public String name() {
                return "lambda";
            }

            @Override
            public ServiceModel model() {
                return model;
            }

            @Override
            public Map<String, Operation> operations() {
                return Map.of("Invoke", (c, in) -> {
                    invoked.add(in.deepCopy());
                    return MAPPER.createObjectNode().put("StatusCode", 202);
                });
            }
        });
        String topicArn = topic("to-lambda");
        String fn = "arn:aws:lambda:eu-west-1:111122223333:function:handler";
        String sub = call("Subscribe", "{\"TopicArn\":\"" + topicArn + "\",\"Protocol\":\"lambda\",\"Endpoint\":\""
                + fn + "\"}").get("SubscriptionArn").asText();
        call("Publish", "{\"TopicArn\":\"" + topicArn + "\",\"Message\":\"event\"}");
        settle();
        assertThat(invoked).singleElement().satisfies(in -> {
            assertThat(in.get("FunctionName").asText()).isEqualTo(fn);
            assertThat(in.get("InvocationType").asText()).isEqualTo("Event");
            JsonNode record = MAPPER.readTree(in.get("Payload").binaryValue()).get("Records").get(0);
            assertThat(record.get("EventSource").asText()).isEqualTo("aws:sns");
            assertThat(record.get("EventSubscriptionArn").asText()).isEqualTo(sub);
            assertThat(record.get("Sns").get("Message").asText()).isEqualTo("event");
            assertThat(record.get("Sns").get("Subject").isNull()).isTrue();
            assertThat(record.get("Sns").has("SigningCertUrl")).isTrue();
        });
    }

    @Test
    void retriesStopAtTheAttemptLimitOrTheAgeLimit() {
        RetryPolicy p = new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofMinutes(1));
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(p.next(1, t0, t0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.next(2, t0, t0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.next(3, t0, t0)).isEqualTo(Duration.ofSeconds(3));
        assertThat(p.next(4, t0, t0)).isNull();
        assertThat(p.next(1, t0, t0.plus(Duration.ofMinutes(1)))).isNull();
    }

    @Test
    void fifoDeliveriesKeepTheOrderOfEachGroup() throws Exception {
        String topicArn = call("CreateTopic", "{\"Name\":\"ordered.fifo\",\"Attributes\":{\"FifoTopic\":\"true\","
                + "\"ContentBasedDeduplication\":\"true\"}}").get("TopicArn").asText();
        subscribeQueue(topicArn, "ordered.fifo", "{\"RawMessageDelivery\":\"true\"}");
        List<String> expected = new java.util.ArrayList<>();
        for (int i = 0; i < 60; i++) {
            expected.add("m" + i);
            call("Publish", "{\"TopicArn\":\"" + topicArn + "\",\"Message\":\"m" + i + "\",\"MessageGroupId\":\"g\"}");
        }
        settle();
        assertThat(sqs.to("ordered.fifo")).extracting(s -> s.get("MessageBody").asText())
                .containsExactlyElementsOf(expected);
    }

    @Test
    void confirmationCanonicalStringFollowsAwsOrder() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("Type", "SubscriptionConfirmation");
        f.put("Token", "t");
        f.put("Message", "m");
        f.put("MessageId", "i");
        f.put("SubscribeURL", "u");
        f.put("Timestamp", "ts");
        f.put("TopicArn", "a");
        assertThat(MessageSigner.confirmationString(f)).isEqualTo(
                "Message\nm\nMessageId\ni\nSubscribeURL\nu\nTimestamp\nts\nToken\nt\nTopicArn\na\nType\n"
                        + "SubscriptionConfirmation\n");
    }
}
