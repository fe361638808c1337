package dev.stratus.dynamodb.item;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.dynamodb.DynamoErrors;
import dev.stratus.dynamodb.table.Table;
import dev.stratus.dynamodb.value.AttributeValues;
import dev.stratus.storage.Batch;
import dev.stratus.storage.Cursor;
import dev.stratus.storage.Keyspace;
import dev.stratus.storage.Storage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exact item counts and sizes per table, per index and per item collection (tables with local secondary indexes),
 * written in the same storage batch as the items they count, so they survive restarts and never drift. A record
 * that does not exist yet (a table from before counters existed) is counted once by a scan, under the table's lock.
 */
public final class TableStats {
    static final String KEYSPACE = "dynamodb.stats";
    /** Item collection limit for tables with local secondary indexes (DynamoDB service quotas: 10 GB). */
    public static final long MAX_ITEM_COLLECTION_BYTES = 10L << 30;
    /** Bytes DynamoDB adds to each local secondary index entry when sizing an item collection. */
    static final long INDEX_ENTRY_OVERHEAD = 100;
    private static final long GB = 1L << 30;

    private final Keyspace stats;
    private final Keyspace items;
    private final Keyspace indexes;
    private final Map<ByteBuffer, ReentrantLock> tableLocks = new ConcurrentHashMap<>();
    /** System property lowering the item collection limit, so tests need not write 10 GB. */
    static final String LIMIT_PROPERTY = "stratus.dynamodb.itemCollectionLimitBytes";

    /** A count and a size in bytes. */
    public record Counter(long count, long bytes) {
        Counter plus(long dCount, long dBytes) {
            return new Counter(count + dCount, bytes + dBytes);
        }
    }

    TableStats(Storage storage, Keyspace items, Keyspace indexes) {
        this.stats = storage.keyspace(KEYSPACE);
        this.items = items;
        this.indexes = indexes;
    }

    /** Changes to counters, collected while items are staged and applied when the batch commits. */
    static final class Deltas {
        private final Map<ByteBuffer, Delta> byKey = new java.util.LinkedHashMap<>();
        private final Map<ByteBuffer, Table> tables = new TreeMap<>();

        private record Delta(Table table, Kind kind, String index, ObjectNode item, long[] change) {
        }

        private void add(byte[] key, Table table, Kind kind, String index, ObjectNode item, long dCount, long dBytes) {
            tables.put(ByteBuffer.wrap(ItemKeys.tablePrefix(table)), table);
            long[] change = byKey.computeIfAbsent(ByteBuffer.wrap(key),
                    k -> new Delta(table, kind, index, item, new long[2])).change();
            change[0] += dCount;
            change[1] += dBytes;
        }

        boolean isEmpty() {
            return byKey.isEmpty();
        }
    }

    private enum Kind { TABLE, INDEX, COLLECTION }

    /** Records the counter changes of replacing {@code before} by {@code after}. */
    void stage(Deltas deltas, Table table, ItemImage before, ItemImage after) {
        long beforeSize = before == null ? 0 : before.size();
        long afterSize = after == null ? 0 : after.size();
        deltas.add(ItemKeys.statsKey(table, null), table, Kind.TABLE, null, null,
                (after != null ? 1 : 0) - (before != null ? 1 : 0), afterSize - beforeSize);
        boolean local = false;
        for (Table.Index index : table.indexes()) {
            local |= !index.global();
            boolean had = before != null && before.indexKey(table, index) != null;
            boolean has = after != null && after.indexKey(table, index) != null;
            if (had || has) {
                deltas.add(ItemKeys.statsKey(table, index.name()), table, Kind.INDEX, index.name(), null,
                        (has ? 1 : 0) - (had ? 1 : 0), (has ? afterSize : 0) - (had ? beforeSize : 0));
            }
        }
        if (local) {
            ObjectNode item = after != null ? after.item() : before.item();
            deltas.add(ItemKeys.collectionStatsKey(table, item), table, Kind.COLLECTION, null, item, 0,
                    collectionSize(table, after == null ? null : after.item())
                            - collectionSize(table, before == null ? null : before.item()));
        }
    }

    /** Records one new index entry written by a backfill. */
    void stageIndexEntry(Deltas deltas, Table table, String index, ObjectNode item) {
        deltas.add(ItemKeys.statsKey(table, index), table, Kind.INDEX, index, null, 1, AttributeValues.itemSize(item));
    }

    /**
     * Adds the new counter values to {@code batch} and commits it with {@code commit}, holding the locks of every
     * table involved so concurrent writers add up. Throws ItemCollectionSizeLimitExceededException (nothing
     * written) when a growing item collection would pass the limit.
     */
    void commit(Batch batch, Deltas deltas, Runnable commit) {
        if (deltas.isEmpty()) {
            commit.run();
            return;
        }
        List<ReentrantLock> held = new ArrayList<>();
        try {
            for (ByteBuffer table : deltas.tables.keySet()) {
                ReentrantLock lock = tableLocks.computeIfAbsent(table, k -> new ReentrantLock());
                lock.lock();
                held.add(lock);
            }
            for (Map.Entry<ByteBuffer, Deltas.Delta> e : deltas.byKey.entrySet()) {
                byte[] key = toBytes(e.getKey());
                Deltas.Delta d = e.getValue();
                Counter next = current(key, d).plus(d.change()[0], d.change()[1]);
                if (d.kind() == Kind.COLLECTION) {
                    if (d.change()[1] > 0 && next.bytes() > Long.getLong(LIMIT_PROPERTY, MAX_ITEM_COLLECTION_BYTES)) {
                        throw DynamoErrors.of("ItemCollectionSizeLimitExceededException", "Collection size exceeded.");
                    }
                    if (next.bytes() <= 0) {
                        batch.delete(stats, key);
                        continue;
                    }
                }
                batch.put(stats, key, encode(next));
            }
            commit.run();
        } finally {
            held.reversed().forEach(ReentrantLock::unlock);
        }
    }

    /** The table's count and size, or an index's ({@code index} non-null). */
    public Counter get(Table table, String index) {
        byte[] key = ItemKeys.statsKey(table, index);
        byte[] stored = stats.get(key);
        if (stored != null) {
            return decode(stored);
        }
        ReentrantLock lock = tableLock(table);
        lock.lock();
        try {
            Counter counted = current(key, new Deltas.Delta(table, index == null ? Kind.TABLE : Kind.INDEX, index,
                    null, null));
            stats.put(key, encode(counted));
            return counted;
        } finally {
            lock.unlock();
        }
    }

    /** The size in bytes of the item collection (same partition key) that {@code item} belongs to. */
    public long collectionBytes(Table table, ObjectNode item) {
        byte[] stored = stats.get(ItemKeys.collectionStatsKey(table, item));
        return stored == null ? 0 : decode(stored).bytes();
    }

    /** DynamoDB's SizeEstimateRangeGB: the 1 GB band the collection's size falls in. */
    public static double[] estimateRangeGb(long bytes) {
        long lower = bytes / GB;
        return new double[] {lower, lower + 1};
    }

    /** Forgets the counters of one index (it is being deleted). */
    void dropIndex(Table table, String index) {
        ReentrantLock lock = tableLock(table);
        lock.lock();
        try {
            stats.delete(ItemKeys.statsKey(table, index));
        } finally {
            lock.unlock();
        }
    }

    private ReentrantLock tableLock(Table table) {
        return tableLocks.computeIfAbsent(ByteBuffer.wrap(ItemKeys.tablePrefix(table)), k -> new ReentrantLock());
    }

    /** The keyspace, for dropping a table's records with its items. */
    Keyspace keyspace() {
        return stats;
    }

    private Counter current(byte[] key, Deltas.Delta d) {
        byte[] stored = stats.get(key);
        if (stored != null) {
            return decode(stored);
        }
        return switch (d.kind()) {
            case TABLE -> count(items, ItemKeys.tablePrefix(d.table()), item -> AttributeValues.itemSize(item));
            case INDEX -> count(indexes, ItemKeys.indexPrefix(d.table(), d.index()),
                    item -> AttributeValues.itemSize(item));
            case COLLECTION -> new Counter(0, countCollection(d.table(), d.item()));
        };
    }

    private long countCollection(Table table, ObjectNode item) {
        long bytes = 0;
        try (Cursor c = items.scanPrefix(ItemKeys.partitionPrefix(table, item))) {
            while (c.hasNext()) {
                bytes += collectionSize(table, ItemStore.decode(c.next()));
            }
        }
        return bytes;
    }

    private static Counter count(Keyspace keyspace, byte[] prefix, java.util.function.ToLongFunction<ObjectNode> size) {
        long count = 0;
        long bytes = 0;
        try (Cursor c = keyspace.scanPrefix(prefix)) {
            while (c.hasNext()) {
                count++;
                bytes += size.applyAsLong(ItemStore.decode(c.next()));
            }
        }
        return new Counter(count, bytes);
    }

    /** An item's share of its collection: its own size plus each local index entry (projection + overhead). */
    static long collectionSize(Table table, ObjectNode item) {
        if (item == null) {
            return 0;
        }
        long size = AttributeValues.itemSize(item);
        for (Table.Index index : table.indexes()) {
            if (!index.global() && ItemKeys.indexKey(table, index, item) != null) {
                size += projectedSize(table, index, item) + INDEX_ENTRY_OVERHEAD;
            }
        }
        return size;
    }

    private static long projectedSize(Table table, Table.Index index, ObjectNode item) {
        if (index.projectionType().equals("ALL")) {
            return AttributeValues.itemSize(item);
        }
        ObjectNode projected = ItemKeys.keyOf(table.keySchema(), item);
        projected.setAll(ItemKeys.keyOf(index.keys(), item));
        if (index.projectionType().equals("INCLUDE")) {
            for (String name : index.nonKeyAttributes()) {
                if (item.has(name)) {
                    projected.set(name, item.get(name));
                }
            }
        }
        return AttributeValues.itemSize(projected);
    }

    private static byte[] toBytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private static byte[] encode(Counter c) {
        return ByteBuffer.allocate(16).putLong(c.count()).putLong(c.bytes()).array();
    }

    private static Counter decode(byte[] b) {
        ByteBuffer buf = ByteBuffer.wrap(b);
        return new Counter(buf.getLong(), buf.getLong());
    }
}
