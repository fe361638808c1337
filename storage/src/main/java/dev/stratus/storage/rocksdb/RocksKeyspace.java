package dev.stratus.storage.rocksdb;

import dev.stratus.storage.Keyspace;
import java.util.Objects;
import org.rocksdb.ColumnFamilyHandle;

/** A keyspace backed by one column family. */
final class RocksKeyspace extends RocksView implements Keyspace {
    private final String name;

    RocksKeyspace(RocksDbStorage storage, String name, ColumnFamilyHandle handle) {
        super(storage, handle, null);
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void put(byte[] key, byte[] value) {
        // A null array reaching JNI would crash the JVM instead of throwing.
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        storage.guard().call(() -> {
            storage.write(() -> {
                storage.db().put(handle(), storage.writeOptions(), key, value);
                return null;
            });
            return null;
        });
    }

    @Override
    public void delete(byte[] key) {
        Objects.requireNonNull(key, "key");
        storage.guard().call(() -> {
            storage.write(() -> {
                storage.db().delete(handle(), storage.writeOptions(), key);
                return null;
            });
            return null;
        });
    }

    @Override
    public String toString() {
        return "Keyspace[" + name + "]";
    }
}
