package dev.stratus.s3;

import dev.stratus.storage.Keyspace;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Object bodies: small ones (up to {@link #MAX_INLINE_BYTES}) as values of a storage keyspace, the others as
 * immutable files under {@code <root>/<2 hex>/<uuid>}. A body is stored whole before its metadata is committed:
 * a small one by its own write to the storage log, which the metadata's write follows; a large one in a temp file
 * atomically renamed. So an object is whole or absent after {@code kill -9} (the kernel keeps what a killed process
 * wrote). With {@code sync} (Stratus's {@code --sync}) files and renames are fsync'd first, so a body also survives
 * a power loss, as the storage log synced by the same flag does.
 */
final class BlobStore implements AutoCloseable {
    /** Buffer for copying bodies between the network, temp files and blobs. */
    static final int COPY_BUFFER_BYTES = 64 * 1024;
    /**
     * Bodies up to this size live in the {@code inline} keyspace: a file costs an open, a write and a rename per
     * PUT and an unlink per delete, several times what one more value in the storage log costs.
     */
    static final int MAX_INLINE_BYTES = 64 * 1024;
    /** Body chunks kept for reuse (8 MiB): enough for a few uploads in flight without allocating. */
    private static final int KEPT_CHUNKS = 32;
    /** Starts the id of a body kept in the keyspace (file ids are UUIDs: hex digits and dashes). */
    private static final String INLINE_PREFIX = "i-";
    private final Path root;
    private final Path tmp;
    private final boolean deleteOnClose;
    private final boolean sync;
    /** Small bodies by id, or null to keep every body in a file. */
    private final Keyspace inline;
    /** Blob directories known to exist: creating one that exists costs two exceptions inside the JDK. */
    private final Set<String> directories = ConcurrentHashMap.newKeySet();
    private final ChunkPool chunks = new ChunkPool(KEPT_CHUNKS);
    /** Marks the inline ids this process writes, so an orphan sweep tells them from earlier runs' ones. */
    private final String session = UUID.randomUUID().toString().substring(0, 8);
    /**
     * A body file last written before this belongs to an earlier run: a second before the store opened, since file
     * times come from the kernel's coarse clock and can lag the JVM's (file times are real time, not the Clock).
     */
    private final java.time.Instant earlierRunBefore = java.time.Instant.now().minusSeconds(1);

    private BlobStore(Path root, boolean deleteOnClose, boolean sync, Keyspace inline) {
        this.root = root;
        this.tmp = root.resolve("tmp");
        this.deleteOnClose = deleteOnClose;
        this.sync = sync;
        this.inline = inline;
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

    /** Every body as a file under {@code dataDir/s3/objects} (not fsync'd), or in a temp dir removed on close. */
    static BlobStore open(Path dataDir, boolean inMemory) {
        return open(dataDir, inMemory, false, null);
    }

    /**
     * Bodies under {@code dataDir/s3/objects}, or in a temp dir removed on close when there is no data dir.
     *
     * @param sync fsync every file and its rename before the write returns (survives power loss)
     * @param inline where small bodies go, or null to keep every body in a file
     */
    static BlobStore open(Path dataDir, boolean inMemory, boolean sync, Keyspace inline) {
        if (dataDir == null || inMemory) {
            try {
                return new BlobStore(Files.createTempDirectory("stratus-s3-"), true, false, inline);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new BlobStore(dataDir.resolve("s3").resolve("objects"), false, sync, inline);
    }

    /** Stores bytes durably and returns the new blob's id. */
    String write(byte[] bytes) {
        return writeFrom(List.of(out -> out.write(bytes)), null);
    }

    /** Stores the concatenation of existing blobs (a completed multipart upload). */
    String concat(List<String> blobIds) {
        return writeFrom(blobIds.stream().<Source>map(id -> out -> {
            InputStream in = open(id, 0, Long.MAX_VALUE);
            if (in == null) {
                throw new NoSuchFileException(id);
            }
            try (in) {
                in.transferTo(out);
            }
        }).toList(), null);
    }

    /** A blob just written from a stream: its id and byte count. */
    record Written(String id, long size) {
    }

    /**
     * Streams a body into a new blob, feeding {@code digests} as it goes and refusing more than {@code maxBytes}
     * (EntityTooLarge). {@code check} sees the complete body before it becomes a blob; when it throws, or the
     * stream fails (a client gone mid-body), what was written is dropped and no blob exists.
     */
    Written writeFrom(InputStream in, long maxBytes, BodyDigests digests, Consumer<Pending> check) {
        long[] size = new long[1];
        String id = writeFrom(List.of(out -> size[0] = DigestingCopy.copy(in, out, maxBytes, digests, chunks)), check);
        return new Written(id, size[0]);
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
        if (isInline(id)) {
            byte[] body = inline.get(inlineKey(id));
            if (body == null) {
                return null;
            }
            int start = (int) Math.min(from, body.length);
            return new ByteArrayInputStream(body, start, (int) Math.min(length, body.length - start));
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(path(id), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BlobFileStream(ch, from, length);
    }

    /** A body written but not yet a blob, for a check that must read it again (a late trailer checksum). */
    interface Pending {
        InputStream reread();
    }

    /** One piece of a blob being written. */
    private interface Source {
        void writeTo(OutputStream out) throws IOException;
    }

    private String writeFrom(List<Source> sources, Consumer<Pending> check) {
        String id = UUID.randomUUID().toString();
        Path temp = tmp.resolve(id);
        SpillingOutput out = new SpillingOutput(inline == null ? 0 : MAX_INLINE_BYTES, temp);
        try {
            for (Source s : sources) {
                s.writeTo(out);
            }
            if (inline == null && !out.spilled()) {
                out.spill();
            }
            out.finish(sync);
        } catch (IOException e) {
            out.discard();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            // A body that failed (too large, client gone, bad framing) leaves nothing behind.
            out.discard();
            throw e;
        }
        try {
            if (check != null) {
                check.accept(() -> {
                    try {
                        return out.reread();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
            if (!out.spilled()) {
                String inlineId = INLINE_PREFIX + session + "-" + id;
                inline.put(inlineKey(inlineId), out.bytes());
                return inlineId;
            }
            Path target = path(id);
            createDirectory(target.getParent());
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target);
            }
            if (sync) {
                syncDirectory(target.getParent());
            }
        } catch (IOException e) {
            out.discard();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            out.discard();
            throw e;
        }
        return id;
    }

    /** The whole blob, or null when it is gone (deleted by a concurrent overwrite). */
    byte[] read(String id) {
        if (isInline(id)) {
            return inline.get(inlineKey(id));
        }
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
        if (isInline(id)) {
            byte[] body = inline.get(inlineKey(id));
            return body == null ? null : Arrays.copyOfRange(body, (int) from, (int) to + 1);
        }
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

    /**
     * A stored body, for the orphan sweep.
     *
     * @param earlierRun written by an earlier run of the server, so no write in progress can be about to commit it
     */
    record Body(String id, boolean earlierRun) {
    }

    /** Every stored body: the files (temp files aside) and the keyspace's values. */
    List<Body> bodies() {
        List<Body> out = new java.util.ArrayList<>();
        try (var dirs = Files.list(root)) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().length() == 2 && Files.isDirectory(d))
                    .toList()) {
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        try {
                            out.add(new Body(f.getFileName().toString(),
                                    Files.getLastModifiedTime(f).toInstant().isBefore(earlierRunBefore)));
                        } catch (NoSuchFileException e) {
                            // deleted meanwhile
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (inline != null) {
            try (var cursor = inline.scanPrefix(INLINE_PREFIX.getBytes(StandardCharsets.US_ASCII))) {
                cursor.forEachRemaining(entry -> {
                    String id = new String(entry.key(), StandardCharsets.US_ASCII);
                    out.add(new Body(id, !id.startsWith(INLINE_PREFIX + session + "-")));
                });
            }
        }
        return out;
    }

    void delete(String id) {
        if (id == null) {
            return;
        }
        if (isInline(id)) {
            inline.delete(inlineKey(id));
        } else {
            deleteQuietly(path(id));
        }
    }

    private static boolean isInline(String id) {
        return id.startsWith(INLINE_PREFIX);
    }

    private static byte[] inlineKey(String id) {
        return id.getBytes(StandardCharsets.US_ASCII);
    }

    private Path path(String id) {
        return root.resolve(id.substring(0, 2)).resolve(id);
    }

    private void createDirectory(Path dir) throws IOException {
        String name = dir.getFileName().toString();
        if (!directories.contains(name)) {
            Files.createDirectories(dir);
            directories.add(name);
        }
    }

    private static void syncDirectory(Path dir) {
        // A directory fsync makes the rename itself durable; some file systems refuse it, which is harmless.
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort
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
