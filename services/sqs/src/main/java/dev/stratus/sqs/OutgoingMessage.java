package dev.stratus.sqs;

import java.util.Map;

/**
 * A checked SendMessage (or batch entry), ready to enqueue.
 *
 * @param bodyMd5 the body's hex MD5: the send answers it, and the message keeps it for every receive
 * @param delaySeconds the effective delay (the message's own, else the queue's)
 * @param deduplicationId FIFO only: the explicit id, or the body's SHA-256 under content-based deduplication
 */
record OutgoingMessage(String body, String bodyMd5, Map<String, MessageAttribute> attributes, String traceHeader,
                       String senderId, int delaySeconds, String groupId, String deduplicationId) {
}
