package dev.stratus.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.storage.Batch;
import dev.stratus.storage.Keyspace;
import dev.stratus.storage.MemoryStorage;
import dev.stratus.storage.Storage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyWriteIsStoredWhenItsAwaitReturnsUnderConcurrentWriters() throws Exception {
        MemoryStorage memory = new MemoryStorage();
        Keyspace ks = memory.keyspace("k");
        GroupCommit commits = new GroupCommit(memory);
        List<Thread> threads = new ArrayList<>();
        List<String> missing = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 32; t++) {
            int id = t;
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 200; i++) {
                    String key = id + "-" + i;
                    commits.await(commits.queue(List.of(new GroupCommit.Write(ks, bytes(key), bytes("v"))), 0));
                    if (ks.get(bytes(key)) == null) {
                        missing.add(key);
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void laterWritesOfTheSameKeyWinAndDeletesApplyInOrder() {
        MemoryStorage memory = new MemoryStorage();
        Keyspace ks = memory.keyspace("k");
        GroupCommit commits = new GroupCommit(memory);
        commits.queue(List.of(new GroupCommit.Write(ks, bytes("a"), bytes("1"))), 0);
        commits.queue(List.of(new GroupCommit.Write(ks, bytes("a"), null), new GroupCommit.Write(ks, bytes("b"),
                bytes("2"))), 0);
        commits.await(commits.queue(List.of(new GroupCommit.Write(ks, bytes("b"), bytes("3"))), 0));
        assertThat(ks.get(bytes("a"))).isNull();
        assertThat(ks.get(bytes("b"))).asString().isEqualTo("3");
    }

    @Test
    void aFailedBatchFailsItsWaitersAndTheNextBatchStillWrites() {
        MemoryStorage memory = new MemoryStorage();
        Keyspace ks = memory.keyspace("k");
        AtomicInteger calls = new AtomicInteger();
        Storage failingOnce = new CountingStorage(memory, calls) {
            @Override
            public Batch batch() {
                Batch real = super.batch();
                if (calls.get() > 1) {
                    return real;
                }
                return new Batch() {
                    public Batch put(Keyspace k, byte[] key, byte[] value) {
                        return this;
                    }

                    public Batch delete(Keyspace k, byte[] key) {
                        return this;
                    }

                    public void commit() {
                        throw new IllegalStateException("disk full");
                    }
                };
            }
        };
        GroupCommit commits = new GroupCommit(failingOnce);
        GroupCommit.Group first = commits.queue(List.of(new GroupCommit.Write(ks, bytes("a"), bytes("1"))), 0);
        assertThatThrownBy(() -> commits.await(first)).hasMessage("disk full");
        // Memory built before the failure may hold what was never stored: its writes are refused until rebuilt.
        assertThatThrownBy(() -> commits.queue(List.of(new GroupCommit.Write(ks, bytes("b"), bytes("2"))), 0))
                .isInstanceOf(GroupCommit.StaleMemory.class);
        assertThat(commits.generation()).isEqualTo(1);
        commits.await(commits.queue(List.of(new GroupCommit.Write(ks, bytes("b"), bytes("2"))), 1));
        assertThat(ks.get(bytes("a"))).isNull();
        assertThat(ks.get(bytes("b"))).asString().isEqualTo("2");
    }

    @Test
    void writesQueuedWhileAFailingBatchIsWrittenAreNeverStored() throws Exception {
        MemoryStorage memory = new MemoryStorage();
        Keyspace ks = memory.keyspace("k");
        java.util.concurrent.CountDownLatch writing = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch fail = new java.util.concurrent.CountDownLatch(1);
        Storage blockingThenFailing = new CountingStorage(memory, new AtomicInteger()) {
            @Override
            public Batch batch() {
                Batch real = super.batch();
                return new Batch() {
                    public Batch put(Keyspace k, byte[] key, byte[] value) {
                        real.put(k, key, value);
                        return this;
                    }

                    public Batch delete(Keyspace k, byte[] key) {
                        real.delete(k, key);
                        return this;
                    }

                    public void commit() {
                        writing.countDown();
                        try {
                            fail.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        throw new IllegalStateException("disk full");
                    }
                };
            }
        };
        GroupCommit commits = new GroupCommit(blockingThenFailing);
        GroupCommit.Group first = commits.queue(List.of(new GroupCommit.Write(ks, bytes("a"), bytes("1"))), 0);
        var writer = java.util.concurrent.CompletableFuture.runAsync(() -> commits.await(first));
        writing.await();
        // Queued behind the batch being written (it could be a receive of the message that batch sends).
        GroupCommit.Group second = commits.queue(List.of(new GroupCommit.Write(ks, bytes("b"), bytes("2"))), 0);
        fail.countDown();
        assertThatThrownBy(writer::join).hasRootCauseMessage("disk full");
        assertThatThrownBy(() -> commits.await(second)).hasMessage("disk full");
        assertThat(ks.get(bytes("a"))).isNull();
        assertThat(ks.get(bytes("b"))).isNull();
    }

    /** Counts the batches handed to the storage. */
    private static class CountingStorage extends ForwardingStorage {
        private final AtomicInteger batches;

        CountingStorage(Storage inner, AtomicInteger batches) {
            super(inner);
            this.batches = batches;
        }

        @Override
        public Batch batch() {
            batches.incrementAndGet();
            return inner.batch();
        }
    }
}
