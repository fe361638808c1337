package dev.stratus.storage;

/** A consistent point-in-time view of a {@link Storage}. */
public interface Snapshot extends AutoCloseable {

    ReadView keyspace(String name);

    @Override
    void close();
}
