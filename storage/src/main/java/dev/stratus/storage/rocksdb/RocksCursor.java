package dev.stratus.storage.rocksdb;

import dev.stratus.storage.Cursor;
import dev.stratus.storage.Entry;
import java.util.NoSuchElementException;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Snapshot;

/**
 * A RocksIterator bounded by {@code iterate_lower_bound}/{@code iterate_upper_bound}, so RocksDB itself stops at the
 * range ends (and skips tombstones beyond them) in both directions.
 */
final class RocksCursor extends NativeResource implements Cursor {
    /** The cursor for an empty range: nothing native behind it. */
    static final Cursor EMPTY = new Cursor() {
        @Override
        public boolean hasNext() {
            return false;
        }

        @Override
        public Entry next() {
            throw new NoSuchElementException();
        }

        @Override
        public void close() {
            // nothing held
        }
    };

    private final boolean reverse;
    private final ReadOptions readOptions = new ReadOptions();
    private final Slice lower;
    private final Slice upper;
    private final RocksIterator iterator;

    /** Called under the storage guard. {@code snapshot} may be null for a live view. */
    RocksCursor(RocksDbStorage storage, ColumnFamilyHandle handle, Snapshot snapshot, byte[] from, byte[] to,
            boolean reverse) {
        super(storage, "cursor");
        this.reverse = reverse;
        if (snapshot != null) {
            readOptions.setSnapshot(snapshot);
        }
        lower = from == null ? null : new Slice(from);
        upper = to == null ? null : new Slice(to);
        if (lower != null) {
            readOptions.setIterateLowerBound(lower);
        }
        if (upper != null) {
            readOptions.setIterateUpperBound(upper);
        }
        iterator = storage.db().newIterator(handle, readOptions);
        // With bounds set, SeekToFirst starts at the lower bound and SeekToLast just below the upper one.
        if (reverse) {
            iterator.seekToLast();
        } else {
            iterator.seekToFirst();
        }
    }

    @Override
    public boolean hasNext() {
        return guarded(() -> {
            if (iterator.isValid()) {
                return true;
            }
            iterator.status(); // an I/O error or corruption ends the scan as an exception, not as "no more"
            return false;
        });
    }

    @Override
    public Entry next() {
        return guarded(() -> {
            if (!iterator.isValid()) {
                iterator.status();
                throw new NoSuchElementException();
            }
            Entry entry = new Entry(iterator.key(), iterator.value());
            if (reverse) {
                iterator.prev();
            } else {
                iterator.next();
            }
            return entry;
        });
    }

    @Override
    void freeNative() {
        iterator.close();
        readOptions.close();
        if (lower != null) {
            lower.close();
        }
        if (upper != null) {
            upper.close();
        }
    }

    private <T> T guarded(NativeCall<T> call) {
        return storage.guard().call(() -> guard.call(call));
    }
}
