package dev.stratus.logs;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Striped locks that serialize writers of one stream (PutLogEvents, the retention sweep, deletion) and keep a log
 * group from being deleted under them. Lock order is always group, then stream.
 */
final class ResourceLocks {
    private static final int GROUP_STRIPES = 64;
    private static final int STREAM_STRIPES = 1024;
    private final ReentrantReadWriteLock[] groups = new ReentrantReadWriteLock[GROUP_STRIPES];
    private final ReentrantLock[] streams = new ReentrantLock[STREAM_STRIPES];

    ResourceLocks() {
        for (int i = 0; i < groups.length; i++) {
            groups[i] = new ReentrantReadWriteLock();
        }
        for (int i = 0; i < streams.length; i++) {
            streams[i] = new ReentrantLock();
        }
    }

    /** Runs with the group shared: streams may change, the group cannot disappear. */
    <T> T sharedGroup(String groupKey, Supplier<T> work) {
        return holding(groups[stripe(groupKey, GROUP_STRIPES)].readLock(), work);
    }

    /** Runs with the group exclusive: creation and deletion of the group itself. */
    <T> T exclusiveGroup(String groupKey, Supplier<T> work) {
        return holding(groups[stripe(groupKey, GROUP_STRIPES)].writeLock(), work);
    }

    /** Runs as the only writer of one stream. */
    <T> T stream(String streamKey, Supplier<T> work) {
        return holding(streams[stripe(streamKey, STREAM_STRIPES)], work);
    }

    private static <T> T holding(Lock lock, Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    private static int stripe(String key, int stripes) {
        int h = key.hashCode();
        return ((h ^ (h >>> 16)) & 0x7fffffff) % stripes;
    }
}
