package dev.stratus.storage.rocksdb;

import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.IndexType;
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
    /**
     * 4 shards of 16 MB. RocksDB's default for 64 MB is 64 shards of 1 MB, and a block bigger than its shard is never
     * kept: the index of one 23 MB table file of 1 KB items was 5 MB, so every get re-read and parsed it (~2 ms).
     */
    static final int BLOCK_CACHE_SHARD_BITS = 2;
    /** Partitions of the two-level index and filters: a get loads one small partition, never a whole index. */
    static final long METADATA_BLOCK_BYTES = 4L << 10;
    /** All memtables together, charged against the block cache so the total stays near 64 MB. */
    static final long MEMTABLE_BUDGET_BYTES = 32L << 20;
    /** Per column family; small because a keyspace per service and table means many of them. */
    static final long WRITE_BUFFER_BYTES = 8L << 20;
    /**
     * Memtables per column family: the one taking writes plus those waiting for or in a flush. With 2, a write burst
     * (BatchWriteItem of 1 KB items, ~12 MB/s) filled the second 8 MB memtable while the first was still flushing on a
     * busy 2-core machine, and RocksDB stopped every write ("Stopping writes because we have 2 immutable memtables"),
     * holding the writers' carrier threads in native code. The write buffer manager still bounds the total.
     */
    static final int MAX_WRITE_BUFFERS = 4;
    /** Bounds WAL on disk: past it, the column families holding the oldest log are flushed. */
    static final long MAX_TOTAL_WAL_BYTES = 64L << 20;
    static final int MAX_BACKGROUND_JOBS = 2;
    static final double BLOOM_BITS_PER_KEY = 10;
    /**
     * Memtable arena block. The write buffer manager is charged whole arena blocks, and RocksDB's default block (an
     * eighth of the write buffer, 1 MB) is taken as soon as a keyspace's memtable holds a few KB: with ~60 keyspaces
     * (one column family each) half of them holding data would fill the 32 MB budget, and the manager then flushes
     * on nearly every write. A memtable bloom filter did exactly that (it is allocated up front, 10% of the write
     * buffer, in every column family): thousands of tiny level-0 files, "Stalling writes", BatchWriteItem ~10 ms.
     */
    static final long ARENA_BLOCK_BYTES = 64L << 10;
    /** Keeps descriptors bounded; index and filter blocks live in the block cache, so reopening a file is cheap. */
    static final int MAX_OPEN_FILES = 512;
    static final long INFO_LOG_BYTES = 8L << 20;
    static final int INFO_LOG_FILES = 3;

    private final LRUCache cache = new LRUCache(BLOCK_CACHE_BYTES, BLOCK_CACHE_SHARD_BITS);
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
                .setCacheIndexAndFilterBlocksWithHighPriority(true)
                .setPinL0FilterAndIndexBlocksInCache(true)
                // Two-level index and partitioned filters, top level pinned: the index of a big file no longer has
                // to fit in the cache (and be read whole) for one get.
                .setIndexType(IndexType.kTwoLevelIndexSearch)
                .setPartitionFilters(true)
                .setMetadataBlockSize(METADATA_BLOCK_BYTES)
                .setPinTopLevelIndexAndFilter(true);
        columnFamilyOptions = new ColumnFamilyOptions()
                .setTableFormatConfig(table)
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setWriteBufferSize(WRITE_BUFFER_BYTES)
                .setMaxWriteBufferNumber(MAX_WRITE_BUFFERS)
                .setArenaBlockSize(ARENA_BLOCK_BYTES)
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

    /** Bytes held in the block cache, memtable charges of the write buffer manager included. */
    long cacheUsage() {
        return cache.getUsage();
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
