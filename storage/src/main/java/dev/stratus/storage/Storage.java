package dev.stratus.storage;

/**
 * The storage SPI: named, ordered key-value keyspaces with atomic multi-keyspace batches and range scans.
 *
 * <p>Keys are compared as unsigned bytes. A write that returned has been handed to the engine's log and survives
 * {@code kill -9} of the process (see docs/storage.md for the sync policy).
 */
public interface Storage extends AutoCloseable {

    /** The keyspace with this name, created on first use. */
    Keyspace keyspace(String name);

    /** A new atomic batch; nothing is visible until {@link Batch#commit()}. */
    Batch batch();

    /** A consistent read-only view of every keyspace as of now; close it when done. */
    Snapshot snapshot();

    /** "rocksdb" or "memory". */
    String engine();

    @Override
    void close();
}
