package dev.stratus.sns.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;

/**
 * One published message as fan-out sees it.
 *
 * @param perProtocol the messages of a {@code MessageStructure=json} publish by protocol ("default" among them),
 *                    or empty
 * @param attributes the message attributes in the canonical tree ({@code {name: {DataType, StringValue, ...}}})
 * @param groupId FIFO MessageGroupId, or null
 * @param deduplicationId FIFO MessageDeduplicationId (explicit or content-based), or null
 * @param sequenceNumber FIFO sequence number, or null
 */
public record PublishedMessage(String messageId, String topicArn, String subject, String message,
                               Map<String, String> perProtocol, JsonNode attributes, String groupId,
                               String deduplicationId, String sequenceNumber, Instant timestamp) {

    /** The text a subscriber of {@code protocol} receives. */
    public String messageFor(String protocol) {
        if (perProtocol.isEmpty()) {
            return message;
        }
        return perProtocol.getOrDefault(protocol, perProtocol.get("default"));
    }
}
