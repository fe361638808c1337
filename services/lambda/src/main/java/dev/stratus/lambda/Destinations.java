package dev.stratus.lambda;

import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.OperationRegistry;
import dev.stratus.platform.RequestContext;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers asynchronous invocation records (destinations) and failed events (dead-letter queues) by ARN to SQS, SNS,
 * Lambda and EventBridge through the operation registry, as Lambda's own service principal would.
 */
final class Destinations {
    private static final Logger LOG = Logger.getLogger(Destinations.class.getName());
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** AWS puts at most the first kilobyte of the error message on a dead letter. */
    static final int MAX_DEAD_LETTER_ERROR_MESSAGE = 1024;

    private final OperationRegistry registry;

    Destinations(OperationRegistry registry) {
        this.registry = registry;
    }

    /** Sends an invocation record to an OnSuccess or OnFailure destination; a failed delivery is logged, not retried. */
    void deliverRecord(String arn, ObjectNode record, boolean success, String functionArn) {
        try {
            String[] p = arn.split(":", 6);
            RequestContext ctx = RequestContext.internal(p[4], p[3]);
            String body = record.toString();
            switch (p[2]) {
                case "sqs" -> sendToQueue(ctx, p, body, null);
                case "sns" -> publish(ctx, arn, body, null);
                case "lambda" -> invoke(ctx, arn, body);
                case "events" -> putEvent(ctx, arn, record, success, functionArn);
                default -> LOG.warning("destination " + arn + " is stored but not delivered to by Stratus");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not deliver an invocation record to " + arn, e);
        }
    }

    /**
     * Sends a discarded event's original payload to the function's dead-letter queue or topic, with the
     * {@code RequestID}, {@code ErrorCode} and {@code ErrorMessage} attributes AWS adds.
     */
    void deadLetter(String arn, String requestId, byte[] payload, int errorCode, String errorMessage) {
        try {
            String[] p = arn.split(":", 6);
            RequestContext ctx = RequestContext.internal(p[4], p[3]);
            ObjectNode attributes = NODES.objectNode();
            attributes.putObject("RequestID").put("DataType", "String").put("StringValue", requestId);
            attributes.putObject("ErrorCode").put("DataType", "Number").put("StringValue", Integer.toString(errorCode));
            if (errorMessage != null && !errorMessage.isEmpty()) {
                attributes.putObject("ErrorMessage").put("DataType", "String").put("StringValue",
                        errorMessage.length() > MAX_DEAD_LETTER_ERROR_MESSAGE
                                ? errorMessage.substring(0, MAX_DEAD_LETTER_ERROR_MESSAGE) : errorMessage);
            }
            String body = new String(payload, StandardCharsets.UTF_8);
            switch (p[2]) {
                case "sqs" -> sendToQueue(ctx, p, body, attributes);
                case "sns" -> publish(ctx, arn, body, attributes);
                default -> LOG.warning("dead-letter target " + arn + " is neither an SQS queue nor an SNS topic");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not deliver a dead letter to " + arn, e);
        }
    }

    private void sendToQueue(RequestContext ctx, String[] arn, String body, ObjectNode attributes) {
        ObjectNode urlRequest = NODES.objectNode().put("QueueName", arn[5]).put("QueueOwnerAWSAccountId", arn[4]);
        String queueUrl = registry.call("sqs", "GetQueueUrl", ctx, urlRequest).path("QueueUrl").asText();
        ObjectNode send = NODES.objectNode().put("QueueUrl", queueUrl).put("MessageBody", body);
        if (attributes != null) {
            send.set("MessageAttributes", attributes);
        }
        if (arn[5].endsWith(".fifo")) { // a FIFO queue takes no message without a group
            send.put("MessageGroupId", "lambda");
            send.put("MessageDeduplicationId", Integer.toHexString(body.hashCode()) + System.nanoTime());
        }
        registry.call("sqs", "SendMessage", ctx, send);
    }

    private void publish(RequestContext ctx, String topicArn, String body, ObjectNode attributes) {
        ObjectNode publish = NODES.objectNode().put("TopicArn", topicArn).put("Message", body);
        if (attributes != null) {
            publish.set("MessageAttributes", attributes);
        }
        registry.call("sns", "Publish", ctx, publish);
    }

    private void invoke(RequestContext ctx, String functionArn, String body) {
        ObjectNode invoke = NODES.objectNode().put("FunctionName", functionArn).put("InvocationType", "Event");
        invoke.set("Payload", BinaryNode.valueOf(body.getBytes(StandardCharsets.UTF_8)));
        registry.call("lambda", "Invoke", ctx, invoke);
    }

    /** EventBridge destinations are delivered when an {@code events} service is registered, else only stored. */
    private void putEvent(RequestContext ctx, String busArn, ObjectNode record, boolean success, String functionArn) {
        if (registry.service("events") == null) {
            LOG.fine("no EventBridge service: the record for " + busArn + " is not delivered");
            return;
        }
        ObjectNode in = NODES.objectNode();
        ObjectNode entry = in.putArray("Entries").addObject();
        entry.put("Source", "lambda");
        entry.put("DetailType", "Lambda Function Invocation Result - " + (success ? "Success" : "Failure"));
        entry.put("Detail", record.toString());
        entry.put("EventBusName", busArn);
        entry.putArray("Resources").add(functionArn);
        registry.call("events", "PutEvents", ctx, in);
    }
}
