package dev.stratus.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Renders a received message with the system and message attributes a ReceiveMessage asked for. */
final class ReceivedMessages {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Set<String> systemNames = new LinkedHashSet<>();
    private final Set<String> attributeNames = new LinkedHashSet<>();

    /** Reads AttributeNames (deprecated), MessageSystemAttributeNames and MessageAttributeNames. */
    ReceivedMessages(JsonNode input) {
        input.path("AttributeNames").forEach(n -> systemNames.add(n.asText()));
        input.path("MessageSystemAttributeNames").forEach(n -> systemNames.add(n.asText()));
        input.path("MessageAttributeNames").forEach(n -> attributeNames.add(n.asText()));
    }

    ObjectNode render(SqsMessage m) {
        ObjectNode out = JSON.objectNode();
        out.put("MessageId", m.messageId());
        out.put("ReceiptHandle", new ReceiptHandle(m.messageId(), m.receiptToken(), m.seq()).encode());
        out.put("MD5OfBody", m.bodyMd5());
        out.put("Body", m.body());
        Map<String, String> system = systemAttributes(m);
        if (!system.isEmpty()) {
            ObjectNode attrs = out.putObject("Attributes");
            system.forEach(attrs::put);
        }
        Map<String, MessageAttribute> chosen = chosenAttributes(m);
        if (!chosen.isEmpty()) {
            out.put("MD5OfMessageAttributes", MessageDigests.attributesMd5(chosen));
            ObjectNode attrs = out.putObject("MessageAttributes");
            chosen.forEach((name, a) -> {
                ObjectNode v = attrs.putObject(name);
                if (a.binary()) {
                    v.set("BinaryValue", JSON.binaryNode(a.binaryValue()));
                } else {
                    v.put("StringValue", a.stringValue());
                }
                v.put("DataType", a.dataType());
            });
        }
        return out;
    }

    private Map<String, String> systemAttributes(SqsMessage m) {
        if (systemNames.isEmpty()) {
            return Map.of(); // most receives ask for none: nothing to build
        }
        Map<String, String> all = new TreeMap<>();
        all.put("SenderId", m.senderId());
        all.put("SentTimestamp", String.valueOf(m.sentAt()));
        all.put("ApproximateReceiveCount", String.valueOf(m.receiveCount()));
        all.put("ApproximateFirstReceiveTimestamp", String.valueOf(m.firstReceiveAt()));
        if (m.sequenceNumber() != null) {
            all.put("SequenceNumber", m.sequenceNumber());
        }
        if (m.deduplicationId() != null) {
            all.put("MessageDeduplicationId", m.deduplicationId());
        }
        if (m.groupId() != null) {
            all.put("MessageGroupId", m.groupId());
        }
        if (m.traceHeader() != null) {
            all.put("AWSTraceHeader", m.traceHeader());
        }
        if (m.deadLetterSourceArn() != null) {
            all.put("DeadLetterQueueSourceArn", m.deadLetterSourceArn());
        }
        if (systemNames.contains("All")) {
            return all;
        }
        Map<String, String> out = new TreeMap<>();
        for (String n : systemNames) {
            if (all.containsKey(n)) {
                out.put(n, all.get(n));
            }
        }
        return out;
    }

    private Map<String, MessageAttribute> chosenAttributes(SqsMessage m) {
        if (m.attributes() == null || m.attributes().isEmpty() || attributeNames.isEmpty()) {
            return Map.of();
        }
        Map<String, MessageAttribute> out = new TreeMap<>();
        for (Map.Entry<String, MessageAttribute> e : m.attributes().entrySet()) {
            if (wanted(e.getKey())) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    private boolean wanted(String name) {
        for (String pattern : attributeNames) {
            if (pattern.equals("All") || pattern.equals(".*") || pattern.equals(name)
                    || (pattern.endsWith(".*") && name.startsWith(pattern.substring(0, pattern.length() - 1)))) {
                return true;
            }
        }
        return false;
    }
}
