package dev.stratus.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.platform.testing.MutableClock;
import dev.stratus.storage.Storage;
import dev.stratus.storage.Storages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrphanSweeperTest {
    private static final byte[] LARGE = new byte[BlobStore.MAX_INLINE_BYTES + 1];
    private static final byte[] SMALL = "small".getBytes();

    @Test
    void bodiesOfAnEarlierRunThatNoRecordNamesGoAtTheFirstSweep(@TempDir Path dir) throws Exception {
        Storage storage = Storages.open(null, true, false);
        String keptFile;
        String keptInline;
        String orphanFile;
        String orphanInline;
        String partFile;
        String versionInline;
        try (BlobStore before = BlobStore.open(dir, false, false, storage.keyspace("s3.bodies"))) {
            keptFile = before.write(LARGE);
            keptInline = before.write(SMALL);
            orphanFile = before.write(LARGE);
            orphanInline = before.write(SMALL);
            partFile = before.write(LARGE);
            versionInline = before.write(SMALL);
        }
        // The earlier run wrote its files before this one started.
        for (String id : new String[] {keptFile, orphanFile, partFile}) {
            Files.setLastModifiedTime(file(dir, id), FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        }
        S3State state = new S3State(storage, BlobStore.open(dir, false, false, storage.keyspace("s3.bodies")),
                Clock.systemUTC());
        state.objects.put("b/file", object("file", keptFile));
        state.objects.put("b/inline", object("inline", keptInline));
        state.parts.put("u/00001", new PartRecord("u", 1, partFile, LARGE.length, "\"e\"", 0, Map.of()));
        state.versions.put("b/v\u00000001", object("v", versionInline));

        assertThat(new OrphanSweeper(state, Clock.systemUTC()).sweep()).isEqualTo(2);

        assertThat(state.blobs.read(orphanFile)).isNull();
        assertThat(state.blobs.read(orphanInline)).isNull();
        for (String id : new String[] {keptFile, keptInline, partFile, versionInline}) {
            assertThat(state.blobs.read(id)).as(id).isNotNull();
        }
    }

    @Test
    void aBodyOfThisRunGoesOnlyOnceUnreferencedForTheGracePeriod(@TempDir Path dir) {
        Storage storage = Storages.open(null, true, false);
        S3State state = new S3State(storage, BlobStore.open(dir, false, false, storage.keyspace("s3.bodies")),
                Clock.systemUTC());
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        OrphanSweeper sweeper = new OrphanSweeper(state, clock);
        // Stored but not committed yet: a PUT in progress.
        String pendingFile = state.blobs.write(LARGE);
        String pendingInline = state.blobs.write(SMALL);
        assertThat(sweeper.sweep()).isZero();

        clock.advance(OrphanSweeper.GRACE.minusSeconds(1));
        assertThat(sweeper.sweep()).isZero();
        // One of them commits; the other never will (its PUT failed or the server crashed... in this run).
        state.objects.put("b/committed", object("committed", pendingFile));
        clock.advance(Duration.ofSeconds(1));
        assertThat(sweeper.sweep()).isEqualTo(1);
        assertThat(state.blobs.read(pendingInline)).isNull();
        assertThat(state.blobs.read(pendingFile)).isNotNull();
    }

    private static Path file(Path dir, String id) {
        return dir.resolve("s3/objects").resolve(id.substring(0, 2)).resolve(id);
    }

    private static ObjectRecord object(String key, String blobId) {
        return new ObjectRecord("b", key, blobId, 1, "\"e\"", 0, null, null, Map.of(), Map.of(), Map.of(), null,
                null, null);
    }
}
