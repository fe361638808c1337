package dev.stratus.storage.rocksdb;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.rocksdb.RocksDB;
import org.rocksdb.util.Environment;

/**
 * Loads RocksDB's JNI library from a stable cache directory instead of a fresh temp copy per start: RocksDB's own
 * loader unpacks ~15 MB into /tmp on every start and leaves it behind after {@code kill -9}.
 */
final class NativeLibrary {
    private static volatile boolean loaded;

    private NativeLibrary() {
    }

    static synchronized void load() {
        if (loaded) {
            return;
        }
        try {
            Path dir = unpack();
            if (dir != null) {
                RocksDB.loadLibrary(List.of(dir.toString()));
                loaded = true;
                return;
            }
        } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
            // fall back to RocksDB's own loader below
        }
        RocksDB.loadLibrary();
        loaded = true;
    }

    /** Unpacks the platform's library once into the cache dir; returns the dir, or null when not in the jar. */
    private static Path unpack() throws IOException {
        String file = Environment.getJniLibraryFileName("rocksdb");
        URL url = RocksDB.class.getClassLoader().getResource(file);
        if (url == null) {
            return null;
        }
        URLConnection conn = url.openConnection();
        long size = conn.getContentLengthLong();
        String base = System.getenv("STRATUS_NATIVE_DIR");
        Path root = base != null ? Path.of(base)
                : Path.of(System.getProperty("user.home"), ".cache", "stratus", "native");
        Path dir = root.resolve("rocksdb-" + size + "-" + conn.getLastModified());
        Path target = dir.resolve(file);
        if (Files.isRegularFile(target) && Files.size(target) == size) {
            return dir;
        }
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file, ".part");
        try (InputStream in = conn.getInputStream()) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return dir;
    }
}
