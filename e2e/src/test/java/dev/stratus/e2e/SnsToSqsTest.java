package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** SNS fan-out into real Stratus SQS queues: enveloped, raw with attributes, filtered, FIFO, dead-lettered. */
class SnsToSqsTest {
    static final StratusServer stratus = StratusServer.start();
    static final ObjectMapper MAPPER = new ObjectMapper();
    final SnsClient sns = stratus.client(SnsClient.builder());
    final SqsClient sqs = stratus.client(SqsClient.builder());

    @AfterAll
    static void stop() {
        stratus.close();
    }

    private record Queue(String url, String arn) {
    }

    private Queue queue(String name, Map<String, String> attributes) {
        String url = sqs.createQueue(b -> b.queueName(name).attributesWithStrings(attributes)).queueUrl();
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        return new Queue(url, arn);
    }

    private List<Message> receive(Queue q, int expected) {
        List<Message> out = new ArrayList<>();
        for (int i = 0; i < 10 && out.size() < expected; i++) {
            out.addAll(sqs.receiveMessage(b -> b.queueUrl(q.url()).waitTimeSeconds(1).maxNumberOfMessages(10)
                    .messageAttributeNames("All")).messages());
        }
        return out;
    }

    @Test
    void envelopedDeliveryCarriesTheSnsNotification() throws Exception {
        Queue q = queue("sns-enveloped", Map.of());
        String topic = sns.createTopic(b -> b.name("to-sqs")).topicArn();
        sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(q.arn()));
        String id = sns.publish(b -> b.topicArn(topic).message("hello queue").subject("S").messageAttributes(Map.of(
                "color", MessageAttributeValue.builder().dataType("String").stringValue("red").build()))).messageId();
        List<Message> got = receive(q, 1);
        assertThat(got).hasSize(1);
        JsonNode env = MAPPER.readTree(got.get(0).body());
        assertThat(env.get("Type").asText()).isEqualTo("Notification");
        assertThat(env.get("MessageId").asText()).isEqualTo(id);
        assertThat(env.get("TopicArn").asText()).isEqualTo(topic);
        assertThat(env.get("Subject").asText()).isEqualTo("S");
        assertThat(env.get("Message").asText()).isEqualTo("hello queue");
        assertThat(env.get("SignatureVersion").asText()).isEqualTo("1");
        assertThat(env.get("MessageAttributes").get("color").get("Value").asText()).isEqualTo("red");
        assertThat(got.get(0).messageAttributes()).isEmpty();
    }

    @Test
    void rawDeliveryMapsMessageAttributesAndFiltersDropNonMatching() {
        Queue q = queue("sns-raw", Map.of());
        String topic = sns.createTopic(b -> b.name("raw-to-sqs")).topicArn();
        sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(q.arn()).attributes(Map.of(
                "RawMessageDelivery", "true", "FilterPolicy", "{\"kind\":[\"keep\"]}")));
        sns.publish(b -> b.topicArn(topic).message("dropped").messageAttributes(Map.of(
                "kind", MessageAttributeValue.builder().dataType("String").stringValue("skip").build())));
        sns.publish(b -> b.topicArn(topic).message("kept").messageAttributes(Map.of(
                "kind", MessageAttributeValue.builder().dataType("String").stringValue("keep").build())));
        List<Message> got = receive(q, 1);
        assertThat(got).extracting(Message::body).containsExactly("kept");
        assertThat(got.get(0).messageAttributes().get("kind").stringValue()).isEqualTo("keep");
        assertThat(got.get(0).messageAttributes().get("kind").dataType()).isEqualTo("String");
        assertThat(sqs.receiveMessage(b -> b.queueUrl(q.url()).waitTimeSeconds(1)).messages())
                .as("the non-matching message never arrives").isEmpty();
    }

    @Test
    void fifoTopicToFifoQueueKeepsTheGroup() {
        Queue q = queue("sns-fifo.fifo", Map.of("FifoQueue", "true"));
        String topic = sns.createTopic(b -> b.name("t.fifo").attributes(Map.of("FifoTopic", "true",
                "ContentBasedDeduplication", "true"))).topicArn();
        sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(q.arn())
                .attributes(Map.of("RawMessageDelivery", "true")));
        sns.publish(b -> b.topicArn(topic).message("first").messageGroupId("g1"));
        sns.publish(b -> b.topicArn(topic).message("first").messageGroupId("g1"));
        sns.publish(b -> b.topicArn(topic).message("second").messageGroupId("g1"));
        List<Message> got = new ArrayList<>();
        for (int i = 0; i < 10 && got.size() < 2; i++) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(q.url()).waitTimeSeconds(1)
                    .maxNumberOfMessages(10).messageSystemAttributeNamesWithStrings("MessageGroupId")).messages();
            got.addAll(batch);
            batch.forEach(m -> sqs.deleteMessage(d -> d.queueUrl(q.url()).receiptHandle(m.receiptHandle())));
        }
        assertThat(got).extracting(Message::body).containsExactly("first", "second");
    }

    @Test
    void undeliverableMessagesGoToTheRedrivePolicyQueue() {
        Queue dlq = queue("sns-dlq", Map.of());
        String topic = sns.createTopic(b -> b.name("to-nowhere")).topicArn();
        sns.subscribe(b -> b.topicArn(topic).protocol("sqs")
                .endpoint("arn:aws:sqs:us-east-1:000000000000:does-not-exist")
                .attributes(Map.of("RawMessageDelivery", "true",
                        "RedrivePolicy", "{\"deadLetterTargetArn\":\"" + dlq.arn() + "\"}")));
        sns.publish(b -> b.topicArn(topic).message("lost"));
        assertThat(receive(dlq, 1)).extracting(Message::body).containsExactly("lost");
    }
}
