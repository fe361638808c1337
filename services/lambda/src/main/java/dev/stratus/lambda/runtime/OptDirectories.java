package dev.stratus.lambda.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * What a function sees at {@code /opt}: its layers unpacked in order, later layers overwriting files of earlier ones,
 * as Lambda extracts them. Each combination of layers is merged once into its own directory (hard links to the
 * unpacked layers where the file system allows, copies otherwise), kept read-only and shared by every environment
 * using that combination. Bubblewrap binds it read-only at {@code /opt}; the process driver cannot, so it points the
 * runtime's search paths ({@code PATH}, {@code LD_LIBRARY_PATH}, {@code PYTHONPATH}, {@code NODE_PATH}) at it.
 */
public final class OptDirectories {
    private final Path root;
    private final Map<List<Path>, Path> merged = new ConcurrentHashMap<>();

    public OptDirectories(Path root) {
        this.root = root;
    }

    /** The merged directory for these unpacked layers (in order), built on first use; null for no layers. */
    public Path merge(List<Path> layerDirs) {
        if (layerDirs.isEmpty()) {
            return null;
        }
        return merged.computeIfAbsent(List.copyOf(layerDirs), this::build);
    }

    private Path build(List<Path> layers) {
        Path dir = root.resolve(name(layers));
        if (Files.isDirectory(dir)) {
            return dir;
        }
        try {
            Files.createDirectories(root);
            Path staging = Files.createTempDirectory(root, "merge-");
            for (Path layer : layers) {
                overlay(layer, staging);
            }
            CodeCache.lockDownTree(staging);
            try {
                Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                if (!Files.isDirectory(dir)) {
                    throw raced;
                }
                CodeCache.deleteTree(staging);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot merge layers into an /opt directory", e);
        }
    }

    private static void overlay(Path layer, Path target) throws IOException {
        try (Stream<Path> s = Files.walk(layer)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path out = target.resolve(layer.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    if (Files.isRegularFile(out, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        Files.delete(out); // a later layer's directory replaces an earlier layer's file
                    }
                    Files.createDirectories(out);
                    continue;
                }
                if (Files.isDirectory(out)) {
                    CodeCache.deleteTree(out);
                }
                Files.deleteIfExists(out);
                try {
                    Files.createLink(out, p);
                } catch (IOException | UnsupportedOperationException e) {
                    Files.copy(p, out, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static String name(List<Path> layers) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (Path p : layers) {
                d.update(p.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                d.update((byte) 0);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
