package dev.stratus.storage.rocksdb;

import dev.stratus.storage.Keyspace;
import java.util.Objects;
import org.rocksdb.ColumnFamilyHandle;

/**
 * A keyspace backed by one column family, created on the first write: creating one syncs the MANIFEST and rewrites
 * the OPTIONS file, ~60 of them made a first start take seconds, and most services' keyspaces stay empty.
 */
final class RocksKeyspace extends RocksView implements Keyspace {
    private final String name;
    private volatile ColumnFamilyHandle handle;

    /** {@code handle} is null for a keyspace whose column family is created by its first write. */
    RocksKeyspace(RocksDbStorage storage, String name, ColumnFamilyHandle handle) {
        super(storage, null, null);
        this.name = name;
        this.handle = handle;
    }

    @Override
    ColumnFamilyHandle handle() {
        return handle;
    }

    /** The column family, created now if this is the keyspace's first write. */
    ColumnFamilyHandle writableHandle() {
        ColumnFamilyHandle existing = handle;
        if (existing != null) {
            return existing;
        }
        return storage.createColumnFamily(this);
    }

    /** Called by the storage, under its creation lock, once the column family exists. */
    void created(ColumnFamilyHandle created) {
        handle = created;
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
        ColumnFamilyHandle cf = writableHandle();
        storage.guard().call(() -> {
            storage.write(() -> {
                storage.db().put(cf, storage.writeOptions(), key, value);
                return null;
            });
            return null;
        });
    }

    @Override
    public void delete(byte[] key) {
        Objects.requireNonNull(key, "key");
        ColumnFamilyHandle cf = handle;
        if (cf == null) {
            return; // nothing was ever written here
        }
        storage.guard().call(() -> {
            storage.write(() -> {
                storage.db().delete(cf, storage.writeOptions(), key);
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
