package dev.stratus.storage;

import dev.stratus.storage.rocksdb.RocksDbStorage;
import java.nio.file.Path;

/** Opens the configured storage engine. */
public final class Storages {
    private Storages() {
    }

    /**
     * Opens RocksDB under {@code dataDir}, or the in-memory engine when {@code inMemory}.
     *
     * @param syncWrites fsync the write-ahead log on every write
     * @throws IllegalStateException when another Stratus process has {@code dataDir} open
     */
    public static Storage open(Path dataDir, boolean inMemory, boolean syncWrites) {
        if (inMemory || dataDir == null) {
            return new MemoryStorage();
        }
        return RocksDbStorage.open(dataDir, syncWrites);
    }
}
