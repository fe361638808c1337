package dev.stratus.sqs;

import dev.stratus.platform.RequestIds;
import dev.stratus.protocol.AwsException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One live queue: its messages in send order, guarded by a lock so a message is never handed to two consumers
 * within its visibility timeout, and a condition long polls wait on. A change is applied here and its writes are
 * queued under the lock; the lock is released before they are stored, and the change is answered only once they
 * are (see {@link GroupCommit}), so what a client was told can always be rebuilt from {@link SqsStore}.
 */
final class SqsQueue {
    /** A message stays invisible at most 12 hours after its first receive, however often the timeout is changed. */
    static final long MAX_TOTAL_VISIBILITY_MS = TimeUnit.HOURS.toMillis(12);
    /** SQS allows one PurgeQueue per queue every 60 seconds. */
    static final long PURGE_INTERVAL_MS = TimeUnit.SECONDS.toMillis(60);
    /** Long polls re-check at least this often, so a test that moves the clock is seen without a send. */
    private static final long MAX_WAIT_SLICE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final QueueKey key;
    private final SqsStore store;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final TreeMap<Long, SqsMessage> messages = new TreeMap<>();
    private final FifoDeduplication deduplication = new FifoDeduplication();
    private final AtomicLong lastSeq = new AtomicLong();
    private volatile QueueRecord record;
    /** The record's attributes every send and receive reads, parsed once per record. */
    private volatile HotAttributes hot;
    private volatile boolean deleted;
    private long lastPurgeAt = Long.MIN_VALUE / 2;
    /** The storage generation this queue's memory was built in (guarded by {@link #lock}). */
    private long generation;

    /** What SendMessage answers. */
    record Sent(String messageId, String sequenceNumber) {
    }

    /**
     * What one receive pass did.
     *
     * @param delivered the received messages (their receipt tokens are new)
     * @param deadLettered messages moved out by the redrive policy, already stored in the dead-letter queue and to
     *                     be {@link #adopt adopted} by it
     */
    record Received(List<SqsMessage> delivered, List<SqsMessage> deadLettered) {
        static final Received NONE = new Received(List.of(), List.of());
    }

    /** Attributes read on every send or receive, parsed from the record's strings once. */
    private record HotAttributes(int maximumMessageSize, int delaySeconds, long retentionMs, int visibilityTimeout,
                                 int receiveWaitSeconds) {
        static HotAttributes of(QueueRecord r) {
            Map<String, String> a = r.attributes();
            return new HotAttributes(QueueAttributes.intValue(a, "MaximumMessageSize"),
                    QueueAttributes.intValue(a, "DelaySeconds"),
                    QueueAttributes.intValue(a, "MessageRetentionPeriod") * 1000L,
                    QueueAttributes.intValue(a, "VisibilityTimeout"),
                    QueueAttributes.intValue(a, "ReceiveMessageWaitTimeSeconds"));
        }
    }

    SqsQueue(QueueRecord record, SqsStore store, List<SqsMessage> stored) {
        this.key = record.key();
        this.record = record;
        this.hot = HotAttributes.of(record);
        this.store = store;
        this.generation = store.generation();
        load(stored);
    }

    /** Takes in stored messages (at start, or after a failed write when the memory is rebuilt). */
    private void load(List<SqsMessage> stored) {
        for (SqsMessage m : stored) {
            messages.put(m.seq(), m);
            lastSeq.accumulateAndGet(m.seq(), Math::max);
            if (fifo() && m.deduplicationId() != null && m.deadLetterSourceArn() == null) {
                // Stored messages keep deduplicating after a restart (deleted ones are forgotten).
                deduplication.remember(perGroupDeduplication(), m.groupId(), m.deduplicationId(),
                        new Sent(m.messageId(), m.sequenceNumber()), m.sentAt());
            }
        }
    }

    /**
     * Takes the lock, first rebuilding the memory from storage when a storage batch failed since it was built: it
     * may hold changes (sends, receives, deletes) that were never stored, and must not show or build on them.
     */
    private void lockCurrent() {
        lock.lock();
        try {
            refreshIfStale();
        } catch (RuntimeException | Error e) {
            lock.unlock();
            throw e;
        }
    }

    private void refreshIfStale() {
        long current = store.generation();
        if (current == generation || deleted) {
            return;
        }
        // Every write of the earlier generation is stored or dropped by now, so storage holds exactly what was kept.
        messages.clear();
        deduplication.clear();
        load(store.messages(key));
        generation = current;
    }

    private boolean perGroupDeduplication() {
        return "messageGroup".equals(record.attributes().get("DeduplicationScope"));
    }

    QueueKey key() {
        return key;
    }

    QueueRecord record() {
        return record;
    }

    void record(QueueRecord updated) {
        this.hot = HotAttributes.of(updated);
        this.record = updated;
    }

    int maximumMessageSize() {
        return hot.maximumMessageSize();
    }

    int delaySeconds() {
        return hot.delaySeconds();
    }

    int visibilityTimeout() {
        return hot.visibilityTimeout();
    }

    int receiveWaitSeconds() {
        return hot.receiveWaitSeconds();
    }

    boolean fifo() {
        return key.fifo();
    }

    /** An increasing sequence, not reused after a restart even when the queue was empty (it follows the clock). */
    long nextSeq(long now) {
        return lastSeq.updateAndGet(prev -> Math.max(prev + 1, now * 1000));
    }

    static String sequenceNumber(long seq) {
        return String.format("%020d", seq);
    }

    /** Sends one message. */
    Sent send(OutgoingMessage out, long now) {
        return send(List.of(out), now).get(0);
    }

    /**
     * Sends messages (one SendMessage, or a batch's valid entries) in one step: one lock, one group of writes, one
     * wait for storage. Returns what each send answers, in order.
     */
    List<Sent> send(List<OutgoingMessage> outs, long now) {
        SqsStore.Changes changes = store.changes();
        List<SqsMessage> added = new ArrayList<>(outs.size());
        // A standard queue promises no order: its messages are numbered and encoded before the lock, which then
        // covers only queueing the writes and adding the messages. A FIFO queue numbers under the lock, in order.
        if (!fifo()) {
            for (OutgoingMessage out : outs) {
                SqsMessage m = newMessage(out, RequestIds.next(), nextSeq(now), now);
                changes.put(key, m);
                added.add(m);
            }
        }
        List<Sent> sent = new ArrayList<>(outs.size());
        lockCurrent();
        try {
            if (deleted) {
                // Deleted while this send waited for the lock: storing it would leave an orphan message.
                throw SqsErrors.queueDoesNotExist();
            }
            if (fifo()) {
                // Memory changed before the writes are queued is rebuilt anyway if queueing them is refused.
                for (OutgoingMessage out : outs) {
                    Sent seen = deduplication.find(perGroupDeduplication(), out.groupId(), out.deduplicationId(), now);
                    if (seen != null) {
                        // The original send may still be on its way to storage: answer once it is there.
                        changes.afterEarlierWrites();
                        sent.add(seen);
                        continue;
                    }
                    SqsMessage m = newMessage(out, RequestIds.next(), nextSeq(now), now);
                    changes.put(key, m);
                    added.add(m);
                    Sent first = new Sent(m.messageId(), m.sequenceNumber());
                    deduplication.remember(perGroupDeduplication(), out.groupId(), out.deduplicationId(), first, now);
                    sent.add(first);
                }
            }
            changes.submit(generation);
            added.forEach(this::add);
        } finally {
            lock.unlock();
        }
        changes.awaitStored();
        if (!fifo()) {
            added.forEach(m -> sent.add(new Sent(m.messageId(), null)));
        }
        return sent;
    }

    private SqsMessage newMessage(OutgoingMessage out, String messageId, long seq, long now) {
        return new SqsMessage(seq, messageId, out.body(), out.bodyMd5(), out.attributes(), out.traceHeader(),
                out.senderId(), now, now + out.delaySeconds() * 1000L, 0, 0, null, out.groupId(),
                fifo() ? out.deduplicationId() : null, fifo() ? sequenceNumber(seq) : null, null);
    }

    /**
     * Receives up to {@code max} messages, waiting up to {@code waitNanos} (real time) for one to become available.
     *
     * @param maxReceiveCount the redrive policy's limit, or 0 for none
     * @param deadLetter the redrive target, or null (messages then stay here whatever their receive count)
     */
    Received receive(int max, int visibilityTimeout, long waitNanos, Clock clock, int maxReceiveCount,
                     SqsQueue deadLetter) throws InterruptedException {
        long deadline = System.nanoTime() + waitNanos;
        SqsStore.Changes changes = store.changes();
        Received r;
        lock.lockInterruptibly();
        try {
            while (true) {
                refreshIfStale();
                if (deleted) {
                    r = Received.NONE;
                    break;
                }
                long now = clock.millis();
                r = takeAvailable(max, visibilityTimeout, now, maxReceiveCount, deadLetter, changes);
                if (!r.delivered().isEmpty() || !r.deadLettered().isEmpty()) {
                    break;
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    r = Received.NONE;
                    break;
                }
                long slice = Math.min(remaining, MAX_WAIT_SLICE_NANOS);
                long nextVisible = nextVisibleAt(now);
                if (nextVisible != Long.MAX_VALUE) {
                    slice = Math.min(slice, TimeUnit.MILLISECONDS.toNanos(Math.max(1, nextVisible - now)));
                }
                changed.awaitNanos(slice);
            }
        } finally {
            lock.unlock();
        }
        // Outside the lock: other consumers take their messages while these receipts are stored.
        changes.awaitStored();
        return r;
    }

    private Received takeAvailable(int max, int visibilityTimeout, long now, int maxReceiveCount,
                                   SqsQueue deadLetter, SqsStore.Changes changes) {
        long retentionMs = hot.retentionMs();
        List<SqsMessage> delivered = new ArrayList<>();
        List<SqsMessage> dead = new ArrayList<>();
        List<SqsMessage> expired = new ArrayList<>();
        Set<String> blockedGroups = new HashSet<>();
        for (SqsMessage m : messages.values()) {
            if (delivered.size() >= max) {
                break;
            }
            if (m.sentAt() + retentionMs <= now) {
                expired.add(m);
                changes.delete(key, m);
                continue;
            }
            if (fifo() && blockedGroups.contains(m.groupId())) {
                continue;
            }
            if (m.visibleAt() > now) {
                // FIFO order: an invisible message (in flight or delayed) holds back the rest of its group.
                if (fifo()) {
                    blockedGroups.add(m.groupId());
                }
                continue;
            }
            if (deadLetter != null && maxReceiveCount > 0 && m.receiveCount() >= maxReceiveCount) {
                long seq = deadLetter.nextSeq(now);
                SqsMessage moved = m.redriven(seq, now, key.arn(), deadLetter.fifo() ? sequenceNumber(seq) : null);
                changes.delete(key, m).put(deadLetter.key(), moved);
                expired.add(m);
                dead.add(moved);
                continue;
            }
            SqsMessage received = m.received(now, now + visibilityTimeout * 1000L, RequestIds.next());
            changes.putDelivery(key, received);
            delivered.add(received);
        }
        changes.submit(generation);
        expired.forEach(this::remove);
        delivered.forEach(m -> messages.put(m.seq(), m));
        return new Received(delivered, dead);
    }

    /**
     * Moves every visible message to the queue {@code destination} picks for it (a message move task), storing
     * each move atomically; returns the moved messages, already stored, for each destination to {@link #adopt}.
     */
    List<Map.Entry<SqsQueue, SqsMessage>> moveVisible(java.util.function.Function<SqsMessage, SqsQueue> destination,
                                                     long now) {
        SqsStore.Changes changes = store.changes();
        List<Map.Entry<SqsQueue, SqsMessage>> moved = new ArrayList<>();
        lockCurrent();
        try {
            List<SqsMessage> gone = new ArrayList<>();
            for (SqsMessage m : messages.values()) {
                SqsQueue target = m.visibleAt() <= now ? destination.apply(m) : null;
                if (target == null) {
                    continue;
                }
                long seq = target.nextSeq(now);
                SqsMessage copy = m.redriven(seq, now, null, target.fifo() ? sequenceNumber(seq) : null);
                changes.delete(key, m).put(target.key(), copy);
                moved.add(Map.entry(target, copy));
                gone.add(m);
            }
            changes.submit(generation);
            gone.forEach(this::remove);
        } finally {
            lock.unlock();
        }
        changes.awaitStored();
        return moved;
    }

    /** Takes in a message a redrive already stored under this queue's key. */
    void adopt(SqsMessage m) {
        lockCurrent();
        try {
            if (!deleted) {
                add(m);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Deletes the message a receipt handle names, when that handle is its latest; a stale handle does nothing. */
    void delete(ReceiptHandle handle) {
        SqsStore.Changes changes = store.changes();
        lockCurrent();
        try {
            SqsMessage m = find(handle);
            if (m == null || !handle.token().equals(m.receiptToken())) {
                return;
            }
            changes.delete(key, m).submit(generation);
            remove(m);
        } finally {
            lock.unlock();
        }
        changes.awaitStored();
    }

    void changeVisibility(ReceiptHandle handle, int seconds, long now) {
        SqsStore.Changes changes = store.changes();
        lockCurrent();
        try {
            SqsMessage m = find(handle);
            if (m == null || !handle.token().equals(m.receiptToken()) || !m.inFlight(now)) {
                throw new AwsException("MessageNotInflight", "Message does not exist or is not available for "
                        + "visibility timeout change.");
            }
            if (now + seconds * 1000L - m.firstReceiveAt() > MAX_TOTAL_VISIBILITY_MS) {
                throw SqsErrors.outOfRange("VisibilityTimeout", seconds, "Total VisibilityTimeout for the message "
                        + "is beyond the limit [43200 seconds]");
            }
            SqsMessage updated = m.withVisibleAt(now + seconds * 1000L);
            changes.putDelivery(key, updated).submit(generation);
            messages.put(updated.seq(), updated);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        changes.awaitStored();
    }

    void purge(long now) {
        SqsStore.Changes changes = store.changes();
        lockCurrent();
        try {
            if (now - lastPurgeAt < PURGE_INTERVAL_MS) {
                throw new AwsException("PurgeQueueInProgress", "Only one PurgeQueue operation on " + key.name()
                        + " is allowed every 60 seconds.");
            }
            messages.values().forEach(m -> changes.delete(key, m));
            changes.submit(generation);
            messages.clear();
                lastPurgeAt = now;
        } finally {
            lock.unlock();
        }
        changes.awaitStored();
    }

    /** Drops messages older than the retention period; returns how many. */
    int expire(long now) {
        SqsStore.Changes changes = store.changes();
        List<SqsMessage> old = new ArrayList<>();
        lockCurrent();
        try {
            long retentionMs = hot.retentionMs();
            for (SqsMessage m : messages.values()) {
                if (m.sentAt() + retentionMs <= now) {
                    old.add(m);
                    changes.delete(key, m);
                }
            }
            changes.submit(generation);
            old.forEach(this::remove);
        } finally {
            lock.unlock();
        }
        changes.awaitStored();
        return old.size();
    }

    /** ApproximateNumberOfMessages, ...NotVisible and ...Delayed, in that order. */
    long[] counts(long now) {
        lockCurrent();
        try {
            long retentionMs = hot.retentionMs();
            long[] c = new long[3];
            for (SqsMessage m : messages.values()) {
                if (m.sentAt() + retentionMs <= now) {
                    continue;
                }
                c[m.inFlight(now) ? 1 : m.delayed(now) ? 2 : 0]++;
            }
            return c;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Marks the queue gone and wakes its long polls, which then return nothing; forgets its messages, so no change
     * to one of them is queued after this.
     */
    void markDeleted() {
        lock.lock();
        try {
            deleted = true;
            messages.clear();
                changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The message a handle names, by its place in the queue (or by id for a handle of an earlier version). */
    private SqsMessage find(ReceiptHandle handle) {
        if (handle.seq() != ReceiptHandle.UNKNOWN_SEQ) {
            SqsMessage m = messages.get(handle.seq());
            return m != null && m.messageId().equals(handle.messageId()) ? m : null;
        }
        for (SqsMessage m : messages.values()) {
            if (m.messageId().equals(handle.messageId())) {
                return m;
            }
        }
        return null;
    }

    private void add(SqsMessage m) {
        messages.put(m.seq(), m);
        changed.signalAll();
    }

    private void remove(SqsMessage m) {
        messages.remove(m.seq());
    }

    private long nextVisibleAt(long now) {
        long next = Long.MAX_VALUE;
        for (Iterator<SqsMessage> it = messages.values().iterator(); it.hasNext(); ) {
            long v = it.next().visibleAt();
            if (v > now && v < next) {
                next = v;
            }
        }
        return next;
    }
}
