package dev.stratus.storage.rocksdb;

import dev.stratus.storage.Cursor;
import dev.stratus.storage.ReadView;
import dev.stratus.storage.Snapshot;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;

/**
 * A RocksDB snapshot: reads through it see the sequence number it was taken at, in every keyspace. A keyspace that
 * did not exist yet reads as empty. Cursors opened from it stay valid after it closes (they pin their own view).
 */
final class RocksSnapshot extends NativeResource implements Snapshot {
    private static final ReadView EMPTY = new ReadView() {
        @Override
        public byte[] get(byte[] key) {
            return null;
        }

        @Override
        public Cursor scan(byte[] from, byte[] to, boolean reverse) {
            return RocksCursor.EMPTY;
        }
    };

    private final org.rocksdb.Snapshot snapshot;
    private final ReadOptions readOptions;

    /** Called under the storage guard. */
    RocksSnapshot(RocksDbStorage storage, org.rocksdb.Snapshot snapshot) {
        super(storage, "snapshot");
        this.snapshot = snapshot;
        this.readOptions = new ReadOptions().setSnapshot(snapshot);
    }

    @Override
    public ReadView keyspace(String name) {
        ColumnFamilyHandle handle = storage.existingHandle(name);
        return handle == null ? EMPTY : new RocksView(storage, handle, this);
    }

    org.rocksdb.Snapshot rocksSnapshot() {
        return snapshot;
    }

    ReadOptions readOptions() {
        return readOptions;
    }

    Guard guard() {
        return guard;
    }

    @Override
    void freeNative() {
        storage.db().releaseSnapshot(snapshot);
        readOptions.close();
    }
}
