package dev.stratus.storage.rocksdb;

import dev.stratus.storage.StorageException;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Keeps native objects alive while calls use them: calls share the read side, closing takes the write side, so a
 * close waits for calls in flight and a call after close fails in Java instead of crashing the JVM in native code.
 */
final class Guard {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final String what;
    private volatile boolean closed;

    Guard(String what) {
        this.what = what;
    }

    <T> T call(NativeCall<T> body) {
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException(what + " is closed");
            }
            return body.call();
        } catch (org.rocksdb.RocksDBException e) {
            throw new StorageException(what + ": " + e.getMessage(), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Runs {@code body} unless closed (then does nothing): for releasing a child resource, which must not throw. */
    void ifOpen(Runnable body) {
        lock.readLock().lock();
        try {
            if (!closed) {
                body.run();
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Runs {@code release} once, when no call is in flight; later calls fail. Returns false if already closed. */
    boolean close(Runnable release) {
        lock.writeLock().lock();
        try {
            if (closed) {
                return false;
            }
            closed = true;
            release.run();
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    boolean isClosed() {
        return closed;
    }
}
