package dev.stratus.lambda.runtime;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Rebuilds a zip from an unpacked package, for packages whose upload was not kept (unpacked by a Stratus from before
 * archives were kept). Entries are sorted, dated 1980-01-01 and keep their Unix modes, so the same tree always gives
 * the same bytes; they are not the uploaded bytes, so the SHA-256 differs from {@code CodeSha256}.
 */
final class PackageArchives {
    private static final FileTime EPOCH = FileTime.fromMillis(315_532_800_000L); // 1980-01-01, zip's earliest date

    private PackageArchives() {
    }

    static void rebuild(Path unpacked, Path target) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), "rebuild-", ".zip");
        Files.delete(tmp);
        List<Path> entries;
        try (Stream<Path> s = Files.walk(unpacked)) {
            entries = s.filter(p -> !p.equals(unpacked)).sorted().toList();
        }
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + tmp.toUri()),
                Map.of("create", "true", "enablePosixFileAttributes", "true"))) {
            for (Path p : entries) {
                Path out = zip.getPath("/" + unpacked.relativize(p));
                if (Files.isDirectory(p)) {
                    Files.createDirectories(out);
                } else {
                    Files.copy(p, out);
                    Files.setPosixFilePermissions(out, Files.getPosixFilePermissions(p));
                }
                // All three times: zipfs records access and creation times too, which would differ per rebuild.
                Files.getFileAttributeView(out, java.nio.file.attribute.BasicFileAttributeView.class)
                        .setTimes(EPOCH, EPOCH, EPOCH);
            }
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
