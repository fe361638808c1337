package dev.stratus.s3;

import static org.assertj.core.api.Assertions.assertThat;

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
