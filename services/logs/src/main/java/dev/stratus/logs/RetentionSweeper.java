package dev.stratus.logs;

import dev.stratus.logs.EventStore.StoredEvent;
import dev.stratus.platform.PeriodicJob;
import dev.stratus.platform.state.DocumentStore;
import dev.stratus.storage.Batch;
import dev.stratus.storage.Cursor;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes events older than their group's retention period. Reads already hide expired events; this reclaims the
 * space. {@link #sweep()} is one pass and can be called directly (tests drive it with a fixed clock).
 */
final class RetentionSweeper implements AutoCloseable {
    static final Duration DEFAULT_PERIOD = Duration.ofMinutes(1);

    private final LogsState state;
    private final Clock clock;
    private PeriodicJob job;

    RetentionSweeper(LogsState state, Clock clock) {
        this.state = state;
        this.clock = clock;
    }

    /** What one pass removed. */
    record Result(int streams, long events, long bytes) {
    }

    synchronized void start(Duration period) {
        if (job == null) {
            job = PeriodicJob.start("stratus-logs-retention", period, period, this::sweep);
        }
    }

    /** One pass over every group that has a retention policy, in every account and region. */
    Result sweep() {
        long now = clock.millis();
        int streams = 0;
        long events = 0;
        long bytes = 0;
        for (LogGroupRecord group : state.groups.list("")) {
            if (group.retentionInDays() == null) {
                continue;
            }
            long cutoff = Retention.cutoff(group.retentionInDays(), now);
            for (LogStreamRecord stream : state.streamsOf(group.scope(), group.name())) {
                if (stream.firstEventTimestamp() == null || stream.firstEventTimestamp() >= cutoff) {
                    continue;
                }
                long[] removed = expire(group, stream.name(), cutoff);
                if (removed[0] > 0) {
                    streams++;
                    events += removed[0];
                    bytes += removed[1];
                }
            }
        }
        return new Result(streams, events, bytes);
    }

    /** Removes a stream's events before {@code cutoff} a chunk at a time, each chunk with the stream's new summary. */
    private long[] expire(LogGroupRecord group, String streamName, long cutoff) {
        Scope scope = group.scope();
        String streamKey = LogsState.streamKey(scope, group.name(), streamName);
        long[] total = new long[2];
        boolean more = true;
        while (more) {
            more = state.locks.sharedGroup(LogsState.groupKey(scope, group.name()),
                    () -> state.locks.stream(streamKey, () -> {
                        LogStreamRecord stream = state.streams.get(streamKey).orElse(null);
                        if (stream == null) {
                            return false;
                        }
                        List<byte[]> keys = new ArrayList<>();
                        long bytes = 0;
                        Long nextFirst = null;
                        try (Cursor c = state.events.scan(EventStore.start(stream.id()), EventStore.end(stream.id()),
                                false)) {
                            while (c.hasNext()) {
                                var entry = c.next();
                                StoredEvent e = EventStore.decode(entry);
                                if (e.timestamp() >= cutoff || keys.size() == EventStore.DELETE_CHUNK) {
                                    nextFirst = e.timestamp();
                                    break;
                                }
                                keys.add(entry.key());
                                bytes += e.messageBytes();
                            }
                        }
                        if (keys.isEmpty()) {
                            return false;
                        }
                        Batch batch = state.storage.batch();
                        keys.forEach(k -> batch.delete(state.events.keyspace(), k));
                        batch.put(state.streams.keyspace(), DocumentStore.bytes(streamKey),
                                state.streams.encode(stream.afterExpiry(nextFirst, bytes)));
                        batch.commit();
                        total[0] += keys.size();
                        total[1] += bytes;
                        return nextFirst != null && nextFirst < cutoff;
                    }));
        }
        return total;
    }

    @Override
    public synchronized void close() {
        if (job != null) {
            job.close();
            job = null;
        }
    }
}
