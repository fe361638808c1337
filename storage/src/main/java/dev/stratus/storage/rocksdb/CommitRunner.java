package dev.stratus.storage.rocksdb;

import dev.stratus.storage.StorageException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.rocksdb.RocksDBException;

/**
 * Runs writes inline, except synced writes from virtual threads: an fsync inside JNI pins the carrier thread, so
 * those run on a small platform pool the virtual thread waits on (see DESIGN.md, "Virtual threads and native code").
 */
final class CommitRunner implements AutoCloseable {
    /** Concurrent synced writes share an fsync through RocksDB's group commit, so a few threads go a long way. */
    static final int SYNC_THREADS = 4;

    private final ExecutorService syncPool;

    CommitRunner(boolean syncWrites) {
        syncPool = syncWrites
                ? Executors.newFixedThreadPool(SYNC_THREADS,
                        Thread.ofPlatform().daemon().name("stratus-rocksdb-sync-", 1).factory())
                : null;
    }

    /** Must be called under the storage guard: the write may not outlive the database. */
    void run(NativeCall<Void> write) throws RocksDBException {
        if (syncPool == null || !Thread.currentThread().isVirtual()) {
            write.call();
            return;
        }
        Future<Void> done = syncPool.submit(write::call);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    done.get();
                    return;
                } catch (InterruptedException e) {
                    // The write is already queued; it must finish before the guard lets the database close.
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RocksDBException rocks) {
                throw rocks;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new StorageException("synced write failed", e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        if (syncPool != null) {
            syncPool.shutdown();
        }
    }
}
