package dev.stratus.sqs;

import dev.stratus.platform.state.DocumentStore;
import dev.stratus.storage.Batch;
import dev.stratus.storage.Cursor;
import dev.stratus.storage.Entry;
import dev.stratus.storage.KeyDecoder;
import dev.stratus.storage.KeyEncoder;
import dev.stratus.storage.Keyspace;
import dev.stratus.storage.Storage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * SQS's persistent state: queue records in {@code sqs.queues}, messages in {@code sqs.messages} and the delivery
 * state of received messages in {@code sqs.deliveries}, both keyed by (account, region, queue, seq) so one queue's
 * messages are one ordered range. A receive rewrites only the small delivery record, never the body. Every change is
 * stored before it is acknowledged (message changes through a {@link GroupCommit}), so a sent message survives
 * {@code kill -9}.
 */
final class SqsStore {
    private static final Logger LOG = Logger.getLogger("stratus.sqs");
    private final Storage storage;
    private final DocumentStore<QueueRecord> queues;
    private final Keyspace messages;
    private final Keyspace deliveries;
    private final GroupCommit commits;
    /** Each queue's key prefix, encoded once (every message write starts with it). */
    private final Map<QueueKey, byte[]> prefixes = new ConcurrentHashMap<>();

    SqsStore(Storage storage) {
        this.storage = storage;
        this.commits = new GroupCommit(storage);
        this.queues = new DocumentStore<>(storage, "sqs.queues", QueueRecord.class);
        this.messages = storage.keyspace("sqs.messages");
        this.deliveries = storage.keyspace("sqs.deliveries");
    }

    List<QueueRecord> allQueues() {
        return queues.list("");
    }

    void putQueue(QueueRecord record) {
        queues.put(record.key().storageKey(), record);
    }

    /** A queue's messages in send order, each with its latest delivery state. */
    List<SqsMessage> messages(QueueKey queue) {
        Map<Long, SqsMessage> bySeq = new LinkedHashMap<>();
        try (Cursor c = messages.scanPrefix(prefix(queue))) {
            while (c.hasNext()) {
                SqsMessage m = MessageRecords.decode(c.next().value());
                bySeq.put(m.seq(), m);
            }
        }
        int prefixLength = prefix(queue).length;
        try (Cursor c = deliveries.scanPrefix(prefix(queue))) {
            while (c.hasNext()) {
                Entry e = c.next();
                long seq = new KeyDecoder(e.key(), prefixLength).int64();
                // A delete removes both records in one batch, so an orphan should not exist; it is ignored if found.
                bySeq.computeIfPresent(seq, (s, m) -> MessageRecords.withDelivery(m, e.value()));
            }
        }
        return new ArrayList<>(bySeq.values());
    }

    /** Deletes a queue's record and every message it holds, atomically. */
    void deleteQueue(QueueKey queue) {
        Batch batch = storage.batch();
        for (Keyspace keyspace : List.of(messages, deliveries)) {
            try (Cursor c = keyspace.scanPrefix(prefix(queue))) {
                while (c.hasNext()) {
                    batch.delete(keyspace, c.next().key());
                }
            }
        }
        batch.delete(queues.keyspace(), queue.storageKey().getBytes(StandardCharsets.UTF_8));
        batch.commit();
        prefixes.remove(queue);
    }

    /** A set of message writes for one send, receive, delete or redrive, stored together. */
    Changes changes() {
        return new Changes();
    }

    /** The generation of message writes (see {@link GroupCommit#generation()}): a queue's memory is valid in one. */
    long generation() {
        return commits.generation();
    }

    /** Waits until every message write queued so far is stored (before a queue's messages are deleted with it). */
    void awaitQueuedChanges() {
        commits.awaitQueued();
    }

    /**
     * Buffered message writes: {@link #submit()} queues them (under the queue's lock, so they queue in the order the
     * queue changed), {@link #awaitStored()} waits until they are stored (outside it, before answering).
     */
    final class Changes {
        private final List<GroupCommit.Write> writes = new ArrayList<>();
        private boolean afterEarlierWrites;
        private GroupCommit.Group group;

        private Changes() {
        }

        /** Stores a new message (a send, or a redrive's copy): its whole record. */
        Changes put(QueueKey queue, SqsMessage message) {
            writes.add(new GroupCommit.Write(messages, key(queue, message.seq()), MessageRecords.encode(message)));
            return this;
        }

        /** Stores a message's new delivery state (a receive or visibility change): a few bytes, not its body. */
        Changes putDelivery(QueueKey queue, SqsMessage message) {
            writes.add(new GroupCommit.Write(deliveries, key(queue, message.seq()),
                    MessageRecords.encodeDelivery(message)));
            return this;
        }

        /** Deletes a message, and its delivery state when it has one. */
        Changes delete(QueueKey queue, SqsMessage message) {
            byte[] key = key(queue, message.seq());
            writes.add(new GroupCommit.Write(messages, key, null));
            if (message.hasDeliveryRecord()) {
                writes.add(new GroupCommit.Write(deliveries, key, null));
            }
            return this;
        }

        /**
         * Makes {@link #awaitStored()} also wait for every write queued before, even with no write of its own (an
         * answer that repeats an earlier change, like a deduplicated FIFO send, must not come before it is stored).
         */
        Changes afterEarlierWrites() {
            afterEarlierWrites = true;
            return this;
        }

        /**
         * Queues the writes behind every write queued before.
         *
         * @param builtIn the generation the queue's memory was built in (they are refused if a batch failed since)
         */
        void submit(long builtIn) {
            if (!writes.isEmpty() || afterEarlierWrites) {
                try {
                    group = commits.queue(writes, builtIn);
                } catch (GroupCommit.StaleMemory e) {
                    throw SqsErrors.serviceUnavailable();
                }
            }
        }

        /**
         * Waits until the submitted writes are stored; nothing to wait for when there were none. When they could
         * not be stored the caller gets a 503 (SDKs retry it), and the queue rebuilds its memory from storage.
         */
        void awaitStored() {
            if (group != null) {
                try {
                    commits.await(group);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "SQS message writes failed; queues reload from storage", e);
                    throw SqsErrors.serviceUnavailable();
                }
            }
        }
    }

    private byte[] prefix(QueueKey queue) {
        return prefixes.computeIfAbsent(queue, q ->
                new KeyEncoder().string(q.account()).string(q.region()).string(q.name()).toBytes());
    }

    private byte[] key(QueueKey queue, long seq) {
        byte[] prefix = prefix(queue);
        return new KeyEncoder(prefix.length + Long.BYTES).raw(prefix).int64(seq).toBytes();
    }
}
