package dev.stratus.sqs;

import dev.stratus.platform.state.DocumentStore;
import dev.stratus.storage.Batch;
import dev.stratus.storage.Cursor;
import dev.stratus.storage.KeyEncoder;
import dev.stratus.storage.Keyspace;
import dev.stratus.storage.Storage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * SQS's persistent state: queue records in {@code sqs.queues} and messages in {@code sqs.messages}, keyed by
 * (account, region, queue, seq) so one queue's messages are one ordered range. Every change is stored before it
 * is acknowledged (message changes through a {@link GroupCommit}), so a sent message survives {@code kill -9}.
 */
final class SqsStore {
    private static final Logger LOG = Logger.getLogger("stratus.sqs");
    private final Storage storage;
    private final DocumentStore<QueueRecord> queues;
    private final Keyspace messages;
    private final GroupCommit commits;

    SqsStore(Storage storage) {
        this.storage = storage;
        this.commits = new GroupCommit(storage);
        this.queues = new DocumentStore<>(storage, "sqs.queues", QueueRecord.class);
        this.messages = storage.keyspace("sqs.messages");
    }

    List<QueueRecord> allQueues() {
        return queues.list("");
    }

    void putQueue(QueueRecord record) {
        queues.put(record.key().storageKey(), record);
    }

    List<SqsMessage> messages(QueueKey queue) {
        List<SqsMessage> out = new ArrayList<>();
        try (Cursor c = messages.scanPrefix(prefix(queue))) {
            while (c.hasNext()) {
                out.add(decode(c.next().value()));
            }
        }
        return out;
    }

    /** Deletes a queue's record and every message it holds, atomically. */
    void deleteQueue(QueueKey queue) {
        Batch batch = storage.batch();
        try (Cursor c = messages.scanPrefix(prefix(queue))) {
            while (c.hasNext()) {
                batch.delete(messages, c.next().key());
            }
        }
        batch.delete(queues.keyspace(), queue.storageKey().getBytes(StandardCharsets.UTF_8));
        batch.commit();
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

        Changes put(QueueKey queue, SqsMessage message) {
            writes.add(new GroupCommit.Write(messages, key(queue, message.seq()), encode(message)));
            return this;
        }

        Changes delete(QueueKey queue, long seq) {
            writes.add(new GroupCommit.Write(messages, key(queue, seq), null));
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

    private static byte[] prefix(QueueKey queue) {
        return new KeyEncoder().string(queue.account()).string(queue.region()).string(queue.name()).toBytes();
    }

    private static byte[] key(QueueKey queue, long seq) {
        return new KeyEncoder().string(queue.account()).string(queue.region()).string(queue.name()).int64(seq)
                .toBytes();
    }

    private static byte[] encode(SqsMessage message) {
        return MessageRecords.encode(message);
    }

    private static SqsMessage decode(byte[] bytes) {
        return MessageRecords.decode(bytes);
    }
}
