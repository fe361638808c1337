package dev.stratus.storage.rocksdb;

import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteBufferManager;

/**
 * RocksDB options sized for a dev server on a small machine: bounded memory shared by every keyspace, two background
 * jobs, bloom filters for point lookups, LZ4. Owns the native option objects until {@link #close()}.
 */
final class RocksTuning implements AutoCloseable {
    /** One LRU block cache shared by every column family. */
    static final long BLOCK_CACHE_BYTES = 64L << 20;
    /** All memtables together, charged against the block cache so the total stays near 64 MB. */
    static final long MEMTABLE_BUDGET_BYTES = 32L << 20;
    /** Per column family; small because a keyspace per service and table means many of them. */
    static final long WRITE_BUFFER_BYTES = 8L << 20;
    /** Bounds WAL on disk: past it, the column families holding the oldest log are flushed. */
    static final long MAX_TOTAL_WAL_BYTES = 64L << 20;
    static final int MAX_BACKGROUND_JOBS = 2;
    static final double BLOOM_BITS_PER_KEY = 10;
    /**
     * Share of each memtable given to a whole-key bloom filter: a get for a key not in the memtable (every write of a
     * new item reads first) skips the memtable's skip list. The filter is allocated whole when a memtable is made and
     * counts against {@link #MEMTABLE_BUDGET_BYTES}, so the filters of every keyspace together must stay well below
     * it: at 0.1 (840 KB each) the ~60 keyspaces of a fresh server held 48 MB of empty memtables, and the write
     * buffer manager flushed a memtable on nearly every write (new SST and WAL files every few writes). 0.01 is 84 KB
     * each, still ~80 bits per key for 8 MB of 1 KB items.
     */
    static final double MEMTABLE_BLOOM_RATIO = 0.01;
    /**
     * Memtable arena blocks: a filter smaller than a quarter block is carved from a fresh block, so with RocksDB's
     * default (1 MB here) every keyspace's first write would hold a whole megabyte.
     */
    static final long ARENA_BLOCK_BYTES = 64L << 10;
    /** Keeps descriptors bounded; index and filter blocks live in the block cache, so reopening a file is cheap. */
    static final int MAX_OPEN_FILES = 512;
    static final long INFO_LOG_BYTES = 8L << 20;
    static final int INFO_LOG_FILES = 3;

    private final LRUCache cache = new LRUCache(BLOCK_CACHE_BYTES);
    private final WriteBufferManager writeBufferManager = new WriteBufferManager(MEMTABLE_BUDGET_BYTES, cache);
    private final BloomFilter bloomFilter = new BloomFilter(BLOOM_BITS_PER_KEY);
    final ColumnFamilyOptions columnFamilyOptions;
    final DBOptions dbOptions;

    RocksTuning() {
        BlockBasedTableConfig table = new BlockBasedTableConfig()
                .setBlockCache(cache)
                .setFilterPolicy(bloomFilter)
                .setWholeKeyFiltering(true)
                .setCacheIndexAndFilterBlocks(true)
                .setPinL0FilterAndIndexBlocksInCache(true);
        columnFamilyOptions = new ColumnFamilyOptions()
                .setTableFormatConfig(table)
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setWriteBufferSize(WRITE_BUFFER_BYTES)
                .setMaxWriteBufferNumber(2)
                .setArenaBlockSize(ARENA_BLOCK_BYTES)
                .setMemtablePrefixBloomSizeRatio(MEMTABLE_BLOOM_RATIO)
                .setMemtableWholeKeyFiltering(true)
                .setLevelCompactionDynamicLevelBytes(true);
        // The WAL and the info LOG stay in the data directory (RocksDB's default when no other dir is set).
        dbOptions = new DBOptions()
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                .setMaxBackgroundJobs(MAX_BACKGROUND_JOBS)
                .setWriteBufferManager(writeBufferManager)
                .setMaxTotalWalSize(MAX_TOTAL_WAL_BYTES)
                .setMaxOpenFiles(MAX_OPEN_FILES)
                .setWalRecoveryMode(WALRecoveryMode.PointInTimeRecovery)
                .setBytesPerSync(1L << 20)
                .setMaxLogFileSize(INFO_LOG_BYTES)
                .setKeepLogFileNum(INFO_LOG_FILES);
    }

    @Override
    public void close() {
        dbOptions.close();
        columnFamilyOptions.close();
        bloomFilter.close();
        writeBufferManager.close();
        cache.close();
    }
}
