package dev.stratus.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Copies a request body to its blob in large chunks while its digests are computed, on a second thread while the
 * chunk pool can feed it. MD5 (the ETag) is sequential and runs at about one core's 850 MiB/s, as fast as the socket
 * reads and file writes together: done in turn they halve one upload's throughput, done side by side (one core each)
 * they overlap, and measured they also cost less CPU per upload than digesting inline. But each upload digesting
 * beside holds {@link #CHUNKS_PER_BODY} chunks: once the uploads in flight need more than the pool keeps, the extra
 * chunks are fresh 256 KiB allocations that live as long as their upload, and the garbage collection they cause
 * costs more than the second thread saves (about 15% more CPU per 1 MiB PUT at 32 uploads in flight, on 2 cores).
 * So the uploads beyond those the pool covers digest inline, with one chunk each. A body that fits in one chunk is
 * always digested inline.
 */
final class DigestingCopy {
    /** Chunks in flight per body: one being filled, the others waiting for or in the digests. */
    static final int CHUNKS_PER_BODY = 4;

    private DigestingCopy() {
    }

    /**
     * Copies {@code in} to {@code out}, feeding {@code digests}, and refuses more than {@code maxBytes}
     * (EntityTooLarge). Returns the byte count once every byte is written and digested.
     */
    static long copy(InputStream in, OutputStream out, long maxBytes, BodyDigests digests, ChunkPool pool)
            throws IOException {
        try {
            return pool.startBody(CHUNKS_PER_BODY)
                    ? copyDigestingBeside(in, out, maxBytes, digests, pool)
                    : copyDigestingInline(in, out, maxBytes, digests, pool);
        } finally {
            pool.endBody();
        }
    }

    /** {@link #copy} digesting each chunk on this thread, right after writing it: one chunk per body. */
    static long copyDigestingInline(InputStream in, OutputStream out, long maxBytes, BodyDigests digests,
            ChunkPool pool) throws IOException {
        byte[] chunk = pool.take();
        long total = 0;
        try {
            while (true) {
                int n = fill(in, chunk);
                if (total + n > maxBytes) {
                    throw S3Errors.entityTooLarge(total + n, maxBytes);
                }
                total += n;
                if (n > 0) {
                    out.write(chunk, 0, n);
                    digests.update(chunk, 0, n);
                }
                if (n < chunk.length) {
                    return total;
                }
            }
        } finally {
            pool.give(chunk);
        }
    }

    /** {@link #copy} digesting on a second thread whenever the body is larger than one chunk. */
    static long copyDigestingBeside(InputStream in, OutputStream out, long maxBytes, BodyDigests digests,
            ChunkPool pool) throws IOException {
        byte[] chunk = pool.take();
        Digester digester = null;
        long total = 0;
        try {
            while (true) {
                int n = fill(in, chunk);
                if (total + n > maxBytes) {
                    throw S3Errors.entityTooLarge(total + n, maxBytes);
                }
                total += n;
                if (n > 0) {
                    out.write(chunk, 0, n);
                }
                boolean ended = n < chunk.length;
                if (digester == null && ended) {
                    digests.update(chunk, 0, n);
                    return total;
                }
                if (digester == null) {
                    digester = new Digester(digests, pool);
                }
                digester.digest(chunk, n);
                chunk = null;
                if (ended) {
                    digester.finish();
                    return total;
                }
                chunk = digester.nextFree();
            }
        } finally {
            if (digester != null) {
                digester.stop();
            }
            if (chunk != null) {
                pool.give(chunk);
            }
        }
    }

    /** Reads until {@code chunk} is full or the stream ends: fewer, larger writes and digest updates. */
    private static int fill(InputStream in, byte[] chunk) throws IOException {
        int n = 0;
        while (n < chunk.length) {
            int r = in.read(chunk, n, chunk.length - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        return n;
    }

    /** A chunk and how many of its bytes hold body. */
    private record Filled(byte[] bytes, int length) {
    }

    /** The second thread: digests full chunks in order and hands them back for refilling. */
    private static final class Digester {
        private static final byte[] END = new byte[0];
        private final BodyDigests digests;
        private final ChunkPool pool;
        private final BlockingQueue<Filled> full = new ArrayBlockingQueue<>(CHUNKS_PER_BODY);
        private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(CHUNKS_PER_BODY);
        private final Thread thread;
        private int taken;
        private volatile Throwable failure;

        Digester(BodyDigests digests, ChunkPool pool) {
            this.digests = digests;
            this.pool = pool;
            this.taken = 1;
            this.thread = Thread.ofVirtual().name("s3-digest").start(this::run);
        }

        private void run() {
            try {
                while (true) {
                    Filled f = full.take();
                    if (f.bytes() == END) {
                        return;
                    }
                    digests.update(f.bytes(), 0, f.length());
                    free.put(f.bytes());
                }
            } catch (InterruptedException e) {
                // stopped: the body failed
            } catch (RuntimeException | Error e) {
                failure = e;
                // Keeps the copying thread from waiting for a chunk that will never come back.
                free.offer(END);
            }
        }

        void digest(byte[] chunk, int length) throws IOException {
            try {
                full.put(new Filled(chunk, length));
            } catch (InterruptedException e) {
                throw interrupted();
            }
        }

        /** A chunk to fill: a new one while fewer than {@link #CHUNKS_PER_BODY} are out, else one digested. */
        byte[] nextFree() throws IOException {
            byte[] chunk = free.poll();
            if (chunk == null && taken < CHUNKS_PER_BODY) {
                taken++;
                return pool.take();
            }
            try {
                chunk = chunk != null ? chunk : free.take();
            } catch (InterruptedException e) {
                throw interrupted();
            }
            rethrow();
            return chunk;
        }

        /** Waits until every chunk is digested. */
        void finish() throws IOException {
            try {
                full.put(new Filled(END, 0));
                thread.join();
            } catch (InterruptedException e) {
                throw interrupted();
            }
            rethrow();
        }

        /** Ends the thread (at once when the body failed) and returns the chunks to the pool. */
        void stop() {
            if (thread.isAlive()) {
                thread.interrupt();
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            for (byte[] chunk; (chunk = free.poll()) != null; ) {
                if (chunk != END) {
                    pool.give(chunk);
                }
            }
        }

        private void rethrow() {
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
        }

        private static IOException interrupted() {
            Thread.currentThread().interrupt();
            return new InterruptedIOException("interrupted while copying a body");
        }
    }
}
