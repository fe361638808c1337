package dev.stratus.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.storage.rocksdb.RocksDbStorage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Kills a real writer process with SIGKILL and checks what the data directory kept. */
class RocksDbCrashTest {
    /** Enough commits that the kill lands while the child is busy writing, yet quick on a small machine. */
    private static final int ACKS_BEFORE_KILL = 3000;

    @TempDir
    Path tmp;
    private Process child;

    @AfterEach
    void killChild() throws InterruptedException {
        if (child != null && child.isAlive()) {
            child.destroyForcibly().waitFor();
        }
    }

    @Test
    @Timeout(120)
    void everyAcknowledgedWriteSurvivesKillDashNine() throws Exception {
        Path db = tmp.resolve("db");
        child = startChild("write", db);
        List<Long> acked = new ArrayList<>();
        try (BufferedReader out = stdout(child)) {
            String line;
            while (acked.size() < ACKS_BEFORE_KILL && (line = out.readLine()) != null) {
                acked.add(parseAck(line));
            }
            assertThat(acked).as("acks before the child stopped; its stderr: %s", childErrors()).hasSize(
                    ACKS_BEFORE_KILL);
            // SIGKILL through the handle: Process.destroyForcibly() would also close our end of the pipe.
            child.toHandle().destroyForcibly();
            assertThat(child.waitFor()).as("exit status of a SIGKILLed JVM").isEqualTo(128 + 9);
            // Lines already in the pipe were printed after their commit returned: acknowledged too.
            while ((line = out.readLine()) != null) {
                if (line.endsWith(".")) {
                    acked.add(parseAck(line));
                }
            }
        }

        try (Storage storage = RocksDbStorage.open(db, false)) {
            Keyspace items = storage.keyspace("items");
            Keyspace index = storage.keyspace("items-index");
            for (long n : acked) {
                byte[] key = new KeyEncoder().int64(n).toBytes();
                assertThat(items.get(key)).as("acknowledged item %d", n).isEqualTo(("item " + n).getBytes());
                assertThat(index.get(key)).as("acknowledged index entry %d", n).isNotNull();
            }
            // A batch in flight at the kill is all there or all gone: both keyspaces hold the same keys.
            List<byte[]> itemKeys = keys(items);
            assertThat(keys(index)).containsExactlyElementsOf(itemKeys);
            assertThat(itemKeys.size()).isBetween(acked.size(), acked.size() + 1);
        }
    }

    @Test
    @Timeout(120)
    void aDataDirHeldByAnotherProcessIsRefusedUntilThatProcessDies() throws Exception {
        Path db = tmp.resolve("db");
        child = startChild("hold", db);
        try (BufferedReader out = stdout(child)) {
            assertThat(out.readLine()).as("child stderr: %s", childErrors()).isEqualTo("open.");
            assertThatThrownBy(() -> Storages.open(db, false, false))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("data dir " + db.toAbsolutePath() + " is in use by another Stratus process");
            child.destroyForcibly().waitFor();
        }
        try (Storage storage = Storages.open(db, false, false)) {
            storage.keyspace("after").put(new byte[] {1}, new byte[] {2});
            assertThat(storage.keyspace("after").get(new byte[] {1})).containsExactly(2);
        }
    }

    private Process startChild(String mode, Path db) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // The child's temp dir is ours, so the RocksDB native library it unpacks is cleaned up despite SIGKILL.
        return new ProcessBuilder(java.toString(), "-Djava.io.tmpdir=" + tmp, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(), mode, db.toString())
                .redirectError(tmp.resolve("child.err").toFile())
                .start();
    }

    private static BufferedReader stdout(Process process) {
        return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    private String childErrors() throws IOException {
        Path errors = tmp.resolve("child.err");
        return Files.exists(errors) ? Files.readString(errors) : "";
    }

    private static long parseAck(String line) {
        assertThat(line).matches("ack \\d+\\.");
        return Long.parseLong(line.substring(4, line.length() - 1));
    }

    private static List<byte[]> keys(Keyspace keyspace) {
        List<byte[]> keys = new ArrayList<>();
        try (Cursor cursor = keyspace.scan(null, null, false)) {
            cursor.forEachRemaining(e -> keys.add(e.key()));
        }
        return keys;
    }
}
