package dev.stratus.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.platform.RequestContext;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/** Turns a SendMessage input (or batch entry) into an {@link OutgoingMessage}, with SQS's checks and wording. */
final class SendRequests {
    /** At most 10 message attributes per message. */
    static final int MAX_MESSAGE_ATTRIBUTES = 10;
    private static final java.util.regex.Pattern ATTRIBUTE_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_.-]{1,256}");

    private SendRequests() {
    }

    static OutgoingMessage parse(RequestContext ctx, SqsQueue queue, JsonNode entry) {
        String body = entry.path("MessageBody").asText("");
        if (body.isEmpty()) {
            throw SqsErrors.missingParameter("MessageBody");
        }
        checkCharacters(body);
        Map<String, MessageAttribute> attributes = attributes(entry.path("MessageAttributes"));
        byte[] utf8 = body.getBytes(StandardCharsets.UTF_8); // encoded once: measured and digested
        int size = utf8.length;
        for (Map.Entry<String, MessageAttribute> a : attributes.entrySet()) {
            size += a.getValue().size(a.getKey());
        }
        int maxSize = queue.maximumMessageSize();
        if (size > maxSize) {
            throw SqsErrors.invalidParameter("One or more parameters are invalid. Reason: Message must be shorter "
                    + "than " + maxSize + " bytes.");
        }
        String traceHeader = null;
        JsonNode system = entry.path("MessageSystemAttributes");
        if (system.has("AWSTraceHeader")) {
            traceHeader = system.path("AWSTraceHeader").path("StringValue").asText(null);
        }
        int delay = queue.delaySeconds();
        if (entry.has("DelaySeconds") && !entry.path("DelaySeconds").isNull()) {
            if (queue.fifo()) {
                throw SqsErrors.outOfRange("DelaySeconds", entry.path("DelaySeconds").asInt(),
                        "The request include parameter that is not valid for this queue type.");
            }
            delay = entry.path("DelaySeconds").asInt();
            if (delay < 0 || delay > 900) {
                throw SqsErrors.outOfRange("DelaySeconds", delay, "DelaySeconds must be >= 0 and <= 900.");
            }
        }
        String groupId = entry.path("MessageGroupId").asText(null);
        String dedupId = entry.path("MessageDeduplicationId").asText(null);
        if (queue.fifo()) {
            if (groupId == null || groupId.isEmpty()) {
                throw SqsErrors.missingParameter("MessageGroupId");
            }
            if (dedupId == null || dedupId.isEmpty()) {
                if (!Boolean.parseBoolean(queue.record().attributes().get("ContentBasedDeduplication"))) {
                    throw SqsErrors.invalidParameter("The queue should either have ContentBasedDeduplication "
                            + "enabled or MessageDeduplicationId provided explicitly");
                }
                dedupId = MessageDigests.sha256Hex(body);
            }
        } else if (dedupId != null) {
            throw SqsErrors.outOfRange("MessageDeduplicationId", dedupId,
                    "The request includes a parameter that is not valid for this queue type.");
        }
        String sender = ctx.accessKeyId() != null ? ctx.accessKeyId() : ctx.accountId();
        return new OutgoingMessage(body, MessageDigests.md5Hex(utf8), attributes, traceHeader, sender, delay, groupId,
                dedupId);
    }

    /** The system attributes a send carried, for MD5OfMessageSystemAttributes. */
    static Map<String, MessageAttribute> systemAttributes(OutgoingMessage m) {
        return m.traceHeader() == null ? Map.of()
                : Map.of("AWSTraceHeader", new MessageAttribute("String", m.traceHeader(), null));
    }

    private static Map<String, MessageAttribute> attributes(JsonNode node) {
        if (node.isEmpty()) {
            return Map.of(); // held by every message in memory: share one empty map
        }
        Map<String, MessageAttribute> out = new TreeMap<>();
        if (node.size() > MAX_MESSAGE_ATTRIBUTES) {
            throw SqsErrors.invalidParameter("Number of message attributes [" + node.size()
                    + "] exceeds the allowed maximum [" + MAX_MESSAGE_ATTRIBUTES + "].");
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String name = e.getKey();
            checkAttributeName(name);
            JsonNode v = e.getValue();
            String type = v.path("DataType").asText("");
            if (!(type.startsWith("String") || type.startsWith("Number") || type.startsWith("Binary"))) {
                throw SqsErrors.invalidParameter("The type of message (user) attribute '" + name + "' is invalid. "
                        + "You must use only the following supported type prefixes: Binary, Number, String.");
            }
            if (type.startsWith("Binary")) {
                byte[] bytes = binary(v.path("BinaryValue"));
                if (bytes == null || bytes.length == 0) {
                    throw emptyValue(name, type);
                }
                out.put(name, new MessageAttribute(type, null, bytes));
            } else {
                String s = v.path("StringValue").asText("");
                if (s.isEmpty()) {
                    throw emptyValue(name, type);
                }
                if (type.startsWith("Number")) {
                    try {
                        new java.math.BigDecimal(s.strip());
                    } catch (NumberFormatException ex) {
                        throw SqsErrors.invalidParameter("Can't cast the value of message (user) attribute '" + name
                                + "' to a number.");
                    }
                }
                out.put(name, new MessageAttribute(type, s, null));
            }
        }
        return out;
    }

    /** Letters, digits, {@code _ - .}; no leading, trailing or double period; not {@code AWS.} or {@code Amazon.}. */
    private static void checkAttributeName(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        if (!ATTRIBUTE_NAME.matcher(name).matches() || name.startsWith(".") || name.endsWith(".")
                || name.contains("..") || lower.startsWith("aws.") || lower.startsWith("amazon.")) {
            throw SqsErrors.invalidParameter("Message (user) attribute name '" + name + "' is invalid. Names may "
                    + "contain letters, digits, '_', '-' and '.', up to 256 characters; they cannot start or end "
                    + "with '.', contain '..', or start with 'AWS.' or 'Amazon.'.");
        }
    }

    private static byte[] binary(JsonNode n) {
        try {
            return n.isMissingNode() || n.isNull() ? null : n.binaryValue();
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static dev.stratus.protocol.AwsException emptyValue(String name, String type) {
        return SqsErrors.invalidParameter("The message attribute '" + name + "' must contain non-empty message "
                + "attribute value for message attribute type '" + type + "'.");
    }

    /** SQS accepts #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF. */
    private static void checkCharacters(String body) {
        for (int i = 0; i < body.length(); i++) {
            char ch = body.charAt(i);
            if (ch >= 0x20 && ch <= 0xD7FF || ch == 0x9 || ch == 0xA || ch == 0xD) {
                continue; // the common case, checked char by char without decoding code points
            }
            int c = body.codePointAt(i);
            if (Character.isSupplementaryCodePoint(c)) {
                i++;
            }
            boolean ok = (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
            if (!ok) {
                throw new dev.stratus.protocol.AwsException("InvalidMessageContents", "Invalid binary character '#x"
                        + Integer.toHexString(c).toUpperCase() + "' was found in the message body, the set of "
                        + "allowed characters is #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to "
                        + "#x10FFFF");
            }
        }
    }
}
