package dev.stratus.dynamodb.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.dynamodb.table.Table;
import dev.stratus.dynamodb.value.StoredJson;
import dev.stratus.storage.Batch;
import dev.stratus.storage.Cursor;
import dev.stratus.storage.Entry;
import dev.stratus.storage.KeyEncoder;
import dev.stratus.storage.Keys;
import dev.stratus.storage.Keyspace;
import dev.stratus.storage.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Stream records in the {@code dynamodb.streams} keyspace under {@code (account, region, table, generation, label,
 * sequence:int64)}: one shard per stream, read in sequence order. Appends to one stream serialise on its lock and
 * commit before the lock is released, so a reader never sees sequence n+1 before n.
 */
public final class StreamLog {
    /** How long records stay readable (DynamoDB Streams keeps them 24 hours). */
    public static final Duration RETENTION = Duration.ofHours(24);
    private static final ObjectMapper MAPPER = StoredJson.newMapper();
    private static final int SEQUENCE_DIGITS = 21;
    private final Storage storage;
    private final Keyspace records;
    private final ConcurrentHashMap<ByteBuffer, AtomicLong> sequences = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ByteBuffer, ReentrantLock> locks = new ConcurrentHashMap<>();

    public StreamLog(Storage storage) {
        this.storage = storage;
        this.records = storage.keyspace("dynamodb.streams");
    }

    /** The label of the table's enabled stream, or null. */
    public static String label(Table table) {
        JsonNode spec = table.spec().get("StreamSpecification");
        return spec != null && spec.path("StreamEnabled").asBoolean() ? table.spec().path("StreamLabel").asText(null) : null;
    }

    public static String viewType(Table table) {
        return table.spec().path("StreamSpecification").path("StreamViewType").asText("NEW_AND_OLD_IMAGES");
    }

    public static String streamArn(Table table, String label) {
        return table.arn() + "/stream/" + label;
    }

    static byte[] prefix(Table table, String label) {
        return new KeyEncoder().string(table.account()).string(table.region()).string(table.name())
                .int64(table.createdMillis()).string(label).toBytes();
    }

    private static byte[] key(byte[] prefix, long sequence) {
        byte[] suffix = new KeyEncoder().int64(sequence).toBytes();
        byte[] out = Arrays.copyOf(prefix, prefix.length + suffix.length);
        System.arraycopy(suffix, 0, out, prefix.length, suffix.length);
        return out;
    }

    public static String format(long sequence) {
        String digits = Long.toString(sequence);
        return "0".repeat(Math.max(0, SEQUENCE_DIGITS - digits.length())) + digits;
    }

    /** The lock that orders appends to one stream. */
    public ReentrantLock lock(Table table, String label) {
        return locks.computeIfAbsent(ByteBuffer.wrap(prefix(table, label)), k -> new ReentrantLock());
    }

    /** Stages a record under the stream's next sequence number; call holding {@link #lock}. */
    public void append(Batch batch, Table table, String label, ObjectNode record) {
        byte[] prefix = prefix(table, label);
        long sequence = sequences.computeIfAbsent(ByteBuffer.wrap(prefix), k -> new AtomicLong(last(prefix)))
                .incrementAndGet();
        ((ObjectNode) record.get("dynamodb")).put("SequenceNumber", format(sequence));
        batch.put(records, key(prefix, sequence), encode(record));
    }

    /** The highest sequence number written to the stream, or 0. */
    public long last(Table table, String label) {
        return last(prefix(table, label));
    }

    private long last(byte[] prefix) {
        try (Cursor c = records.scan(prefix, Keys.prefixEnd(prefix), true)) {
            return c.hasNext() ? sequenceOf(prefix, c.next()) : 0;
        }
    }

    /** The first sequence number still stored, or 0. */
    public long first(Table table, String label) {
        byte[] prefix = prefix(table, label);
        try (Cursor c = records.scanPrefix(prefix)) {
            return c.hasNext() ? sequenceOf(prefix, c.next()) : 0;
        }
    }

    /** A stored record with its sequence number. */
    public record Stored(long sequence, ObjectNode record) {
    }

    /** Up to {@code limit} records with sequence numbers greater than {@code after}, in order. */
    public List<Stored> read(Table table, String label, long after, int limit) {
        byte[] prefix = prefix(table, label);
        List<Stored> out = new ArrayList<>();
        try (Cursor c = records.scan(key(prefix, after + 1), Keys.prefixEnd(prefix), false)) {
            while (c.hasNext() && out.size() < limit) {
                Entry e = c.next();
                out.add(new Stored(sequenceOf(prefix, e), decode(e.value())));
            }
        }
        return out;
    }

    /**
     * Deletes the records created before {@code oldestEpochSecond}; records are appended in time order, so this
     * stops at the first younger one. Returns how many were deleted.
     */
    public int trim(Table table, String label, long oldestEpochSecond) {
        byte[] prefix = prefix(table, label);
        Batch batch = storage.batch();
        int trimmed = 0;
        try (Cursor c = records.scanPrefix(prefix)) {
            while (c.hasNext()) {
                Entry e = c.next();
                if (decode(e.value()).get("dynamodb").get("ApproximateCreationDateTime").asLong() >= oldestEpochSecond) {
                    break;
                }
                batch.delete(records, e.key());
                trimmed++;
            }
        }
        batch.commit();
        return trimmed;
    }

    private static long sequenceOf(byte[] prefix, Entry e) {
        return ByteBuffer.wrap(e.key(), prefix.length, 8).getLong() ^ Long.MIN_VALUE;
    }

    private static byte[] encode(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode decode(byte[] bytes) {
        try {
            return (ObjectNode) MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
