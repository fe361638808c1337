package dev.stratus.s3;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reusable body chunks. A fresh chunk per body would be a young-generation allocation that lives as long as the
 * upload, and several uploads' chunks at once overflow the survivor spaces, so everything else in flight (the
 * HTTP server's socket buffers included) is promoted with them; pooled chunks are promoted once and stay.
 */
final class ChunkPool {
    /** Size of a chunk: large enough that a write or digest update per chunk costs nothing next to its bytes. */
    static final int CHUNK_BYTES = 256 * 1024;
    private final int maxKept;
    private final ConcurrentLinkedQueue<byte[]> kept = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    /** Bodies being copied with chunks of this pool now. */
    private final AtomicInteger bodies = new AtomicInteger();

    /** @param maxKept chunks kept for reuse at most; more may be out at once, the extra ones are left to the GC */
    ChunkPool(int maxKept) {
        this.maxKept = maxKept;
    }

    /**
     * Counts a body in (pair with {@link #endBody}); true while the chunks kept cover {@code chunksEach} for every
     * body in flight, so that this one may hold that many without allocating.
     */
    boolean startBody(int chunksEach) {
        return (long) bodies.incrementAndGet() * chunksEach <= maxKept;
    }

    void endBody() {
        bodies.decrementAndGet();
    }

    byte[] take() {
        byte[] chunk = kept.poll();
        if (chunk == null) {
            return new byte[CHUNK_BYTES];
        }
        size.decrementAndGet();
        return chunk;
    }

    void give(byte[] chunk) {
        if (chunk.length == CHUNK_BYTES && size.incrementAndGet() <= maxKept) {
            kept.offer(chunk);
        } else if (chunk.length == CHUNK_BYTES) {
            size.decrementAndGet();
        }
    }
}
