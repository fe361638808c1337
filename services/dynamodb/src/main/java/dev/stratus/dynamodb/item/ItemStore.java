package dev.stratus.dynamodb.item;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.dynamodb.stream.StreamLog;
import dev.stratus.dynamodb.table.Table;
import dev.stratus.dynamodb.value.StoredJson;
import dev.stratus.storage.Batch;
import dev.stratus.storage.Cursor;
import dev.stratus.storage.Entry;
import dev.stratus.storage.Keyspace;
import dev.stratus.storage.Keys;
import dev.stratus.storage.Storage;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Items and index entries in two ordered keyspaces. Every write to an item and its index entries is one atomic
 * batch; writers of one item serialise on a lock stripe, so a condition check and its write cannot interleave.
 */
public final class ItemStore {
    private static final int STRIPES = 1024;
    private final Storage storage;
    private final Keyspace items;
    private final Keyspace indexes;
    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];
    private final StreamLog streams;
    private final java.time.Clock clock;
    private final Throughput throughput;
    private final PointInTimeLog pointInTime;
    private final TableStats stats;
    private final WriteGroups writeGroups = new WriteGroups(this);

    public ItemStore(Storage storage, StreamLog streams, java.time.Clock clock) {
        this.storage = storage;
        this.streams = streams;
        this.clock = clock;
        this.throughput = new Throughput(clock);
        this.items = storage.keyspace("dynamodb.items");
        this.indexes = storage.keyspace("dynamodb.index");
        this.pointInTime = new PointInTimeLog(storage, clock);
        this.stats = new TableStats(storage, items, indexes);
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** The provisioned-throughput buckets every data-plane operation admits and charges through. */
    public Throughput throughput() {
        return throughput;
    }

    /** Exact item counts and sizes of tables, indexes and item collections. */
    public TableStats stats() {
        return stats;
    }

    public ObjectNode get(byte[] key) {
        return decode(items.get(key));
    }

    /** The current items under {@code keys}, in order (null where absent), read in one storage call. */
    public List<ObjectNode> getAll(List<byte[]> keys) {
        List<ObjectNode> out = new java.util.ArrayList<>(keys.size());
        for (byte[] value : items.getAll(keys)) {
            out.add(decode(value));
        }
        return out;
    }

    /** Runs {@code work} holding the locks of every given item key (taken in stripe order, so no deadlock). */
    public <T> T locked(Collection<byte[]> keys, Supplier<T> work) {
        int[] stripes = new int[keys.size()];
        int n = 0;
        for (byte[] k : keys) {
            stripes[n++] = Math.floorMod(Arrays.hashCode(k), STRIPES);
        }
        Arrays.sort(stripes);
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            if (distinct == 0 || stripes[distinct - 1] != stripes[i]) {
                stripes[distinct++] = stripes[i];
            }
        }
        for (int i = 0; i < distinct; i++) {
            locks[stripes[i]].lock();
        }
        try {
            return work.get();
        } finally {
            for (int i = distinct - 1; i >= 0; i--) {
                locks[stripes[i]].unlock();
            }
        }
    }

    public <T> T locked(byte[] key, Supplier<T> work) {
        return locked(List.of(key), work);
    }

    /**
     * Runs one request's writes through group commit (see {@link WriteGroups}): {@code work} gets the current items
     * under {@code keys} and stages its changes, which commit with those of concurrent requests.
     */
    <T> T grouped(List<byte[]> keys, boolean alone, WriteGroups.GroupedWrite<T> work) {
        return writeGroups.write(keys, alone, work);
    }

    /** Adds to {@code batch} the item and index writes replacing {@code before} by {@code after} (either may be null). */
    void stageItem(Batch batch, TableStats.Deltas deltas, Table table, ItemImage before, ItemImage after) {
        stats.stage(deltas, table, before, after);
        if (PointInTimeLog.enabled(table)) {
            pointInTime.stage(batch, table, before == null ? null : before.item(), after == null ? null : after.item(),
                    clock.millis());
        }
        if (after != null) {
            batch.put(items, after.key(table), after.encoded());
        } else if (before != null) {
            batch.delete(items, before.key(table));
        }
        for (Table.Index index : table.indexes()) {
            byte[] oldKey = before == null ? null : before.indexKey(table, index);
            byte[] newKey = after == null ? null : after.indexKey(table, index);
            if (oldKey != null && (newKey == null || !Arrays.equals(oldKey, newKey))) {
                batch.delete(indexes, oldKey);
            }
            if (newKey != null) {
                // The same bytes as the item's: an index entry holds the whole item.
                batch.put(indexes, newKey, after.encoded());
            }
        }
    }

    /** Replaces {@code before} by {@code after} atomically, with its index entries and stream record. */
    public void write(Table table, ObjectNode before, ObjectNode after) {
        changes().stage(table, before, after).commit();
    }

    /** A set of item changes committed together (transactions, TTL deletions). */
    public ItemChanges changes() {
        return new ItemChanges(this, streams, clock, storage.batch());
    }

    /** Removes every item, index entry and stream record of a table (its keys all start with the table prefix). */
    public void drop(Table table) {
        throughput.forget(table);
        for (Keyspace ks : List.of(items, indexes, storage.keyspace("dynamodb.streams"),
                storage.keyspace(PointInTimeLog.KEYSPACE), stats.keyspace())) {
            byte[] prefix = ItemKeys.tablePrefix(table);
            Batch batch = storage.batch();
            try (Cursor c = ks.scanPrefix(prefix)) {
                while (c.hasNext()) {
                    batch.delete(ks, c.next().key());
                }
            }
            batch.commit();
        }
    }

    /**
     * Writes the entries of a newly added index for every existing item. Each item is re-read under its lock, so a
     * concurrent writer (which already maintains the new index) is never overwritten with a stale entry.
     */
    public void backfill(Table table, Table.Index index) {
        byte[] prefix = ItemKeys.tablePrefix(table);
        List<byte[]> keys = new java.util.ArrayList<>();
        try (Cursor c = items.scanPrefix(prefix)) {
            while (c.hasNext()) {
                keys.add(c.next().key());
            }
        }
        for (byte[] key : keys) {
            locked(key, () -> {
                ObjectNode item = get(key);
                byte[] entry = item == null ? null : ItemKeys.indexKey(table, index, item);
                // An entry a concurrent writer (or an interrupted earlier run) already wrote is counted already.
                if (entry != null && indexes.get(entry) == null) {
                    Batch batch = storage.batch();
                    TableStats.Deltas deltas = new TableStats.Deltas();
                    batch.put(indexes, entry, encode(item));
                    stats.stageIndexEntry(deltas, table, index.name(), item);
                    stats.commit(batch, deltas, batch::commit);
                }
                return null;
            });
        }
    }

    /** Items written to a new table (restores) per storage batch. */
    private static final int LOAD_BATCH = 500;

    /**
     * Every item of the table from one consistent storage snapshot: as it is now ({@code atMillis} null), or as it
     * was at {@code atMillis} by undoing the point-in-time log read from the same snapshot.
     */
    public List<ObjectNode> items(Table table, Long atMillis) {
        java.util.Map<java.nio.ByteBuffer, ObjectNode> images = new java.util.LinkedHashMap<>();
        try (dev.stratus.storage.Snapshot snapshot = storage.snapshot()) {
            try (Cursor c = snapshot.keyspace("dynamodb.items").scanPrefix(ItemKeys.tablePrefix(table))) {
                while (c.hasNext()) {
                    Entry e = c.next();
                    images.put(java.nio.ByteBuffer.wrap(e.key()), decode(e));
                }
            }
            if (atMillis != null) {
                images.putAll(PointInTimeLog.undo(snapshot.keyspace(PointInTimeLog.KEYSPACE), table, atMillis));
            }
        }
        return images.values().stream().filter(java.util.Objects::nonNull).toList();
    }

    /** Writes items (with their index entries) into a table, in batches; for restores into a new table. */
    public void load(Table table, List<ObjectNode> loaded) {
        for (int i = 0; i < loaded.size(); i += LOAD_BATCH) {
            ItemChanges batch = changes();
            loaded.subList(i, Math.min(loaded.size(), i + LOAD_BATCH)).forEach(item -> batch.stage(table, null, item));
            batch.commit();
        }
    }

    /** Forgets point-in-time history older than {@code beforeMillis} (Long.MAX_VALUE: all of it). */
    public void trimPointInTime(Table table, long beforeMillis) {
        pointInTime.trim(storage, table, beforeMillis);
    }

    /** Deletes every entry of one index. */
    public void dropIndex(Table table, String index) {
        Batch batch = storage.batch();
        try (Cursor c = indexes.scanPrefix(ItemKeys.indexPrefix(table, index))) {
            while (c.hasNext()) {
                batch.delete(indexes, c.next().key());
            }
        }
        batch.commit();
        stats.dropIndex(table, index);
    }

    /** Ordered entries of the table (index null) or of one index, between two keys. */
    public Cursor scan(String index, byte[] from, byte[] to, boolean reverse) {
        return (index == null ? items : indexes).scan(from, to, reverse);
    }

    public static byte[] end(byte[] prefix) {
        return Keys.prefixEnd(prefix);
    }

    public static ObjectNode decode(byte[] bytes) {
        return bytes == null ? null : (ObjectNode) StoredJson.read(bytes);
    }

    public static ObjectNode decode(Entry e) {
        return decode(e.value());
    }

    private static byte[] encode(JsonNode item) {
        return StoredJson.write(item);
    }
}
