package dev.stratus.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.storage.Batch;
import dev.stratus.storage.Keyspace;
import dev.stratus.storage.MemoryStorage;
import dev.stratus.storage.Snapshot;
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
                    commits.await(commits.queue(List.of(new GroupCommit.Write(ks, bytes(key), bytes("v")))));
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
        commits.queue(List.of(new GroupCommit.Write(ks, bytes("a"), bytes("1"))));
        commits.queue(List.of(new GroupCommit.Write(ks, bytes("a"), null), new GroupCommit.Write(ks, bytes("b"),
                bytes("2"))));
        commits.await(commits.queue(List.of(new GroupCommit.Write(ks, bytes("b"), bytes("3")))));
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
        GroupCommit.Group first = commits.queue(List.of(new GroupCommit.Write(ks, bytes("a"), bytes("1"))));
        assertThatThrownBy(() -> commits.await(first)).hasMessage("disk full");
        commits.await(commits.queue(List.of(new GroupCommit.Write(ks, bytes("b"), bytes("2")))));
        assertThat(ks.get(bytes("a"))).isNull();
        assertThat(ks.get(bytes("b"))).asString().isEqualTo("2");
    }

    /** Counts the batches handed to the storage. */
    private static class CountingStorage implements Storage {
        private final Storage inner;
        private final AtomicInteger batches;

        CountingStorage(Storage inner, AtomicInteger batches) {
            this.inner = inner;
            this.batches = batches;
        }

        @Override
        public Keyspace keyspace(String name) {
            return inner.keyspace(name);
        }

        @Override
        public Batch batch() {
            batches.incrementAndGet();
            return inner.batch();
        }

        @Override
        public Snapshot snapshot() {
            return inner.snapshot();
        }

        @Override
        public String engine() {
            return inner.engine();
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
