package dev.stratus.lambda.esm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.OperationRegistry;
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.AwsException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A stream mapping's {@code DestinationConfig.OnFailure}: when a batch runs out of retries, an SQS queue or SNS topic
 * gets AWS's invocation record (which records, why, what the function answered), not the records themselves.
 */
final class FailureDestination {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private FailureDestination() {
    }

    /** Destinations a stream mapping may name: a queue or a topic. */
    static void check(JsonNode destinationConfig) {
        String arn = destinationOf(destinationConfig);
        if (arn != null && !arn.isEmpty() && !arn.startsWith("arn:aws:sqs:") && !arn.startsWith("arn:aws:sns:")) {
            throw MappingRules.invalid("The provided destination config DestinationConfig(onSuccess=null, onFailure="
                    + "OnFailure(destination=" + arn + ")) is invalid.");
        }
    }

    static String destinationOf(JsonNode destinationConfig) {
        JsonNode d = destinationConfig == null ? null : destinationConfig.path("OnFailure").get("Destination");
        return d == null || d.isNull() ? null : d.asText();
    }

    /**
     * Sends the record of a batch that failed {@code invokeCount} times; {@code refusal} is Lambda's refusal of the
     * last invocation (throttled, function gone), or null when the function itself failed.
     */
    static void send(OperationRegistry registry, EventSourceMapping m, String shardId, List<ObjectNode> batch,
                     int invokeCount, AwsException refusal, Instant now) {
        String arn = destinationOf(m.settings().get("DestinationConfig"));
        if (arn == null || arn.isEmpty()) {
            return;
        }
        ObjectNode record = JSON.objectNode();
        record.putObject("requestContext").put("requestId", UUID.randomUUID().toString())
                .put("functionArn", m.functionArn()).put("condition", "RetryAttemptsExhausted")
                .put("approximateInvokeCount", invokeCount);
        ObjectNode response = record.putObject("responseContext");
        if (refusal == null) {
            response.put("statusCode", 200).put("executedVersion", "$LATEST").put("functionError", "Unhandled");
        } else {
            response.put("statusCode", refusal.status());
        }
        record.put("version", "1.0");
        record.put("timestamp", now.toString());
        record.putObject("DDBStreamBatchInfo").put("shardId", shardId)
                .put("startSequenceNumber", sequenceOf(batch.getFirst()))
                .put("endSequenceNumber", sequenceOf(batch.getLast()))
                .put("approximateArrivalOfFirstRecord", arrivalOf(batch.getFirst()))
                .put("approximateArrivalOfLastRecord", arrivalOf(batch.getLast()))
                .put("batchSize", batch.size())
                .put("streamArn", m.eventSourceArn());
        String[] p = arn.split(":", 6);
        RequestContext ctx = RequestContext.internal(p[4], p[3]);
        if (p[2].equals("sqs")) {
            String url = SqsSource.queueUrl(registry, arn);
            ObjectNode send = JSON.objectNode().put("QueueUrl", url).put("MessageBody", record.toString());
            if (arn.endsWith(".fifo")) {
                send.put("MessageGroupId", m.uuid()).put("MessageDeduplicationId", UUID.randomUUID().toString());
            }
            registry.call("sqs", "SendMessage", ctx, send);
        } else {
            registry.call("sns", "Publish", ctx, JSON.objectNode().put("TopicArn", arn)
                    .put("Message", record.toString()));
        }
    }

    private static String sequenceOf(JsonNode record) {
        return record.path("dynamodb").path("SequenceNumber").asText();
    }

    private static String arrivalOf(JsonNode record) {
        return Instant.ofEpochSecond(record.path("dynamodb").path("ApproximateCreationDateTime").asLong()).toString();
    }
}
