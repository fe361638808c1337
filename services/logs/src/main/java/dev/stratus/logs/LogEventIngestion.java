package dev.stratus.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.state.DocumentStore;
import dev.stratus.storage.Batch;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * PutLogEvents: checks a batch against CloudWatch Logs' rules, stores the accepted events and reports the rejected
 * ones. Writers of one stream are serialized (sequence numbers and the stream's summary stay consistent); writers
 * of different streams run in parallel.
 */
final class LogEventIngestion {
    /** Sum of UTF-8 message bytes plus {@link #EVENT_OVERHEAD_BYTES} per event. */
    static final int MAX_BATCH_BYTES = 1_048_576;
    static final int EVENT_OVERHEAD_BYTES = 26;
    static final long MAX_BATCH_SPAN_MILLIS = 24 * 3_600_000L;
    static final long MAX_AGE_MILLIS = 14 * Retention.DAY_MILLIS;
    static final long MAX_FUTURE_MILLIS = 2 * 3_600_000L;

    private final LogsState state;
    private final Clock clock;

    LogEventIngestion(LogsState state, Clock clock) {
        this.state = state;
        this.clock = clock;
    }

    JsonNode put(Scope scope, String groupName, String streamName, JsonNode logEvents) {
        int n = logEvents.size();
        long[] timestamps = new long[n];
        byte[][] messages = new byte[n][];
        long batchBytes = 0;
        for (int i = 0; i < n; i++) {
            JsonNode e = logEvents.get(i);
            timestamps[i] = e.path("timestamp").asLong();
            messages[i] = e.path("message").asText().getBytes(StandardCharsets.UTF_8);
            batchBytes += messages[i].length + EVENT_OVERHEAD_BYTES;
        }
        if (batchBytes > MAX_BATCH_BYTES) {
            throw LogsState.invalid("Upload too large: " + batchBytes + " bytes exceeds limit of " + MAX_BATCH_BYTES);
        }
        for (int i = 1; i < n; i++) {
            if (timestamps[i] < timestamps[i - 1]) {
                throw LogsState.invalid(
                        "Log events in a single PutLogEvents request must be in chronological order.");
            }
        }
        if (n > 0 && timestamps[n - 1] - timestamps[0] > MAX_BATCH_SPAN_MILLIS) {
            throw LogsState.invalid(
                    "The batch of log events in a single PutLogEvents request cannot span more than 24 hours.");
        }
        String groupKey = LogsState.groupKey(scope, groupName);
        String streamKey = LogsState.streamKey(scope, groupName, streamName);
        return state.locks.sharedGroup(groupKey, () -> {
            LogGroupRecord group = state.requireGroup(scope, groupName);
            return state.locks.stream(streamKey, () -> {
                LogStreamRecord stream = state.requireStream(scope, groupName, streamName);
                return store(group, stream, streamKey, timestamps, messages);
            });
        });
    }

    private JsonNode store(LogGroupRecord group, LogStreamRecord stream, String streamKey, long[] timestamps,
                           byte[][] messages) {
        long now = clock.millis();
        int n = timestamps.length;
        // The batch is chronological, so too-old and expired events are a prefix and too-new ones a suffix.
        int tooOldEnd = countBefore(timestamps, now - MAX_AGE_MILLIS);
        long cutoff = Retention.cutoff(group.retentionInDays(), now);
        int expiredEnd = countBefore(timestamps, cutoff);
        int tooNewStart = n;
        while (tooNewStart > 0 && timestamps[tooNewStart - 1] > now + MAX_FUTURE_MILLIS) {
            tooNewStart--;
        }
        int from = Math.max(tooOldEnd, expiredEnd);
        LogStreamRecord updated = stream;
        if (from < tooNewStart) {
            Batch batch = state.storage.batch();
            long sequence = stream.nextSequence();
            long bytes = 0;
            for (int i = from; i < tooNewStart; i++) {
                state.events.put(batch, stream.id(), timestamps[i], sequence++, now, messages[i]);
                bytes += messages[i].length;
            }
            updated = stream.afterPut(timestamps[from], timestamps[tooNewStart - 1], now, sequence, bytes);
            byte[] encoded = state.streams.encode(updated);
            batch.put(state.streams.keyspace(), DocumentStore.bytes(streamKey), encoded);
            batch.commit();
            state.decodedStreams.written(streamKey, encoded, updated); // the next put need not decode it
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("nextSequenceToken", updated.sequenceToken());
        if (tooOldEnd > 0 || expiredEnd > 0 || tooNewStart < n) {
            ObjectNode rejected = out.putObject("rejectedLogEventsInfo");
            if (tooNewStart < n) {
                rejected.put("tooNewLogEventStartIndex", tooNewStart);
            }
            if (tooOldEnd > 0) {
                rejected.put("tooOldLogEventEndIndex", tooOldEnd);
            }
            if (expiredEnd > 0) {
                rejected.put("expiredLogEventEndIndex", expiredEnd);
            }
        }
        return out;
    }

    private static int countBefore(long[] sortedTimestamps, long bound) {
        int i = 0;
        while (i < sortedTimestamps.length && sortedTimestamps[i] < bound) {
            i++;
        }
        return i;
    }
}
