package dev.stratus.sqs;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A FIFO queue's deduplication window: a message whose deduplication id (per queue, or per message group when
 * {@code DeduplicationScope} is {@code messageGroup}) was accepted in the last 5 minutes is acknowledged again with
 * the first one's id and sequence number, and not enqueued. Not thread-safe: the queue's lock guards it.
 */
final class FifoDeduplication {
    /** FIFO deduplication interval (SQS: 5 minutes). */
    static final long WINDOW_MS = TimeUnit.MINUTES.toMillis(5);

    private final Map<String, SqsQueue.Sent> accepted = new HashMap<>();
    private final Map<String, Long> expiresAt = new HashMap<>();

    /** The earlier acknowledgement of this id, if still within the window. */
    SqsQueue.Sent find(boolean perGroup, String groupId, String deduplicationId, long now) {
        expiresAt.entrySet().removeIf(e -> {
            boolean old = e.getValue() <= now;
            if (old) {
                accepted.remove(e.getKey());
            }
            return old;
        });
        return accepted.get(key(perGroup, groupId, deduplicationId));
    }

    void remember(boolean perGroup, String groupId, String deduplicationId, SqsQueue.Sent sent, long sentAt) {
        String key = key(perGroup, groupId, deduplicationId);
        accepted.put(key, sent);
        expiresAt.put(key, sentAt + WINDOW_MS);
    }

    /** Forgets every id (the queue then remembers those of its stored messages again). */
    void clear() {
        accepted.clear();
        expiresAt.clear();
    }

    private static String key(boolean perGroup, String groupId, String deduplicationId) {
        return perGroup ? groupId + "\u0000" + deduplicationId : deduplicationId;
    }
}
