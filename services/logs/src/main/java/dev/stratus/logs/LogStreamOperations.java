package dev.stratus.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.AwsException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Log streams: create, describe, delete. */
final class LogStreamOperations {
    private final LogsState state;
    private final Clock clock;

    LogStreamOperations(LogsState state, Clock clock) {
        this.state = state;
        this.clock = clock;
    }

    void create(Scope scope, String group, String stream) {
        String streamKey = LogsState.streamKey(scope, group, stream);
        state.locks.sharedGroup(LogsState.groupKey(scope, group), () -> {
            state.requireGroup(scope, group);
            return state.locks.stream(streamKey, () -> {
                if (state.streams.get(streamKey).isPresent()) {
                    throw new AwsException("ResourceAlreadyExistsException",
                            "The specified log stream already exists", 400);
                }
                state.streams.put(streamKey, new LogStreamRecord(group, stream, LogsState.newStreamId(),
                        clock.millis(), null, null, null, 1, 0));
                return null;
            });
        });
    }

    void delete(Scope scope, String group, String stream) {
        String streamKey = LogsState.streamKey(scope, group, stream);
        LogStreamRecord removed = state.locks.sharedGroup(LogsState.groupKey(scope, group), () -> {
            state.requireGroup(scope, group);
            return state.locks.stream(streamKey, () -> {
                LogStreamRecord s = state.requireStream(scope, group, stream);
                state.streams.delete(streamKey);
                return s;
            });
        });
        state.events.purge(removed.id());
    }

    JsonNode describe(Scope scope, JsonNode in) {
        String group = GroupNames.resolve(scope, in);
        String prefix = LogGroupOperations.text(in, "logStreamNamePrefix");
        boolean byTime = "LastEventTime".equals(LogGroupOperations.text(in, "orderBy"));
        if (byTime && prefix != null) {
            throw LogsState.invalid("Cannot order by LastEventTime with a logStreamNamePrefix.");
        }
        boolean descending = in.path("descending").asBoolean(false);
        int limit = in.hasNonNull("limit") ? in.get("limit").asInt() : LogGroupOperations.DEFAULT_DESCRIBE_LIMIT;
        String after = in.hasNonNull("nextToken") ? PageToken.decode(in.get("nextToken").asText()) : null;
        state.requireGroup(scope, group);

        List<LogStreamRecord> streams = new ArrayList<>();
        for (LogStreamRecord s : state.streamsOf(scope, group)) {
            if (prefix == null || s.name().startsWith(prefix)) {
                streams.add(s);
            }
        }
        Comparator<String> order = Comparator.naturalOrder();
        if (descending) {
            order = order.reversed();
        }
        final Comparator<String> keyOrder = order;
        streams.sort(Comparator.comparing(s -> sortKey(s, byTime), keyOrder));
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode items = out.putArray("logStreams");
        String lastKey = null;
        boolean more = false;
        for (LogStreamRecord s : streams) {
            String key = sortKey(s, byTime);
            if (after != null && keyOrder.compare(key, after) <= 0) {
                continue;
            }
            if (items.size() == limit) {
                more = true;
                break;
            }
            items.add(render(scope, s));
            lastKey = key;
        }
        if (more) {
            out.put("nextToken", PageToken.encode(lastKey));
        }
        return out;
    }

    /** Name order, or last event time (zero-padded so strings sort like numbers) then name. */
    private static String sortKey(LogStreamRecord s, boolean byTime) {
        if (!byTime) {
            return s.name();
        }
        long t = s.lastEventTimestamp() == null ? 0 : s.lastEventTimestamp();
        return String.format("%020d", t) + ":" + s.name();
    }

    private static ObjectNode render(Scope scope, LogStreamRecord s) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("logStreamName", s.name());
        o.put("creationTime", s.creationTime());
        if (s.firstEventTimestamp() != null) {
            o.put("firstEventTimestamp", s.firstEventTimestamp());
        }
        if (s.lastEventTimestamp() != null) {
            o.put("lastEventTimestamp", s.lastEventTimestamp());
        }
        if (s.lastIngestionTime() != null) {
            o.put("lastIngestionTime", s.lastIngestionTime());
        }
        o.put("uploadSequenceToken", s.sequenceToken());
        o.put("arn", LogArns.stream(scope, s.groupName(), s.name()));
        // AWS has reported zero for streams since 2019; the group total still counts them.
        o.put("storedBytes", 0);
        return o;
    }
}
