package dev.stratus.sqs;

import dev.stratus.platform.state.DocumentStore;
import dev.stratus.storage.Batch;
import dev.stratus.storage.Cursor;
import dev.stratus.storage.KeyEncoder;
import dev.stratus.storage.Keyspace;
import dev.stratus.storage.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * SQS's persistent state: queue records in {@code sqs.queues} and messages in {@code sqs.messages}, keyed by
 * (account, region, queue, seq) so one queue's messages are one ordered range. Every change is written before it
 * is acknowledged, so a sent message survives {@code kill -9}.
 */
final class SqsStore {
    private final Storage storage;
    private final DocumentStore<QueueRecord> queues;
    private final Keyspace messages;

    SqsStore(Storage storage) {
        this.storage = storage;
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

    /** A set of message writes for one receive, send batch or redrive, committed together. */
    Changes changes() {
        return new Changes(storage.batch());
    }

    /** Buffered message writes; nothing is stored until {@link #commit()}. */
    final class Changes {
        private final Batch batch;
        private boolean empty = true;

        private Changes(Batch batch) {
            this.batch = batch;
        }

        Changes put(QueueKey queue, SqsMessage message) {
            batch.put(messages, key(queue, message.seq()), encode(message));
            empty = false;
            return this;
        }

        Changes delete(QueueKey queue, long seq) {
            batch.delete(messages, key(queue, seq));
            empty = false;
            return this;
        }

        void commit() {
            if (!empty) {
                batch.commit();
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
        try {
            return DocumentStore.MAPPER.writeValueAsBytes(message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SqsMessage decode(byte[] bytes) {
        try {
            return DocumentStore.MAPPER.readValue(bytes, SqsMessage.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
