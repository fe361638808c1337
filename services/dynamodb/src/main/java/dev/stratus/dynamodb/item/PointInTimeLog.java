package dev.stratus.dynamodb.item;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.dynamodb.table.Table;
import dev.stratus.storage.Batch;
import dev.stratus.storage.Cursor;
import dev.stratus.storage.Keyspace;
import dev.stratus.storage.KeyEncoder;
import dev.stratus.storage.Keys;
import dev.stratus.storage.ReadView;
import dev.stratus.storage.Storage;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The undo log behind point-in-time recovery: for a table with PITR enabled, every item change records the item's
 * previous image under {@code (table prefix, time, sequence)}, in the same batch as the change. The state at time T
 * is the current state with, for each item changed after T, the image before its first change after T.
 */
public final class PointInTimeLog {
    static final String KEYSPACE = "dynamodb.pitr";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final Keyspace log;
    /** Orders changes within one millisecond; seeded from the clock so it keeps rising across restarts. */
    private final AtomicLong sequence;

    PointInTimeLog(Storage storage, java.time.Clock clock) {
        this.log = storage.keyspace(KEYSPACE);
        this.sequence = new AtomicLong(clock.millis() * 1000);
    }

    /** True when the table's definition has point-in-time recovery enabled. */
    public static boolean enabled(Table table) {
        return table.spec().path("PointInTimeRecovery").path("Enabled").asBoolean(false);
    }

    /** The earliest restorable millisecond: the enabling time, or the start of the recovery period. */
    public static long windowStart(Table table, long nowMillis) {
        JsonNode pitr = table.spec().get("PointInTimeRecovery");
        long period = java.time.Duration.ofDays(pitr.get("RecoveryPeriodInDays").asInt()).toMillis();
        return Math.max(pitr.get("EnabledMillis").asLong(), nowMillis - period);
    }

    void stage(Batch batch, Table table, ObjectNode before, ObjectNode after, long nowMillis) {
        ObjectNode entry = NODES.objectNode();
        entry.set("Key", ItemKeys.keyOf(table.keySchema(), before != null ? before : after));
        if (before != null) {
            entry.set("Before", before);
        }
        byte[] key = new KeyEncoder().raw(ItemKeys.tablePrefix(table)).int64(nowMillis)
                .int64(sequence.incrementAndGet()).toBytes();
        batch.put(log, key, entry.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * The images to put back to see the table as it was at {@code atMillis}: storage item key to the item then
     * (null: the item did not exist), read from {@code view} (a snapshot shared with the item read).
     */
    static Map<ByteBuffer, ObjectNode> undo(ReadView view, Table table, long atMillis) {
        Map<ByteBuffer, ObjectNode> images = new HashMap<>();
        byte[] prefix = ItemKeys.tablePrefix(table);
        byte[] from = new KeyEncoder().raw(prefix).int64(atMillis + 1).toBytes();
        try (Cursor c = view.scan(from, Keys.prefixEnd(prefix), false)) {
            while (c.hasNext()) {
                JsonNode entry = ItemStore.decode(c.next());
                ByteBuffer key = ByteBuffer.wrap(ItemKeys.itemKey(table, entry.get("Key")));
                images.putIfAbsent(key, entry.has("Before") ? (ObjectNode) entry.get("Before") : null);
            }
        }
        return images;
    }

    /** Deletes the table's entries older than {@code beforeMillis} (outside the recovery window), or all of them. */
    void trim(Storage storage, Table table, long beforeMillis) {
        byte[] prefix = ItemKeys.tablePrefix(table);
        byte[] to = beforeMillis == Long.MAX_VALUE ? Keys.prefixEnd(prefix)
                : new KeyEncoder().raw(prefix).int64(beforeMillis).toBytes();
        Batch batch = storage.batch();
        try (Cursor c = log.scan(prefix, to, false)) {
            while (c.hasNext()) {
                batch.delete(log, c.next().key());
            }
        }
        batch.commit();
    }
}
