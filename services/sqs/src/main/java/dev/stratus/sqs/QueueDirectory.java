package dev.stratus.sqs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Every live queue, rebuilt from storage at start; creation and deletion are serialised here. */
final class QueueDirectory {
    /** After DeleteQueue, SQS refuses a queue of the same name for 60 seconds. */
    static final long RECREATE_DELAY_MS = 60_000;

    private final SqsStore store;
    private final Map<QueueKey, SqsQueue> queues = new ConcurrentHashMap<>();
    private final Map<QueueKey, Long> deletedAt = new ConcurrentHashMap<>();

    QueueDirectory(SqsStore store) {
        this.store = store;
        for (QueueRecord r : store.allQueues()) {
            queues.put(r.key(), new SqsQueue(r, store, store.messages(r.key())));
        }
    }

    SqsStore store() {
        return store;
    }

    /** The queue, or SQS's QueueDoesNotExist. */
    SqsQueue get(QueueKey key) {
        SqsQueue q = queues.get(key);
        if (q == null) {
            throw SqsErrors.queueDoesNotExist();
        }
        return q;
    }

    SqsQueue find(QueueKey key) {
        return queues.get(key);
    }

    /** The queue an ARN names (arn:aws:sqs:region:account:name), or null. */
    SqsQueue byArn(String arn) {
        String[] p = arn == null ? new String[0] : arn.split(":", 6);
        if (p.length != 6 || !"sqs".equals(p[2])) {
            return null;
        }
        return queues.get(new QueueKey(p[4], p[3], p[5]));
    }

    /** Queues of one account and region, by name. */
    List<SqsQueue> list(String account, String region) {
        List<SqsQueue> out = new ArrayList<>();
        for (SqsQueue q : queues.values()) {
            if (q.key().account().equals(account) && q.key().region().equals(region)) {
                out.add(q);
            }
        }
        out.sort(Comparator.comparing(q -> q.key().name()));
        return out;
    }

    List<SqsQueue> all() {
        return List.copyOf(queues.values());
    }

    /**
     * Creates the queue, or returns the existing one after {@code sameAs} confirmed the request matches it.
     *
     * @param sameAs throws QueueNameExists when the existing queue differs from the request
     */
    synchronized SqsQueue create(QueueRecord record, long now, java.util.function.Consumer<SqsQueue> sameAs) {
        SqsQueue existing = queues.get(record.key());
        if (existing != null) {
            sameAs.accept(existing);
            return existing;
        }
        Long deleted = deletedAt.get(record.key());
        if (deleted != null && now - deleted < RECREATE_DELAY_MS) {
            throw new dev.stratus.protocol.AwsException("QueueDeletedRecently", "You must wait 60 seconds after "
                    + "deleting a queue before you can create another with the same name.");
        }
        store.putQueue(record);
        SqsQueue q = new SqsQueue(record, store, List.of());
        queues.put(record.key(), q);
        return q;
    }

    synchronized void update(SqsQueue queue, QueueRecord record) {
        store.putQueue(record);
        queue.record(record);
    }

    synchronized void delete(SqsQueue queue, long now) {
        // Marked first (under the queue's lock), so no send still in progress stores a message after the purge.
        queue.markDeleted();
        queues.remove(queue.key());
        // A change queued before the mark may not be stored yet: it must land before the scan that deletes it.
        store.awaitQueuedChanges();
        store.deleteQueue(queue.key());
        deletedAt.put(queue.key(), now);
    }
}
