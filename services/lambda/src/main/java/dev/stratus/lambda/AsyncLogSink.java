package dev.stratus.lambda;

import dev.stratus.lambda.runtime.LogEvent;
import dev.stratus.lambda.runtime.LogSink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Ships log batches to another sink on one background thread, so an invocation's answer never waits for
 * PutLogEvents. Whatever queued up while a call ran goes out together, one call per stream, which keeps the cost per
 * invocation low under load while lines still appear within milliseconds (for {@code aws logs tail --follow}).
 */
final class AsyncLogSink implements LogSink, AutoCloseable {
    /** Below PutLogEvents' 10,000 events and 1 MiB per call. */
    static final int MAX_EVENTS_PER_CALL = 5000;
    static final int MAX_BYTES_PER_CALL = 800 * 1024;
    /** How long the shipper waits for more batches after the first before it ships them together. */
    static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private record Batch(String accountId, String region, String group, String stream, List<LogEvent> events) {
        String key() {
            return accountId + "/" + region + "/" + group + "/" + stream;
        }
    }

    private static final Batch STOP = new Batch(null, null, null, null, List.of());

    private final LogSink target;
    private final BlockingQueue<Batch> queue = new LinkedBlockingQueue<>();
    private final Thread shipper;

    AsyncLogSink(LogSink target) {
        this.target = target;
        this.shipper = Thread.ofVirtual().name("lambda-log-shipper").start(this::run);
    }

    @Override
    public void publish(String accountId, String region, String group, String stream, List<LogEvent> events) {
        if (!events.isEmpty()) {
            queue.add(new Batch(accountId, region, group, stream, events));
        }
    }

    private void run() {
        List<Batch> taken = new ArrayList<>();
        boolean stopping = false;
        while (!stopping) {
            try {
                taken.add(queue.take());
                linger(taken);
            } catch (InterruptedException e) {
                stopping = true;
            }
            queue.drainTo(taken);
            stopping |= taken.remove(STOP);
            ship(taken);
            taken.clear();
        }
    }

    /**
     * Collects the batches that arrive within {@link #LINGER_NANOS} of the first: a PutLogEvents call costs far more
     * than the events it carries (validation, the group and stream records, a storage commit), so under load one call
     * per stream every few milliseconds is much cheaper than one per invocation, and lines still appear at once.
     */
    private void linger(List<Batch> taken) throws InterruptedException {
        long until = System.nanoTime() + LINGER_NANOS;
        Batch next = taken.getLast();
        while (next != STOP) {
            long left = until - System.nanoTime();
            next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
                return;
            }
            taken.add(next);
        }
    }

    private void ship(List<Batch> batches) {
        // Queue order is kept per stream: an environment's invocations are sequential, so their events are ordered.
        Map<String, List<Batch>> byStream = new LinkedHashMap<>();
        for (Batch b : batches) {
            byStream.computeIfAbsent(b.key(), k -> new ArrayList<>()).add(b);
        }
        for (List<Batch> same : byStream.values()) {
            Batch first = same.getFirst();
            List<LogEvent> chunk = new ArrayList<>();
            int bytes = 0;
            for (Batch b : same) {
                for (LogEvent e : b.events()) {
                    int size = e.message().length() * 3 + 26;
                    if (!chunk.isEmpty() && (chunk.size() >= MAX_EVENTS_PER_CALL || bytes + size > MAX_BYTES_PER_CALL)) {
                        send(first, chunk);
                        chunk = new ArrayList<>();
                        bytes = 0;
                    }
                    chunk.add(e);
                    bytes += size;
                }
            }
            send(first, chunk);
        }
    }

    private void send(Batch where, List<LogEvent> events) {
        try {
            target.publish(where.accountId(), where.region(), where.group(), where.stream(), events);
        } catch (RuntimeException e) {
            // logging must never fail an invocation, nor stop the shipper
        }
    }

    /** Ships what is queued, then stops. */
    @Override
    public void close() {
        queue.add(STOP);
        try {
            shipper.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
