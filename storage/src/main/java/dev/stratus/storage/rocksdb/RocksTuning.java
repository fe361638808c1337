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
     * new item reads first) skips the memtable's skip list.
     */
    static final double MEMTABLE_BLOOM_RATIO = 0.1;
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
