package dev.stratus.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.storage.Keyspace;
import dev.stratus.storage.MemoryStorage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobStoreTest {

    @Test
    void writesReadsConcatenatesAndDeletes(@TempDir Path dir) {
        try (BlobStore blobs = BlobStore.open(dir, false)) {
            String a = blobs.write("hello ".getBytes(StandardCharsets.UTF_8));
            String b = blobs.write("world".getBytes(StandardCharsets.UTF_8));
            String both = blobs.concat(List.of(a, b));
            assertThat(new String(blobs.read(both), StandardCharsets.UTF_8)).isEqualTo("hello world");
            assertThat(new String(blobs.read(both, 6, 10), StandardCharsets.UTF_8)).isEqualTo("world");
            blobs.delete(a);
            assertThat(blobs.read(a)).isNull();
            assertThat(dir.resolve("s3/objects").resolve(both.substring(0, 2)).resolve(both)).exists();
        }
    }

    @Test
    void smallBodiesLiveInTheKeyspaceAndLargeOnesInFiles(@TempDir Path dir) throws Exception {
        Keyspace bodies = new MemoryStorage().keyspace("s3.bodies");
        try (BlobStore blobs = BlobStore.open(dir, false, false, bodies)) {
            byte[] large = new byte[BlobStore.MAX_INLINE_BYTES + 1];
            large[large.length - 1] = 7;
            String small = blobs.write("hello ".getBytes(StandardCharsets.UTF_8));
            String big = blobs.write(large);
            assertThat(bodies.get(small.getBytes(StandardCharsets.US_ASCII))).asString().isEqualTo("hello ");
            assertThat(dir.resolve("s3/objects").resolve(big.substring(0, 2)).resolve(big)).hasSize(large.length);
            try (var stream = Files.list(dir.resolve("s3/objects"))) {
                assertThat(stream.filter(p -> !p.endsWith("tmp")).count()).isEqualTo(1);
            }

            String both = blobs.concat(List.of(small, big));
            assertThat(blobs.read(both)).hasSize(large.length + 6).startsWith("hello ".getBytes(StandardCharsets.UTF_8))
                    .endsWith(7);
            assertThat(new String(blobs.read(small, 1, 3), StandardCharsets.UTF_8)).isEqualTo("ell");
            try (InputStream in = blobs.open(small, 2, 3)) {
                assertThat(in.readAllBytes()).asString().isEqualTo("llo");
            }
            String empty = blobs.write(new byte[0]);
            assertThat(blobs.read(empty)).isEmpty();

            blobs.delete(small);
            assertThat(blobs.read(small)).isNull();
            assertThat(blobs.open(small, 0, 6)).isNull();
        }
    }

    @Test
    void aBodyCheckThatFailsLeavesNothingInlineOrOnDisk(@TempDir Path dir) throws Exception {
        Keyspace bodies = new MemoryStorage().keyspace("s3.bodies");
        try (BlobStore blobs = BlobStore.open(dir, false, false, bodies)) {
            for (int size : new int[] {10, BlobStore.MAX_INLINE_BYTES * 2}) {
                BodyDigests digests = new BodyDigests(List.of());
                int[] reread = new int[1];
                assertThatThrownBy(() -> blobs.writeFrom(new ByteArrayInputStream(new byte[size]), Long.MAX_VALUE,
                        digests, pending -> {
                            try (InputStream in = pending.reread()) {
                                reread[0] = in.readAllBytes().length;
                            } catch (java.io.IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                            throw new IllegalStateException("refused");
                        })).hasMessage("refused");
                assertThat(reread[0]).isEqualTo(size);
            }
            try (var cursor = bodies.scan(null, null, false); var temps = Files.list(dir.resolve("s3/objects/tmp"))) {
                assertThat(cursor.hasNext()).isFalse();
                assertThat(temps).isEmpty();
            }
        }
    }

    @Test
    void leftoverTempFilesAreRemovedOnOpen(@TempDir Path dir) throws Exception {
        Path tmp = dir.resolve("s3/objects/tmp");
        Files.createDirectories(tmp);
        Files.writeString(tmp.resolve("half-written"), "partial");
        try (BlobStore ignored = BlobStore.open(dir, false)) {
            assertThat(tmp.resolve("half-written")).doesNotExist();
        }
    }

    @Test
    void inMemoryModeUsesATempDirectoryRemovedOnClose() {
        Path root;
        try (BlobStore blobs = BlobStore.open(null, true)) {
            String id = blobs.write(new byte[] {1, 2, 3});
            assertThat(blobs.read(id)).containsExactly(1, 2, 3);
            root = blobs.root();
            assertThat(root).exists();
        }
        assertThat(root).doesNotExist();
    }
}
