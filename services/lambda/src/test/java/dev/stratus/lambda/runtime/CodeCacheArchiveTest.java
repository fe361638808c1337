package dev.stratus.lambda.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archives kept for download, and rebuilt deterministically for packages whose upload was not kept. */
class CodeCacheArchiveTest {
    @TempDir
    Path scratch;

    @Test
    void keepsTheUploadAndRebuildsAMissingOneDeterministically() throws Exception {
        CodeCache cache = new CodeCache(scratch.resolve("code"));
        byte[] zip = TestFunctions.zip(scratch, Map.of("a.txt", "A", "bin/run!", "#!/bin/sh\n", "b/c.txt", "C"));
        CodeCache.Code code = cache.unpack(zip);
        assertThat(Files.readAllBytes(cache.archiveFor(code.sha256()))).isEqualTo(zip);

        Files.delete(cache.archiveFor(code.sha256())); // as for a package unpacked before archives were kept
        byte[] first = Files.readAllBytes(cache.archiveFor(code.sha256()));
        Files.delete(cache.archiveFor(code.sha256()));
        byte[] second = Files.readAllBytes(cache.archiveFor(code.sha256()));
        assertThat(first).isEqualTo(second);

        CodeCache other = new CodeCache(scratch.resolve("other"));
        CodeCache.Code again = other.unpack(first);
        assertThat(Files.readString(again.dir().resolve("b/c.txt"))).isEqualTo("C");
        assertThat(Files.isExecutable(again.dir().resolve("bin/run"))).isTrue();
        assertThat(Files.isExecutable(again.dir().resolve("a.txt"))).isFalse();
        assertThat(cache.archiveFor(CodeCache.sha256(new byte[] {1}))).isNull();
    }
}
