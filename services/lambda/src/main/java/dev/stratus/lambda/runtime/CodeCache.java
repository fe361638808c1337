package dev.stratus.lambda.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Deployment packages unpacked once per content hash, kept read-only and shared by every environment running that
 * code. File modes recorded in the zip are kept, so a custom runtime's {@code bootstrap} stays executable.
 */
public final class CodeCache {
    /** AWS's limit on a function's unzipped deployment package. */
    public static final long MAX_UNZIPPED_BYTES = 262_144_000L;

    /** An unpacked package: where it is, its SHA-256 (base64, as CodeSha256) and its zipped size. */
    public record Code(Path dir, String sha256, long size) {
    }

    /** A zip that cannot be used as a deployment package; the message is AWS's. */
    public static final class InvalidPackageException extends RuntimeException {
        public InvalidPackageException(String message) {
            super(message);
        }
    }

    private final Path root;
    private final Map<String, Long> unpackedSizes = new java.util.concurrent.ConcurrentHashMap<>();

    public CodeCache(Path root) {
        this.root = root;
    }

    public static String sha256(byte[] data) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where the package with this SHA-256 (base64) is unpacked. */
    public Path dirFor(String sha256) {
        return root.resolve(HexFormat.of().formatHex(Base64.getDecoder().decode(sha256)));
    }

    /** The unpacked directory for {@code zip}, unpacking it on first sight. */
    public Code unpack(byte[] zip) {
        String sha = sha256(zip);
        String hex = HexFormat.of().formatHex(Base64.getDecoder().decode(sha));
        Path dir = root.resolve(hex);
        if (Files.isDirectory(dir)) {
            keepArchive(hex, zip);
            return new Code(dir, sha, zip.length);
        }
        try {
            Files.createDirectories(root);
            Path tmpZip = Files.createTempFile(root, "upload-", ".zip");
            Path staging = Files.createTempDirectory(root, "unpack-");
            try {
                Files.write(tmpZip, zip);
                extract(tmpZip, staging);
                lockDown(staging);
                try {
                    Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException raced) {
                    if (!Files.isDirectory(dir)) {
                        throw raced;
                    }
                }
                keepArchive(hex, zip);
            } finally {
                Files.deleteIfExists(tmpZip);
                if (Files.exists(staging)) {
                    delete(staging);
                }
            }
            return new Code(dir, sha, zip.length);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack a deployment package", e);
        }
    }

    /**
     * The archive with this SHA-256 (base64), for download (GetFunction's Code.Location): as uploaded, or rebuilt
     * from the unpacked tree when the upload was not kept; null when the package is unknown.
     */
    public Path archiveFor(String sha256) {
        Path archive = root.resolve(HexFormat.of().formatHex(Base64.getDecoder().decode(sha256)) + ".zip");
        Path dir = dirFor(sha256);
        if (!Files.exists(archive) && Files.isDirectory(dir)) {
            try {
                PackageArchives.rebuild(dir, archive);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot rebuild a deployment package", e);
            }
        }
        return Files.exists(archive) ? archive : null;
    }

    /** The archive as uploaded, so a download returns the same bytes (and CodeSha256) the caller sent. */
    private void keepArchive(String hex, byte[] zip) {
        Path target = root.resolve(hex + ".zip");
        if (Files.exists(target)) {
            return;
        }
        try {
            Path tmp = Files.createTempFile(root, "archive-", ".zip");
            Files.write(tmp, zip);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep a deployment package", e);
        }
    }

    /** The unzipped size of an unpacked package, as counted against the 250 MB limit (function plus layers). */
    public long unpackedBytes(String sha256) {
        return unpackedSizes.computeIfAbsent(sha256, s -> {
            try (Stream<Path> files = Files.walk(dirFor(s))) {
                return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
            } catch (IOException e) {
                return 0L;
            }
        });
    }

    private static void extract(Path zipFile, Path target) throws IOException {
        FileSystem zfs;
        try {
            zfs = FileSystems.newFileSystem(URI.create("jar:" + zipFile.toUri()),
                    Map.of("enablePosixFileAttributes", "true"));
        } catch (IOException | RuntimeException e) {
            throw new InvalidPackageException("Could not unzip uploaded file. Please check your file, then try to "
                    + "upload again.");
        }
        long[] total = {0};
        try (zfs; Stream<Path> entries = Files.walk(zfs.getPath("/"))) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                Path out = target.resolve(entry.toString().substring(1)).normalize();
                if (!out.startsWith(target)) {
                    throw new InvalidPackageException("Could not unzip uploaded file. Please check your file, then "
                            + "try to upload again.");
                }
                if (Files.isDirectory(entry)) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                Files.copy(entry, out);
                total[0] += Files.size(out);
                if (total[0] > MAX_UNZIPPED_BYTES) {
                    throw new InvalidPackageException("Unzipped size must be smaller than " + MAX_UNZIPPED_BYTES
                            + " bytes");
                }
                Set<PosixFilePermission> perms = modeOf(entry);
                boolean exec = perms != null && perms.contains(PosixFilePermission.OWNER_EXECUTE);
                Files.setPosixFilePermissions(out, exec ? READ_EXEC : READ_ONLY);
            }
        }
    }

    private static final Set<PosixFilePermission> READ_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
    private static final Set<PosixFilePermission> READ_EXEC = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ, PosixFilePermission.OWNER_EXECUTE,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);

    private static Set<PosixFilePermission> modeOf(Path entry) {
        try {
            PosixFileAttributeView v = Files.getFileAttributeView(entry, PosixFileAttributeView.class);
            return v == null ? null : v.readAttributes().permissions();
        } catch (IOException | UnsupportedOperationException e) {
            return null; // a zip without Unix modes
        }
    }

    /** Makes a tree's directories read-only (files keep their modes), as unpacked code is. */
    static void lockDownTree(Path dir) throws IOException {
        lockDown(dir);
    }

    /** Deletes a tree, read-only parts included. */
    static void deleteTree(Path dir) throws IOException {
        delete(dir);
    }

    /** Directories become read-only too, so a function cannot change the shared copy. */
    private static void lockDown(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isDirectory(p)) {
                    Files.setPosixFilePermissions(p, READ_EXEC);
                }
            }
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isDirectory(p)) {
                    Files.setPosixFilePermissions(p, EnumSet.allOf(PosixFilePermission.class));
                }
            }
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
