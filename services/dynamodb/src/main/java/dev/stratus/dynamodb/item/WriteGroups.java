package dev.stratus.dynamodb.item;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.dynamodb.table.Table;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit of item writes: concurrent PutItem, UpdateItem, DeleteItem and BatchWriteItem requests queue up, and
 * one of them (the leader) runs every queued request in arrival order, reading their items with one multi-get and
 * committing them with one storage batch, while the others wait to be told their outcome.
 *
 * <p>Why: with each request taking its items' lock stripes and then the table's counter lock itself, 32 concurrent
 * BatchWriteItem calls (25 stripes each) formed hold-and-wait chains; requests waited seconds for stripes, and a
 * woken virtual thread that had to queue for a carrier lost its lock to running ones again (p99 over a second, some
 * calls past 2 s). Here no waiter needs to run to make progress: the leader does its work, and requests are served
 * first come, first served. The leader still takes the stripes of its group's keys, so transactions, PartiQL
 * batches, TTL deletions and index backfills (which lock stripes themselves) never interleave with a group.
 */
final class WriteGroups {
    /** Keys one group reads and writes at most; the rest waits for the next group, so one group stays short. */
    static final int MAX_GROUP_KEYS = 1000;

    /** One request's writes, decided from its items as they are when its group runs. */
    @FunctionalInterface
    interface GroupedWrite<T> {
        /**
         * Returns the request's outcome after staging its changes; {@code current} holds the items under its keys, in
         * order (null where absent), including the writes of requests earlier in the group. Throwing fails this
         * request alone, with nothing written.
         */
        T apply(List<ObjectNode> current, Staging staging);
    }

    /** Collects the item changes of one request; they are written only if the request returns normally. */
    static final class Staging {
        private record Change(Table table, byte[] key, ItemImage before, ItemImage after) {
        }

        private final List<Change> changes = new ArrayList<>();

        void stage(Table table, byte[] key, ObjectNode before, ObjectNode after) {
            stage(table, key, ItemImage.of(before), ItemImage.of(after));
        }

        /** Stages images (a put's prepared before its group, so the leader only appends its bytes). */
        void stage(Table table, byte[] key, ItemImage before, ItemImage after) {
            changes.add(new Change(table, key, before, after));
        }
    }

    private static final int WAITING = 0;
    private static final int DONE = 1;
    private static final int LEAD = 2;

    private static final class Pending<T> {
        final List<byte[]> keys;
        final boolean alone;
        final GroupedWrite<T> work;
        final Thread waiter = Thread.currentThread();
        volatile int state = WAITING;
        T result;
        RuntimeException error;
        /** True once the outcome is final: failed alone, or its batch committed (or failed to). */
        boolean settled;

        Pending(List<byte[]> keys, boolean alone, GroupedWrite<T> work) {
            this.keys = keys;
            this.alone = alone;
            this.work = work;
        }

        void signal(int next) {
            state = next;
            LockSupport.unpark(waiter);
        }

        int await() {
            boolean interrupted = false;
            int s;
            while ((s = state) == WAITING) {
                LockSupport.park(this);
                // A write in a group cannot be called off; remember the interrupt for the caller.
                interrupted |= Thread.interrupted();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return s;
        }

        T outcome() {
            if (error != null) {
                throw error;
            }
            return result;
        }
    }

    private final ItemStore store;
    private final ReentrantLock queueLock = new ReentrantLock();
    private final List<Pending<?>> queue = new ArrayList<>();
    private boolean leading;

    WriteGroups(ItemStore store) {
        this.store = store;
    }

    /**
     * Runs {@code work} on the current items under {@code keys} and commits what it stages, together with the
     * requests queued beside it. {@code alone}: commit this request in a batch of its own (a write that the table
     * counters may refuse as a whole, such as an item collection growing past its limit).
     */
    <T> T write(List<byte[]> keys, boolean alone, GroupedWrite<T> work) {
        Pending<T> mine = new Pending<>(keys, alone, work);
        boolean lead;
        queueLock.lock();
        try {
            queue.add(mine);
            lead = !leading;
            leading = true;
        } finally {
            queueLock.unlock();
        }
        if (!lead && mine.await() == DONE) {
            return mine.outcome();
        }
        lead(mine);
        return mine.outcome();
    }

    /** Runs groups from the queue until {@code mine} is done, then hands the lead to the next queued request. */
    private void lead(Pending<?> mine) {
        while (true) {
            List<Pending<?>> group = new ArrayList<>();
            queueLock.lock();
            try {
                int keys = 0;
                while (!queue.isEmpty() && (group.isEmpty() || keys + queue.get(0).keys.size() <= MAX_GROUP_KEYS)) {
                    Pending<?> p = queue.remove(0);
                    keys += p.keys.size();
                    group.add(p);
                }
            } finally {
                queueLock.unlock();
            }
            try {
                run(group);
            } catch (RuntimeException | Error e) {
                // A storage failure outside a commit (reading the items): whatever was not settled did not happen.
                RuntimeException failure = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                for (Pending<?> p : group) {
                    if (!p.settled) {
                        p.result = null;
                        p.error = failure;
                    }
                }
            } finally {
                for (Pending<?> p : group) {
                    if (p != mine) {
                        p.signal(DONE);
                    }
                }
            }
            if (group.contains(mine)) {
                break;
            }
        }
        queueLock.lock();
        try {
            if (queue.isEmpty()) {
                leading = false;
            } else {
                queue.get(0).signal(LEAD);
            }
        } finally {
            queueLock.unlock();
        }
    }

    /** Reads the group's items once, runs each request in order, and commits them in as few batches as allowed. */
    private void run(List<Pending<?>> group) {
        List<byte[]> all = new ArrayList<>();
        group.forEach(p -> all.addAll(p.keys));
        store.locked(all, () -> {
            Map<ByteBuffer, ObjectNode> items = read(all);
            Batch batch = new Batch(store, items);
            for (Pending<?> p : group) {
                if (p.alone) {
                    batch = batch.commit();
                }
                batch.run(p);
                if (p.alone) {
                    batch = batch.commit();
                }
            }
            batch.commit();
            return null;
        });
    }

    /**
     * True when the table counters may refuse a write to {@code table} as a whole (an item collection of a table with
     * a local secondary index growing past its limit): such a request is committed in a batch of its own.
     */
    static boolean mayBeRefused(Table table) {
        return table.indexes().stream().anyMatch(index -> !index.global());
    }

    private Map<ByteBuffer, ObjectNode> read(List<byte[]> keys) {
        Map<ByteBuffer, byte[]> unique = new LinkedHashMap<>();
        keys.forEach(k -> unique.putIfAbsent(ByteBuffer.wrap(k), k));
        List<byte[]> ordered = new ArrayList<>(unique.values());
        List<ObjectNode> current = store.getAll(ordered);
        Map<ByteBuffer, ObjectNode> items = new HashMap<>();
        for (int i = 0; i < ordered.size(); i++) {
            items.put(ByteBuffer.wrap(ordered.get(i)), current.get(i));
        }
        return items;
    }

    /** The requests of one storage batch, and the items as they will be once it commits. */
    private static final class Batch {
        private final ItemStore store;
        private final Map<ByteBuffer, ObjectNode> items;
        /** Made at the first staged change: most groups end with a batch that never gets one. */
        private ItemChanges changes;
        private final List<Pending<?>> members = new ArrayList<>();
        private final Map<ByteBuffer, ObjectNode> before = new HashMap<>();

        Batch(ItemStore store, Map<ByteBuffer, ObjectNode> items) {
            this.store = store;
            this.items = items;
        }

        <T> void run(Pending<T> p) {
            List<ObjectNode> current = new ArrayList<>(p.keys.size());
            p.keys.forEach(k -> current.add(items.get(ByteBuffer.wrap(k))));
            Staging staging = new Staging();
            try {
                p.result = p.work.apply(current, staging);
            } catch (RuntimeException e) {
                p.error = e;
                p.settled = true;
                return;
            }
            for (Staging.Change c : staging.changes) {
                if (changes == null) {
                    changes = store.changes();
                }
                ByteBuffer key = ByteBuffer.wrap(c.key());
                before.putIfAbsent(key, items.get(key));
                changes.stage(c.table(), c.before(), c.after(), false);
                items.put(key, c.after() == null ? null : c.after().item());
            }
            members.add(p);
        }

        /** Commits the batch (failing its members and restoring the items they saw if it fails); returns a new one. */
        Batch commit() {
            if (!members.isEmpty()) {
                try {
                    if (changes != null) {
                        changes.commit();
                    }
                } catch (RuntimeException e) {
                    members.forEach(p -> {
                        p.result = null;
                        p.error = e;
                    });
                    items.putAll(before);
                }
                members.forEach(p -> p.settled = true);
            }
            return new Batch(store, items);
        }
    }
}
