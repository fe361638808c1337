package dev.stratus.storage;

/** Writes applied atomically across keyspaces on {@link #commit()}. */
public interface Batch {

    Batch put(Keyspace keyspace, byte[] key, byte[] value);

    Batch delete(Keyspace keyspace, byte[] key);

    /** Applies every write, or none. */
    void commit();
}
