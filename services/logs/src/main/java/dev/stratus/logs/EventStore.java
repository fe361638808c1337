package dev.stratus.logs;

import dev.stratus.storage.Batch;
import dev.stratus.storage.Cursor;
import dev.stratus.storage.Entry;
import dev.stratus.storage.Keyspace;
import dev.stratus.storage.Keys;
import dev.stratus.storage.Storage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Log events in one ordered keyspace. Key: stream id, timestamp, sequence (8 bytes each, big-endian), so one
 * stream's events are one range scan in time order and equal timestamps keep their arrival order. Value: the
 * ingestion time (8 bytes) and the UTF-8 message.
 */
final class EventStore {
    static final String KEYSPACE = "logs.events";
    static final int KEY_LENGTH = 24;
    /** Deletes per batch when purging or expiring, so one batch never grows without bound. */
    static final int DELETE_CHUNK = 1000;

    private final Storage storage;
    private final Keyspace keyspace;

    EventStore(Storage storage) {
        this.storage = storage;
        this.keyspace = storage.keyspace(KEYSPACE);
    }

    /** One stored event. */
    record StoredEvent(long timestamp, long sequence, long ingestionTime, String message, int messageBytes) {
    }

    Keyspace keyspace() {
        return keyspace;
    }

    static byte[] key(long streamId, long timestamp, long sequence) {
        return ByteBuffer.allocate(KEY_LENGTH).putLong(streamId).putLong(timestamp).putLong(sequence).array();
    }

    /** The first key of a stream; timestamps are never negative (the model's minimum is 0). */
    static byte[] start(long streamId) {
        return key(streamId, 0, 0);
    }

    /** The first key after a stream; stream ids are positive, so the bound always exists. */
    static byte[] end(long streamId) {
        return Keys.prefixEnd(ByteBuffer.allocate(8).putLong(streamId).array());
    }

    static byte[] value(long ingestionTime, byte[] message) {
        return ByteBuffer.allocate(8 + message.length).putLong(ingestionTime).put(message).array();
    }

    static StoredEvent decode(Entry e) {
        ByteBuffer k = ByteBuffer.wrap(e.key());
        k.getLong();
        long ts = k.getLong();
        long seq = k.getLong();
        byte[] v = e.value();
        long ingestion = ByteBuffer.wrap(v, 0, 8).getLong();
        return new StoredEvent(ts, seq, ingestion, new String(v, 8, v.length - 8, StandardCharsets.UTF_8),
                v.length - 8);
    }

    /** Events of a stream with {@code from <= key < to}, ascending or descending; the cursor must be closed. */
    Cursor scan(byte[] from, byte[] to, boolean reverse) {
        return keyspace.scan(from, to, reverse);
    }

    void put(Batch batch, long streamId, long timestamp, long sequence, long ingestionTime, byte[] message) {
        batch.put(keyspace, key(streamId, timestamp, sequence), value(ingestionTime, message));
    }

    /** Deletes every event of a stream, in chunks. */
    void purge(long streamId) {
        while (true) {
            List<byte[]> keys = new ArrayList<>(DELETE_CHUNK);
            try (Cursor c = keyspace.scan(start(streamId), end(streamId), false)) {
                while (c.hasNext() && keys.size() < DELETE_CHUNK) {
                    keys.add(c.next().key());
                }
            }
            if (keys.isEmpty()) {
                return;
            }
            Batch batch = storage.batch();
            keys.forEach(k -> batch.delete(keyspace, k));
            batch.commit();
        }
    }
}
