package dev.stratus.sqs;

import dev.stratus.storage.Batch;
import dev.stratus.storage.Keyspace;
import dev.stratus.storage.Storage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Message writes of every queue, stored in the order they were queued, many requests' writes per storage batch.
 *
 * <p>A queue applies a change to its memory and queues the change's writes under its own lock (so writes queue in
 * the order the changes were made), then, outside that lock, waits until they are stored before it answers. The
 * first waiter that finds no batch being written writes everything queued so far, for every waiter (group commit).
 * So a queue's lock is never held across a storage write, and 32 concurrent senders cost a few batches, not 32
 * writes one after another. A change that depends on another (a receive of a message just sent) is queued after
 * it, so it is never acknowledged before what it depends on is stored.
 *
 * <p>A batch that fails takes down with it the writes queued after it (they may build on it: a receive of a message
 * whose send was not stored), and moves the {@link #generation()} on: a queue whose memory was built in an earlier
 * generation may hold changes that were never stored, so {@link #queue} refuses its writes until it has rebuilt its
 * memory from storage.
 */
final class GroupCommit {
    /** One write: a put, or a delete when {@code value} is null. */
    record Write(Keyspace keyspace, byte[] key, byte[] value) {
    }

    /** Writes queued together and stored by one batch; done once that batch returned (or failed). */
    static final class Group {
        private final List<Write> writes = new ArrayList<>();
        /** Its waiters wait here, so a stored batch wakes only its own waiters, not every queued one. */
        private final Condition stored;
        private boolean done;
        private Throwable failure;

        private Group(Condition stored) {
            this.stored = stored;
        }
    }

    private final Storage storage;
    private final ReentrantLock lock = new ReentrantLock();
    private Group open = new Group(lock.newCondition());
    private boolean writing;
    /** Written under {@link #lock}; volatile so queues can compare it without taking the lock. */
    private volatile long generation;

    GroupCommit(Storage storage) {
        this.storage = storage;
    }

    /** How many batches have failed so far: memory built before the latest failure must be rebuilt from storage. */
    long generation() {
        return generation;
    }

    /**
     * Queues writes behind every write queued before; returns the group to {@link #await}.
     *
     * @param builtIn the generation the caller's memory was built in
     * @throws StaleMemory when a batch failed since then (nothing is queued)
     */
    Group queue(List<Write> writes, long builtIn) {
        lock.lock();
        try {
            if (builtIn != generation) {
                throw new StaleMemory();
            }
            open.writes.addAll(writes);
            return open;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the group is stored, writing it (with whatever else is queued) when nobody else is writing. */
    void await(Group group) {
        lock.lock();
        try {
            while (!group.done) {
                if (writing) {
                    group.stored.awaitUninterruptibly();
                    continue;
                }
                writing = true;
                Group batch = open;
                open = new Group(lock.newCondition());
                Throwable failure = null;
                lock.unlock();
                try {
                    store(batch.writes);
                } catch (RuntimeException | Error e) {
                    failure = e;
                } finally {
                    lock.lock();
                    writing = false;
                    batch.failure = failure;
                    batch.done = true;
                    batch.stored.signalAll();
                    if (failure != null) {
                        // What queued meanwhile may build on the failed writes: it is never written either.
                        generation++;
                        Group dropped = open;
                        open = new Group(lock.newCondition());
                        dropped.failure = failure;
                        dropped.done = true;
                        dropped.stored.signalAll();
                    }
                    // One waiter of what queued meanwhile writes it next (the others keep sleeping).
                    if (lock.hasWaiters(open.stored)) {
                        open.stored.signal();
                    }
                }
            }
            // Every waiter of a failed batch fails: none of its writes is stored.
            if (group.failure instanceof Error e) {
                throw e;
            }
            if (group.failure != null) {
                throw (RuntimeException) group.failure;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits until everything queued so far is stored or has failed (a failed write is not stored either way). */
    void awaitQueued() {
        Group group;
        lock.lock();
        try {
            group = open;
        } finally {
            lock.unlock();
        }
        try {
            await(group);
        } catch (RuntimeException e) {
            // Its writers were told; the caller only needs nothing of it to land later.
        }
    }

    /** A queue's memory was built before a batch failed: it must be rebuilt from storage before it writes again. */
    static final class StaleMemory extends RuntimeException {
        StaleMemory() {
            super("a storage batch failed since this queue's memory was built", null, false, false);
        }
    }

    private void store(List<Write> writes) {
        if (writes.isEmpty()) {
            return;
        }
        Batch batch = storage.batch();
        for (Write w : writes) {
            if (w.value() == null) {
                batch.delete(w.keyspace(), w.key());
            } else {
                batch.put(w.keyspace(), w.key(), w.value());
            }
        }
        batch.commit();
    }
}
