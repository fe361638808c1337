package dev.stratus.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Where writes run: synced writes from virtual threads go to the platform pool, everything else inline. */
class CommitRunnerTest {

    @Test
    void syncedWritesFromVirtualThreadsRunOnThePlatformPool() throws Exception {
        try (CommitRunner runner = new CommitRunner(true)) {
            assertThat(threadOfWrite(runner, true)).startsWith("stratus-rocksdb-sync-");
            assertThat(threadOfWrite(runner, false)).isEqualTo("platform-caller");
        }
    }

    @Test
    void unsyncedWritesRunInlineEvenOnVirtualThreads() throws Exception {
        try (CommitRunner runner = new CommitRunner(false)) {
            assertThat(threadOfWrite(runner, true)).isEqualTo("virtual-caller");
        }
    }

    @Test
    void anInterruptedWaiterStillWaitsForItsWriteAndKeepsTheInterrupt() throws Exception {
        try (CommitRunner runner = new CommitRunner(true)) {
            CountDownLatch writing = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicBoolean finished = new AtomicBoolean();
            AtomicBoolean interruptKept = new AtomicBoolean();
            Thread caller = Thread.ofVirtual().start(() -> {
                try {
                    runner.run(() -> {
                        writing.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            throw new AssertionError("the pool thread is never interrupted", e);
                        }
                        finished.set(true);
                        return null;
                    });
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                interruptKept.set(Thread.currentThread().isInterrupted());
            });
            writing.await();
            caller.interrupt();
            release.countDown();
            caller.join();
            assertThat(finished).isTrue();
            assertThat(interruptKept).isTrue();
        }
    }

    private static String threadOfWrite(CommitRunner runner, boolean virtual) throws InterruptedException {
        AtomicReference<String> thread = new AtomicReference<>();
        Runnable call = () -> {
            try {
                runner.run(() -> {
                    thread.set(Thread.currentThread().getName());
                    return null;
                });
            } catch (org.rocksdb.RocksDBException e) {
                throw new AssertionError(e);
            }
        };
        Thread caller = virtual ? Thread.ofVirtual().name("virtual-caller").start(call)
                : Thread.ofPlatform().name("platform-caller").start(call);
        caller.join();
        return thread.get();
    }
}
