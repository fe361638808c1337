package dev.stratus.storage.rocksdb;

import dev.stratus.storage.Batch;
import dev.stratus.storage.Keyspace;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.rocksdb.WriteBatch;

/**
 * Collects writes in Java and builds the native WriteBatch only inside {@link #commit()}, so an abandoned batch
 * holds no native memory. One WriteBatch across column families is applied atomically, through one WAL record.
 */
final class RocksBatch implements Batch {
    private record Write(RocksKeyspace keyspace, byte[] key, byte[] value) {
    }

    private final RocksDbStorage storage;
    private final List<Write> writes = new ArrayList<>();

    RocksBatch(RocksDbStorage storage) {
        this.storage = storage;
    }

    @Override
    public Batch put(Keyspace keyspace, byte[] key, byte[] value) {
        writes.add(new Write(own(keyspace), key.clone(), Objects.requireNonNull(value, "value").clone()));
        return this;
    }

    @Override
    public Batch delete(Keyspace keyspace, byte[] key) {
        writes.add(new Write(own(keyspace), key.clone(), null));
        return this;
    }

    @Override
    public void commit() {
        if (writes.isEmpty()) {
            return;
        }
        // Column families of first writes are created before the batch, outside its guard call.
        writes.forEach(w -> w.keyspace().writableHandle());
        storage.guard().call(() -> {
            try (WriteBatch batch = new WriteBatch()) {
                for (Write write : writes) {
                    if (write.value() == null) {
                        batch.delete(write.keyspace().writableHandle(), write.key());
                    } else {
                        batch.put(write.keyspace().writableHandle(), write.key(), write.value());
                    }
                }
                storage.write(() -> {
                    storage.db().write(storage.writeOptions(), batch);
                    return null;
                });
            }
            return null;
        });
    }

    private RocksKeyspace own(Keyspace keyspace) {
        if (keyspace instanceof RocksKeyspace rocks && rocks.storage == storage) {
            return rocks;
        }
        throw new IllegalArgumentException(keyspace + " does not belong to this storage");
    }
}
