package dev.stratus.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.storage.Keyspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Memory the tuning charges per keyspace: many small keyspaces must leave the memtable budget to the busy ones. */
class RocksTuningTest {
    /** About as many keyspaces as the services open today (one column family each). */
    static final int KEYSPACES = 64;

    @TempDir
    Path dir;

    @Test
    void smallKeyspacesChargeLittleOfTheMemtableBudget() {
        try (RocksDbStorage storage = RocksDbStorage.open(dir, false)) {
            for (int k = 0; k < KEYSPACES; k++) {
                Keyspace keyspace = storage.keyspace("ks-" + k);
                // Past the memtable's small inline block, so each memtable takes an arena block of its own.
                for (int i = 0; i < 50; i++) {
                    keyspace.put(("key-" + i).getBytes(StandardCharsets.UTF_8), new byte[100]);
                }
            }
            // Once the charges pass the budget, the write buffer manager flushes on nearly every write.
            assertThat(storage.blockCacheUsage()).isLessThan(RocksTuning.MEMTABLE_BUDGET_BYTES / 4);
        }
    }
}
