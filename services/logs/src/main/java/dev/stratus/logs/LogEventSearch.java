package dev.stratus.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.logs.EventStore.StoredEvent;
import dev.stratus.logs.filter.FilterPattern;
import dev.stratus.storage.Cursor;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * FilterLogEvents: the events of a log group (or some of its streams) in time order across streams, matched
 * against a filter pattern. Each stream is one range scan; the scans are merged by (timestamp, stream, sequence).
 */
final class LogEventSearch {
    private final LogsState state;
    private final Clock clock;

    LogEventSearch(LogsState state, Clock clock) {
        this.state = state;
        this.clock = clock;
    }

    /** The request, already resolved to a group name. */
    record Query(String group, List<String> streamNames, String streamPrefix, Long startTime, Long endTime,
                 String filterPattern, String nextToken, Integer limit) {
    }

    JsonNode filter(Scope scope, Query q) {
        if (q.streamNames() != null && q.streamPrefix() != null) {
            throw LogsState.invalid("logStreamNames and logStreamNamePrefix are mutually exclusive parameters.");
        }
        SearchToken after = null;
        if (q.nextToken() != null) {
            after = SearchToken.parse(q.nextToken());
            if (after == null) {
                throw LogsState.invalid("The specified nextToken is invalid.");
            }
        }
        FilterPattern pattern = FilterPattern.parse(q.filterPattern());
        LogGroupRecord group = state.requireGroup(scope, q.group());
        long lower = Retention.visibleFrom(group.retentionInDays(), clock.millis(), q.startTime());
        long upper = q.endTime() == null ? Long.MAX_VALUE : q.endTime();
        long scanFrom = after == null ? lower : Math.max(lower, after.timestamp());
        int limit = q.limit() == null ? LogEventReader.MAX_EVENTS : q.limit();

        List<StreamScan> scans = new ArrayList<>();
        PriorityQueue<StreamScan> heads = new PriorityQueue<>();
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode events = out.putArray("events");
        try {
            Set<String> wanted = q.streamNames() == null ? null : Set.copyOf(q.streamNames());
            for (LogStreamRecord s : state.streamsOf(scope, q.group())) {
                if ((wanted != null && !wanted.contains(s.name()))
                        || (q.streamPrefix() != null && !s.name().startsWith(q.streamPrefix()))
                        || s.firstEventTimestamp() == null || s.lastEventTimestamp() < scanFrom
                        || s.firstEventTimestamp() > upper || scanFrom > upper) {
                    continue;
                }
                byte[] to = upper == Long.MAX_VALUE ? EventStore.end(s.id()) : EventStore.key(s.id(), upper + 1, 0);
                StreamScan scan = new StreamScan(s, state.events.scan(EventStore.key(s.id(), scanFrom, 0), to, false));
                scans.add(scan);
                if (scan.advance()) {
                    heads.add(scan);
                }
            }
            long bytes = 0;
            SearchToken last = null;
            boolean more = false;
            while (!heads.isEmpty()) {
                StreamScan head = heads.poll();
                StoredEvent e = head.current;
                SearchToken position = new SearchToken(e.timestamp(), head.stream.name(), e.sequence());
                if (head.advance()) {
                    heads.add(head);
                }
                if ((after != null && position.compareTo(after) <= 0) || !pattern.matches(e.message())) {
                    continue;
                }
                bytes += e.messageBytes() + LogEventIngestion.EVENT_OVERHEAD_BYTES;
                if (events.size() >= limit || (bytes > LogEventReader.MAX_RESPONSE_BYTES && !events.isEmpty())) {
                    more = true;
                    break;
                }
                events.addObject().put("logStreamName", head.stream.name()).put("timestamp", e.timestamp())
                        .put("message", e.message()).put("ingestionTime", e.ingestionTime())
                        .put("eventId", eventId(head.stream.id(), e));
                last = position;
            }
            out.putArray("searchedLogStreams");
            if (more) {
                out.put("nextToken", last.text());
            }
        } finally {
            scans.forEach(s -> s.cursor.close());
        }
        return out;
    }

    /** A 56-digit event id like AWS's, unique within the group: stream id, timestamp and sequence side by side. */
    static String eventId(long streamId, StoredEvent e) {
        return String.format("%019d%018d%019d", streamId, e.timestamp(), e.sequence());
    }

    /** One stream's cursor and its current event, ordered for the merge. */
    private static final class StreamScan implements Comparable<StreamScan> {
        final LogStreamRecord stream;
        final Cursor cursor;
        StoredEvent current;

        StreamScan(LogStreamRecord stream, Cursor cursor) {
            this.stream = stream;
            this.cursor = cursor;
        }

        boolean advance() {
            current = cursor.hasNext() ? EventStore.decode(cursor.next()) : null;
            return current != null;
        }

        @Override
        public int compareTo(StreamScan o) {
            int c = Long.compare(current.timestamp(), o.current.timestamp());
            if (c == 0) {
                c = stream.name().compareTo(o.stream.name());
            }
            return c != 0 ? c : Long.compare(current.sequence(), o.current.sequence());
        }
    }
}
