package dev.stratus.s3;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Object bodies as immutable files under {@code <root>/<2 hex>/<uuid>}. A body is written to a temp file, fsync'd
 * and atomically renamed before its metadata is committed, so an object is whole or absent after a crash.
 */
final class BlobStore implements AutoCloseable {
    /** Buffer for copying bodies between the network, temp files and blobs. */
    static final int COPY_BUFFER_BYTES = 64 * 1024;
    private final Path root;
    private final Path tmp;
    private final boolean deleteOnClose;

    private BlobStore(Path root, boolean deleteOnClose) {
        this.root = root;
        this.tmp = root.resolve("tmp");
        this.deleteOnClose = deleteOnClose;
        try {
            Files.createDirectories(tmp);
            // Temp files left by a crash belong to no object.
            try (var leftovers = Files.list(tmp)) {
                for (Path p : leftovers.toList()) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the S3 object directory " + root, e);
        }
    }

    /** Bodies under {@code dataDir/s3/objects}, or in a temp dir removed on close when there is no data dir. */
    static BlobStore open(Path dataDir, boolean inMemory) {
        if (dataDir == null || inMemory) {
            try {
                return new BlobStore(Files.createTempDirectory("stratus-s3-"), true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new BlobStore(dataDir.resolve("s3").resolve("objects"), false);
    }

    /** Stores bytes durably and returns the new blob's id. */
    String write(byte[] bytes) {
        return writeFrom(List.of(out -> out.write(bytes)), null);
    }

    /** Stores the concatenation of existing blobs (a completed multipart upload). */
    String concat(List<String> blobIds) {
        return writeFrom(blobIds.stream().<Source>map(id -> out -> {
            try (InputStream in = Files.newInputStream(path(id))) {
                in.transferTo(out);
            }
        }).toList(), null);
    }

    /** A blob just written from a stream: its id and byte count. */
    record Written(String id, long size) {
    }

    /**
     * Streams a body into a new blob, feeding {@code digests} as it goes and refusing more than {@code maxBytes}
     * (EntityTooLarge). {@code check} sees the complete temp file before it becomes a blob; when it throws, or the
     * stream fails (a client gone mid-body), the temp file is deleted and no blob exists.
     */
    Written writeFrom(InputStream in, long maxBytes, BodyDigests digests, Consumer<Path> check) {
        String id = writeFrom(List.of(out -> {
            byte[] buf = new byte[COPY_BUFFER_BYTES];
            for (int n; (n = in.read(buf)) >= 0; ) {
                if (digests.size() + n > maxBytes) {
                    throw S3Errors.entityTooLarge(digests.size() + n, maxBytes);
                }
                digests.update(buf, 0, n);
                out.write(buf, 0, n);
            }
        }), check);
        return new Written(id, digests.size());
    }

    /** Copies bytes {@code from..to} (inclusive) of a blob into a new one; null when the source is gone. */
    Written copy(String sourceId, long from, long to, BodyDigests digests) {
        InputStream in = open(sourceId, from, to - from + 1);
        if (in == null) {
            return null;
        }
        try (in) {
            return writeFrom(in, Long.MAX_VALUE, digests, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An open stream over {@code length} bytes of a blob from {@code from}, or null when the blob is gone. The file
     * stays readable through the stream even if an overwrite deletes it meanwhile.
     */
    InputStream open(String id, long from, long length) {
        FileChannel ch;
        try {
            ch = FileChannel.open(path(id), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            ch.position(from);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new UncheckedIOException(e);
        }
        return new BufferedInputStream(new LimitedInputStream(Channels.newInputStream(ch), length),
                COPY_BUFFER_BYTES);
    }

    /** The temp file a blob is written to, for a check that must read it again (a late trailer checksum). */
    static InputStream reread(Path temp) {
        try {
            return Files.newInputStream(temp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One piece of a blob being written. */
    private interface Source {
        void writeTo(OutputStream out) throws IOException;
    }

    private String writeFrom(List<Source> sources, Consumer<Path> check) {
        String id = UUID.randomUUID().toString();
        Path target = path(id);
        Path temp = tmp.resolve(id);
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            OutputStream out = Channels.newOutputStream(ch);
            for (Source s : sources) {
                s.writeTo(out);
            }
            out.flush();
            ch.force(true);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            // A body that failed (too large, client gone, bad framing) leaves nothing behind.
            deleteQuietly(temp);
            throw e;
        }
        try {
            if (check != null) {
                check.accept(temp);
            }
            Files.createDirectories(target.getParent());
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target);
            }
            syncDirectory(target.getParent());
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            deleteQuietly(temp);
            throw e;
        }
        return id;
    }

    /** The whole blob, or null when it is gone (deleted by a concurrent overwrite). */
    byte[] read(String id) {
        try {
            return Files.readAllBytes(path(id));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bytes {@code from..to} inclusive, or null when the blob is gone. */
    byte[] read(String id, long from, long to) {
        try (FileChannel ch = FileChannel.open(path(id), StandardOpenOption.READ)) {
            int length = Math.toIntExact(to - from + 1);
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(length);
            long pos = from;
            while (buf.hasRemaining()) {
                int n = ch.read(buf, pos);
                if (n < 0) {
                    break;
                }
                pos += n;
            }
            return buf.array();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path root() {
        return root;
    }

    void delete(String id) {
        if (id != null) {
            deleteQuietly(path(id));
        }
    }

    private Path path(String id) {
        return root.resolve(id.substring(0, 2)).resolve(id);
    }

    private static void syncDirectory(Path dir) {
        // A directory fsync makes the rename itself durable; some file systems refuse it, which is harmless.
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // nothing to release
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // an orphan file wastes space but is never read
        }
    }

    @Override
    public void close() {
        if (!deleteOnClose) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // a leftover temp dir is not worth failing shutdown for
        }
    }
}
