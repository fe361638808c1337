package dev.stratus.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The settable queue attributes: their defaults, ranges and checks (from the CreateQueue API reference). */
final class QueueAttributes {
    /** Largest message and batch (SQS raised it from 256 KiB to 1 MiB in 2025; the model documents 1 MiB). */
    static final int MAX_MESSAGE_BYTES = 1_048_576;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Attributes SQS computes; they may be read but never set. */
    static final Set<String> READ_ONLY = Set.of("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
            "ApproximateNumberOfMessagesDelayed", "CreatedTimestamp", "LastModifiedTimestamp", "QueueArn");

    private static final Set<String> FIFO_ONLY = Set.of("ContentBasedDeduplication", "DeduplicationScope",
            "FifoThroughputLimit");

    private static final Set<String> SETTABLE = Set.of("DelaySeconds", "MaximumMessageSize",
            "MessageRetentionPeriod", "Policy", "ReceiveMessageWaitTimeSeconds", "VisibilityTimeout",
            "RedrivePolicy", "RedriveAllowPolicy", "KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds",
            "SqsManagedSseEnabled", "FifoQueue", "ContentBasedDeduplication", "DeduplicationScope",
            "FifoThroughputLimit");

    private QueueAttributes() {
    }

    /** The attributes a new queue starts with. */
    static Map<String, String> defaults(boolean fifo) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("VisibilityTimeout", "30");
        d.put("MaximumMessageSize", String.valueOf(MAX_MESSAGE_BYTES));
        d.put("MessageRetentionPeriod", "345600");
        d.put("DelaySeconds", "0");
        d.put("ReceiveMessageWaitTimeSeconds", "0");
        d.put("SqsManagedSseEnabled", "true");
        if (fifo) {
            d.put("FifoQueue", "true");
            d.put("ContentBasedDeduplication", "false");
            d.put("DeduplicationScope", "queue");
            d.put("FifoThroughputLimit", "perQueue");
        }
        return d;
    }

    /**
     * Checks attributes a client sets and returns them normalised (RedrivePolicy re-serialised as SQS returns it).
     *
     * @param creating CreateQueue may set FifoQueue; SetQueueAttributes may not change it
     */
    static Map<String, String> validate(Map<String, String> requested, boolean fifo, boolean creating) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : requested.entrySet()) {
            String name = e.getKey();
            String value = e.getValue() == null ? "" : e.getValue();
            if (!SETTABLE.contains(name) || (FIFO_ONLY.contains(name) && !fifo)) {
                throw SqsErrors.invalidAttributeName(name);
            }
            switch (name) {
                case "DelaySeconds" -> range(name, value, 0, 900);
                case "MaximumMessageSize" -> range(name, value, 1024, MAX_MESSAGE_BYTES);
                case "MessageRetentionPeriod" -> range(name, value, 60, 1_209_600);
                case "ReceiveMessageWaitTimeSeconds" -> range(name, value, 0, 20);
                case "VisibilityTimeout" -> range(name, value, 0, 43_200);
                case "KmsDataKeyReusePeriodSeconds" -> range(name, value, 60, 86_400);
                case "SqsManagedSseEnabled", "ContentBasedDeduplication" -> {
                    bool(name, value);
                    value = value.toLowerCase(java.util.Locale.ROOT);
                }
                case "FifoQueue" -> {
                    bool(name, value);
                    if (!creating || Boolean.parseBoolean(value) != fifo) {
                        throw SqsErrors.invalidAttributeValue(name, null);
                    }
                }
                case "DeduplicationScope" -> oneOf(name, value, Set.of("messageGroup", "queue"));
                case "FifoThroughputLimit" -> oneOf(name, value, Set.of("perQueue", "perMessageGroupId"));
                case "RedrivePolicy" -> value = value.isEmpty() ? "" : redrivePolicy(value).toString();
                default -> {
                }
            }
            out.put(name, value.strip());
        }
        return out;
    }

    /** The RedrivePolicy as {@code {"deadLetterTargetArn": ..., "maxReceiveCount": n}}, checked. */
    static ObjectNode redrivePolicy(String json) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (Exception e) {
            throw SqsErrors.invalidAttributeValue("RedrivePolicy", "Redrive policy is not a valid JSON map.");
        }
        if (node == null || !node.isObject()) {
            throw SqsErrors.invalidAttributeValue("RedrivePolicy", "Redrive policy is not a valid JSON map.");
        }
        String target = node.path("deadLetterTargetArn").asText("");
        JsonNode count = node.path("maxReceiveCount");
        if (target.isEmpty()) {
            throw SqsErrors.invalidAttributeValue("RedrivePolicy", "Redrive policy does not contain mandatory "
                    + "attribute: deadLetterTargetArn.");
        }
        if (count.isMissingNode()) {
            throw SqsErrors.invalidAttributeValue("RedrivePolicy", "Redrive policy does not contain mandatory "
                    + "attribute: maxReceiveCount.");
        }
        int max;
        try {
            max = Integer.parseInt(count.asText().strip());
        } catch (NumberFormatException e) {
            max = -1;
        }
        if (max < 1 || max > 1000) {
            throw SqsErrors.invalidAttributeValue("RedrivePolicy", "Invalid value for maxReceiveCount: "
                    + count.asText() + ", valid values are from 1 to 1000 both inclusive.");
        }
        ObjectNode normal = MAPPER.createObjectNode();
        normal.put("deadLetterTargetArn", target);
        normal.put("maxReceiveCount", max);
        return normal;
    }

    static int intValue(Map<String, String> attributes, String name) {
        return Integer.parseInt(attributes.get(name));
    }

    private static void range(String name, String value, int min, int max) {
        int v;
        try {
            v = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw SqsErrors.invalidAttributeValue(name, null);
        }
        if (v < min || v > max) {
            throw SqsErrors.invalidAttributeValue(name, null);
        }
    }

    private static void bool(String name, String value) {
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw SqsErrors.invalidAttributeValue(name, null);
        }
    }

    private static void oneOf(String name, String value, Set<String> allowed) {
        if (!allowed.contains(value)) {
            throw SqsErrors.invalidAttributeValue(name, null);
        }
    }
}
