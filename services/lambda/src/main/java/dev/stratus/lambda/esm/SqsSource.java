package dev.stratus.lambda.esm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.OperationRegistry;
import dev.stratus.platform.RequestContext;
import java.util.ArrayList;
import java.util.List;

/** Talks to SQS for a mapping: the queue's URL, received messages as Lambda's SQS event records, deletions. */
final class SqsSource {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** DeleteMessageBatch takes at most ten entries (SQS API reference). */
    static final int MAX_DELETE_BATCH = 10;

    private SqsSource() {
    }

    /** The context of calls on a queue: its owner's account and its region, from the ARN. */
    static RequestContext contextOf(String queueArn) {
        String[] p = queueArn.split(":");
        return RequestContext.internal(p[4], p[3]);
    }

    static String queueUrl(OperationRegistry registry, String queueArn) {
        String[] p = queueArn.split(":");
        if (p.length != 6) {
            throw new IllegalArgumentException("not a queue ARN: " + queueArn);
        }
        ObjectNode in = JSON.objectNode().put("QueueName", p[5]).put("QueueOwnerAWSAccountId", p[4]);
        return registry.call("sqs", "GetQueueUrl", contextOf(queueArn), in).get("QueueUrl").asText();
    }

    /** A long-polling ReceiveMessage asking for every attribute, as Lambda's poller does. */
    static List<JsonNode> receive(OperationRegistry registry, String queueArn, String url, int max, int waitSeconds) {
        ObjectNode in = JSON.objectNode().put("QueueUrl", url).put("MaxNumberOfMessages", max)
                .put("WaitTimeSeconds", waitSeconds);
        in.putArray("MessageSystemAttributeNames").add("All");
        in.putArray("MessageAttributeNames").add("All");
        JsonNode out = registry.call("sqs", "ReceiveMessage", contextOf(queueArn), in);
        List<JsonNode> messages = new ArrayList<>();
        out.path("Messages").forEach(messages::add);
        return messages;
    }

    static void delete(OperationRegistry registry, String queueArn, String url, List<String> receiptHandles) {
        for (int from = 0; from < receiptHandles.size(); from += MAX_DELETE_BATCH) {
            ObjectNode in = JSON.objectNode().put("QueueUrl", url);
            var entries = in.putArray("Entries");
            List<String> chunk = receiptHandles.subList(from, Math.min(from + MAX_DELETE_BATCH, receiptHandles.size()));
            for (int i = 0; i < chunk.size(); i++) {
                entries.addObject().put("Id", "m" + i).put("ReceiptHandle", chunk.get(i));
            }
            registry.call("sqs", "DeleteMessageBatch", contextOf(queueArn), in);
        }
    }

    /** One message as a record of Lambda's SQS event. */
    static ObjectNode record(JsonNode message, String queueArn) {
        ObjectNode r = JSON.objectNode();
        r.put("messageId", message.path("MessageId").asText());
        r.put("receiptHandle", message.path("ReceiptHandle").asText());
        r.put("body", message.path("Body").asText());
        ObjectNode attributes = r.putObject("attributes");
        message.path("Attributes").fields().forEachRemaining(e -> attributes.set(e.getKey(), e.getValue()));
        ObjectNode messageAttributes = r.putObject("messageAttributes");
        message.path("MessageAttributes").fields().forEachRemaining(e -> {
            JsonNode a = e.getValue();
            ObjectNode v = messageAttributes.putObject(e.getKey());
            if (a.has("StringValue")) {
                v.set("stringValue", a.get("StringValue"));
            }
            if (a.has("BinaryValue")) {
                v.set("binaryValue", a.get("BinaryValue")); // a BinaryNode: base64 in the event JSON
            }
            v.putArray("stringListValues");
            v.putArray("binaryListValues");
            v.set("dataType", a.get("DataType"));
        });
        r.put("md5OfBody", message.path("MD5OfBody").asText());
        if (message.hasNonNull("MD5OfMessageAttributes")) {
            r.put("md5OfMessageAttributes", message.get("MD5OfMessageAttributes").asText());
        }
        r.put("eventSource", "aws:sqs");
        r.put("eventSourceARN", queueArn);
        r.put("awsRegion", queueArn.split(":")[3]);
        return r;
    }
}
