package dev.stratus.storage.rocksdb;

import dev.stratus.storage.Cursor;
import dev.stratus.storage.Keys;
import dev.stratus.storage.ReadView;
import java.util.Objects;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;

/** Reads one column family, live or through a snapshot. */
class RocksView implements ReadView {
    final RocksDbStorage storage;
    private final ColumnFamilyHandle handle;
    private final RocksSnapshot snapshot;

    /** {@code snapshot} is null for a live view. */
    RocksView(RocksDbStorage storage, ColumnFamilyHandle handle, RocksSnapshot snapshot) {
        this.storage = storage;
        this.handle = handle;
        this.snapshot = snapshot;
    }

    @Override
    public byte[] get(byte[] key) {
        Objects.requireNonNull(key, "key");
        ColumnFamilyHandle handle = handle();
        return handle == null ? null : guarded(() -> storage.db().get(handle, readOptions(), key));
    }

    /** One multiGet: RocksDB looks the keys up together (batched filter and block reads). */
    @Override
    public java.util.List<byte[]> getAll(java.util.List<byte[]> keys) {
        keys.forEach(k -> Objects.requireNonNull(k, "key"));
        ColumnFamilyHandle handle = handle();
        if (keys.isEmpty() || handle == null) {
            return new java.util.ArrayList<>(java.util.Collections.nCopies(keys.size(), (byte[]) null));
        }
        java.util.List<ColumnFamilyHandle> handles = java.util.Collections.nCopies(keys.size(), handle);
        return guarded(() -> new java.util.ArrayList<>(storage.db().multiGetAsList(readOptions(), handles, keys)));
    }

    @Override
    public Cursor scan(byte[] from, byte[] to, boolean reverse) {
        ColumnFamilyHandle handle = handle();
        if (handle == null || from != null && to != null && Keys.compare(from, to) >= 0) {
            return RocksCursor.EMPTY;
        }
        return guarded(() -> storage.track(new RocksCursor(storage, handle,
                snapshot == null ? null : snapshot.rocksSnapshot(), from, to, reverse)));
    }

    /** The column family, or null while it does not exist yet (a keyspace nothing was written to). */
    ColumnFamilyHandle handle() {
        return handle;
    }

    private ReadOptions readOptions() {
        return snapshot == null ? storage.readOptions() : snapshot.readOptions();
    }

    private <T> T guarded(NativeCall<T> call) {
        return snapshot == null
                ? storage.guard().call(call)
                : storage.guard().call(() -> snapshot.guard().call(call));
    }
}
