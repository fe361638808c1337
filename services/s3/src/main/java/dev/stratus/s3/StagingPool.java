package dev.stratus.s3;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Aligned direct buffers for {@link DirectFileOutput}, kept for reuse (allocating direct memory zeroes it and leaves
 * its release to the GC), and whether the body directory's file system takes direct writes at all.
 */
final class StagingPool {
    /** Bytes per direct write: a multiple of {@link DirectFileOutput#ALIGNMENT}. */
    static final int STAGING_BYTES = 512 * 1024;
    private final int maxKept;
    private final ConcurrentLinkedQueue<ByteBuffer> kept = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private volatile boolean directWorks;

    /**
     * @param maxKept buffers kept for reuse at most
     * @param tryDirect whether to try {@code O_DIRECT} at all
     */
    StagingPool(int maxKept, boolean tryDirect) {
        this.maxKept = maxKept;
        this.directWorks = tryDirect;
    }

    boolean directWorks() {
        return directWorks;
    }

    void directRefused() {
        directWorks = false;
    }

    ByteBuffer take() {
        ByteBuffer b = kept.poll();
        if (b == null) {
            return ByteBuffer.allocateDirect(STAGING_BYTES + DirectFileOutput.ALIGNMENT)
                    .alignedSlice(DirectFileOutput.ALIGNMENT);
        }
        size.decrementAndGet();
        return b.clear();
    }

    void give(ByteBuffer b) {
        if (size.incrementAndGet() <= maxKept) {
            kept.offer(b);
        } else {
            size.decrementAndGet();
        }
    }
}
