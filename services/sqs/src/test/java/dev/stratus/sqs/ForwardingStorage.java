package dev.stratus.sqs;

import dev.stratus.storage.Batch;
import dev.stratus.storage.Keyspace;
import dev.stratus.storage.Snapshot;
import dev.stratus.storage.Storage;

/** A storage that hands every call to another; tests override what they watch or break. */
class ForwardingStorage implements Storage {
    final Storage inner;

    ForwardingStorage(Storage inner) {
        this.inner = inner;
    }

    @Override
    public Keyspace keyspace(String name) {
        return inner.keyspace(name);
    }

    @Override
    public Batch batch() {
        return inner.batch();
    }

    @Override
    public Snapshot snapshot() {
        return inner.snapshot();
    }

    @Override
    public String engine() {
        return inner.engine();
    }

    @Override
    public void close() {
        inner.close();
    }
}
