package dev.stratus.lambda.runtime;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * The few {@code /etc} entries a sandbox shows, copied into one directory that bubblewrap mounts with a single bind.
 * One bind per entry cost ~2 ms of CPU per cold start: bubblewrap reads {@code /proc/self/mountinfo} after every
 * mount, so the cost grows with the square of the mount count. Files and small directories are copied; a directory
 * of many entries ({@code /etc/ssl}, {@code /etc/alternatives}: hundreds of links) is still bound on top of an empty
 * directory in the copy, since copying it takes a second or more on a busy disk. At most once a second (when
 * environments start) the copied entries' attributes are compared with the host's; a change makes a new copy for the
 * environments started from then on (running ones keep the one they mounted). Top-level links are followed and links
 * inside directories kept, as a bind mount shows them; private key directories are left out.
 */
final class SandboxEtc {
    /** How often the host's entries are compared with the copy, at most. */
    static final long CHECK_INTERVAL_NANOS = 1_000_000_000L;
    /** A directory with more entries than this is bound rather than copied. */
    static final int MAX_COPIED_ENTRIES = 64;

    /**
     * What to mount at {@code /etc}.
     *
     * @param dir the copy, mounted read-only at {@code /etc}
     * @param bound the names of the entries to bind (read-only) on top of it, from the host's {@code /etc}
     */
    record View(Path dir, List<String> bound) {
    }

    private final Path hostEtc;
    private final List<String> entries;
    private final Path base;
    private final LongSupplier nanoTime;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile View current;
    private volatile String copiedFingerprint;
    private volatile long checkedNanos;
    private volatile boolean checkedOnce;
    private int generation;

    /**
     * @param entries names under {@code hostEtc} (missing ones are skipped)
     * @param base where the copies are made ({@code etc-1}, {@code etc-2}, ...)
     */
    SandboxEtc(Path hostEtc, List<String> entries, Path base, LongSupplier nanoTime) {
        this.hostEtc = hostEtc;
        this.entries = entries;
        this.base = base;
        this.nanoTime = nanoTime;
    }

    /** What to mount at {@code /etc}, or null when no copy could be made (the caller binds each entry). */
    View view() {
        View v = current;
        if (checkedOnce && nanoTime.getAsLong() - checkedNanos < CHECK_INTERVAL_NANOS) {
            return v;
        }
        // One caller compares (and copies); the others go on with the copy there is, or wait for the first one.
        if (v != null ? !lock.tryLock() : !lockQuietly()) {
            return v;
        }
        try {
            if (!checkedOnce || nanoTime.getAsLong() - checkedNanos >= CHECK_INTERVAL_NANOS) {
                refresh();
            }
            return current;
        } finally {
            lock.unlock();
        }
    }

    private boolean lockQuietly() {
        try {
            lock.lockInterruptibly();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void refresh() {
        try {
            List<String> bound = new ArrayList<>();
            String fingerprint = walk(null, bound);
            if (current == null || !fingerprint.equals(copiedFingerprint)) {
                Path target = base.resolve("etc-" + (++generation));
                Files.createDirectories(target);
                walk(target, new ArrayList<>());
                copiedFingerprint = fingerprint;
                current = new View(target, List.copyOf(bound));
            }
        } catch (IOException | RuntimeException e) {
            current = null; // sandboxes bind each entry until a copy succeeds
        }
        checkedNanos = nanoTime.getAsLong();
        checkedOnce = true;
    }

    /** The attributes of every copied entry, copying each into {@code target} when not null. */
    private String walk(Path target, List<String> bound) throws IOException {
        StringBuilder fingerprint = new StringBuilder();
        for (String name : entries) {
            Path source = hostEtc.resolve(name);
            if (!Files.exists(source)) {
                fingerprint.append(name).append(" -\n");
                continue;
            }
            Path real = source.toRealPath();
            if (Files.isDirectory(real) && larger(real)) {
                bound.add(name);
                fingerprint.append(name).append(" bound\n");
                if (target != null) {
                    Files.createDirectories(target.resolve(name)); // the mount point
                }
                continue;
            }
            Files.walkFileTree(real, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    if (dir.getFileName() != null && dir.getFileName().toString().equals("private")) {
                        return FileVisitResult.SKIP_SUBTREE; // /etc/ssl/private: keys no function needs
                    }
                    note(dir, attrs);
                    if (target != null) {
                        Files.createDirectories(destination(dir));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    note(file, attrs);
                    if (target != null) {
                        Path to = destination(file);
                        if (attrs.isSymbolicLink()) {
                            Files.createSymbolicLink(to, Files.readSymbolicLink(file));
                        } else if (attrs.isRegularFile() && Files.isReadable(file)) {
                            Files.copy(file, to, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // unreadable: left out, as the sandbox user could not read it
                }

                private void note(Path p, BasicFileAttributes attrs) {
                    fingerprint.append(p).append(' ').append(attrs.fileKey()).append(' ')
                            .append(attrs.lastModifiedTime().toMillis()).append(' ').append(attrs.size()).append('\n');
                }

                private Path destination(Path p) {
                    Path to = target.resolve(name);
                    return p.equals(real) ? to : to.resolve(real.relativize(p).toString());
                }
            });
        }
        return fingerprint.toString();
    }

    /** Whether the directory holds more than {@link #MAX_COPIED_ENTRIES} entries, at any depth. */
    private static boolean larger(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.limit(MAX_COPIED_ENTRIES + 2L).count() > MAX_COPIED_ENTRIES + 1L;
        }
    }
}
