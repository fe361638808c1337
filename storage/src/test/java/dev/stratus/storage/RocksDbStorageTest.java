package dev.stratus.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.storage.rocksdb.RocksDbStorage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract against RocksDB, plus what only a durable engine does: reopen, locking, release at close. */
class RocksDbStorageTest extends StorageContractTest {
    @TempDir
    Path dir;

    @Override
    protected Storage newStorage() {
        return RocksDbStorage.open(dir.resolve("db"), false);
    }

    @Test
    void reopeningKeepsDataAndKeyspaces() {
        storage.keyspace("alpha").put(b("a"), b("1"));
        storage.batch().put(storage.keyspace("beta"), b("b"), b("2")).put(storage.keyspace("default"), b("d"), b("3"))
                .commit();
        storage.keyspace("gamma").put(b("g"), b("3"));
        storage.keyspace("gamma").delete(b("g"));
        storage.close();

        storage = RocksDbStorage.open(dir.resolve("db"), false);
        try (Snapshot snapshot = storage.snapshot()) {
            // Before anyone asks for it by name: the keyspace was re-opened from disk, not created on demand.
            assertThat(snapshot.keyspace("beta").get(b("b"))).isEqualTo(b("2"));
        }
        assertThat(storage.keyspace("alpha").get(b("a"))).isEqualTo(b("1"));
        assertThat(storage.keyspace("beta").get(b("b"))).isEqualTo(b("2"));
        assertThat(storage.keyspace("default").get(b("d"))).isEqualTo(b("3"));
        assertThat(storage.keyspace("gamma").get(b("g"))).isNull();
        assertThat(storage.keyspace("alpha").get(b("b"))).isNull();
    }

    @Test
    void aKeyspaceNothingWasWrittenToReadsEmptyAndIsCreatedByItsFirstWrite() throws Exception {
        var untouched = storage.keyspace("untouched");
        assertThat(untouched.get(b("k"))).isNull();
        assertThat(untouched.getAll(java.util.List.of(b("k"), b("l")))).containsExactly(null, null);
        try (var cursor = untouched.scan(null, null, false)) {
            assertThat(cursor.hasNext()).isFalse();
        }
        untouched.delete(b("k"));
        try (Snapshot before = storage.snapshot()) {
            storage.batch().put(storage.keyspace("untouched"), b("k"), b("v")).commit();
            assertThat(before.keyspace("untouched").get(b("k"))).isNull();
        }
        assertThat(untouched.get(b("k"))).isEqualTo(b("v"));
        // Concurrent first writes create the column family once.
        var threads = new java.util.ArrayList<Thread>();
        for (int i = 0; i < 8; i++) {
            byte[] key = b("c" + i);
            threads.add(Thread.ofVirtual().start(() -> storage.keyspace("raced").put(key, key)));
        }
        for (Thread t : threads) {
            t.join();
        }
        storage.close();

        storage = RocksDbStorage.open(dir.resolve("db"), false);
        assertThat(storage.keyspace("untouched").get(b("k"))).isEqualTo(b("v"));
        for (int i = 0; i < 8; i++) {
            assertThat(storage.keyspace("raced").get(b("c" + i))).isEqualTo(b("c" + i));
        }
    }

    @Test
    void aSecondOpenOfTheSameDirectoryFailsClearly() {
        assertThatThrownBy(() -> RocksDbStorage.open(dir.resolve("db"), false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("data dir " + dir.resolve("db") + " is in use by another Stratus process");
    }

    @Test
    void leakedCursorsAndSnapshotsAreReleasedAtClose() {
        Keyspace ks = storage.keyspace("ks");
        ks.put(b("a"), b("1"));
        ks.put(b("b"), b("2"));
        Cursor leakedCursor = ks.scan(null, null, false);
        leakedCursor.next();
        Snapshot leakedSnapshot = storage.snapshot();
        Cursor snapshotCursor = leakedSnapshot.keyspace("ks").scan(b("a"), b("z"), true);
        storage.close();

        assertThatThrownBy(leakedCursor::hasNext).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is closed");
        assertThatThrownBy(() -> leakedSnapshot.keyspace("ks").get(b("a"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(snapshotCursor::next).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ks.put(b("c"), b("3"))).isInstanceOf(IllegalStateException.class);
        assertThatCode(() -> {
            leakedCursor.close();
            snapshotCursor.close();
            leakedSnapshot.close();
            storage.close();
        }).doesNotThrowAnyException();
    }

    @Test
    void closedCursorsAndSnapshotsFailInJavaNotInNativeCode() {
        Keyspace ks = storage.keyspace("ks");
        ks.put(b("a"), b("1"));
        Cursor cursor = ks.scan(null, null, false);
        cursor.close();
        cursor.close();
        assertThatThrownBy(cursor::hasNext).isInstanceOf(IllegalStateException.class);
        Snapshot snapshot = storage.snapshot();
        Cursor fromSnapshot = snapshot.keyspace("ks").scan(null, null, false);
        snapshot.close();
        assertThatThrownBy(() -> snapshot.keyspace("ks").get(b("a"))).isInstanceOf(IllegalStateException.class);
        // A cursor pins its own view of the data, so it outlives the snapshot it came from.
        assertThat(rawKeys(fromSnapshot)).hasSize(1);
    }

    @Test
    void nullsAndForeignKeyspacesAreRejectedBeforeReachingNativeCode() {
        Keyspace ks = storage.keyspace("ks");
        assertThatThrownBy(() -> ks.put(null, b("v"))).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> ks.put(b("k"), null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> ks.get(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> storage.keyspace("")).isInstanceOf(IllegalArgumentException.class);
        try (MemoryStorage other = new MemoryStorage()) {
            assertThatThrownBy(() -> storage.batch().put(other.keyspace("ks"), b("k"), b("v")))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void syncedWritesWorkFromVirtualThreads() throws Exception {
        storage.close();
        storage = RocksDbStorage.open(dir.resolve("db"), true);
        Keyspace ks = storage.keyspace("synced");
        Thread writer = Thread.ofVirtual().start(() -> {
            ks.put(b("a"), b("1"));
            storage.batch().put(ks, b("b"), b("2")).commit();
            ks.delete(b("a"));
        });
        writer.join();
        assertThat(keys(ks.scan(null, null, false))).isEqualTo(List.of("b"));
    }

    @Test
    void storagesOpensTheConfiguredEngine() {
        storage.close();
        storage = Storages.open(dir.resolve("db"), false, false);
        assertThat(storage.engine()).isEqualTo("rocksdb");
        try (Storage memory = Storages.open(dir.resolve("db"), true, false)) {
            assertThat(memory.engine()).isEqualTo("memory");
        }
    }
}
