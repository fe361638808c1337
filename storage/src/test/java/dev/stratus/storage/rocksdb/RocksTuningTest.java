package dev.stratus.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The memory budget holds with many keyspaces, so writes do not trigger a flush each. */
class RocksTuningTest {
    @TempDir
    Path dir;

    @Test
    void emptyMemtablesOfManyKeyspacesStayFarBelowTheBudget() throws Exception {
        try (RocksDbStorage storage = RocksDbStorage.open(dir.resolve("db"), false)) {
            for (int i = 0; i < 100; i++) {
                storage.keyspace("ks-" + i).put(new byte[] {1}, new byte[] {2});
            }
            long memtables = storage.db().getAggregatedLongProperty("rocksdb.cur-size-all-mem-tables");
            // Past 7/8 of the budget the write buffer manager flushes a memtable on every write.
            assertThat(memtables).isLessThan(RocksTuning.MEMTABLE_BUDGET_BYTES / 2);
        }
    }
}
