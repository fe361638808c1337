package dev.stratus.lambda.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** Unpacks the runtime bootstraps shipped inside Stratus into a directory mounted as {@code /var/runtime}. */
public final class RuntimeFiles {
    private static final List<String> FILES = List.of("python/bootstrap.py", "node/bootstrap.cjs", "java/bootstrap.sh");

    private RuntimeFiles() {
    }

    /** Writes the bootstraps under {@code dir} (replacing older copies) and returns it. */
    public static Path unpack(Path dir) {
        try {
            // Compiled bootstraps of older sources would run as they are (PythonBytecode makes new ones)
            Path python = dir.resolve("python");
            if (Files.isDirectory(python)) {
                try (var files = Files.list(python)) {
                    for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".pyc")).toList()) {
                        Files.deleteIfExists(f);
                    }
                }
            }
            for (String f : FILES) {
                Path target = dir.resolve(f);
                Files.createDirectories(target.getParent());
                try (InputStream in = RuntimeFiles.class.getResourceAsStream("/dev/stratus/lambda/runtimes/" + f)) {
                    if (in == null) {
                        throw new IllegalStateException("runtime resource missing: " + f);
                    }
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the Lambda runtimes into " + dir, e);
        }
    }
}
