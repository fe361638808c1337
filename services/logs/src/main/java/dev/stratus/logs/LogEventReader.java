package dev.stratus.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.logs.EventStore.StoredEvent;
import dev.stratus.storage.Cursor;
import dev.stratus.storage.Keys;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * GetLogEvents: one stream's events in time order, newest page first unless {@code startFromHead}, paged with
 * forward and backward tokens. At either end the token that was passed in comes back, so clients know to stop.
 */
final class LogEventReader {
    static final int MAX_EVENTS = 10_000;
    static final int MAX_RESPONSE_BYTES = 1_048_576;

    private final LogsState state;
    private final Clock clock;

    LogEventReader(LogsState state, Clock clock) {
        this.state = state;
        this.clock = clock;
    }

    /** The request, already resolved to a group name. */
    record Query(String group, String stream, Long startTime, Long endTime, String nextToken, Integer limit,
                 boolean startFromHead) {
    }

    JsonNode get(Scope scope, Query q) {
        StreamToken token = null;
        if (q.nextToken() != null) {
            token = StreamToken.parse(q.nextToken());
            if (token == null) {
                throw LogsState.invalid("The specified nextToken is invalid.");
            }
        }
        LogGroupRecord group = state.requireGroup(scope, q.group());
        LogStreamRecord stream = state.requireStream(scope, q.group(), q.stream());
        long id = stream.id();
        // Expired events stay invisible even before the sweeper removes them.
        long lower = Retention.visibleFrom(group.retentionInDays(), clock.millis(), q.startTime());
        byte[] from = EventStore.key(id, lower, 0);
        byte[] to = q.endTime() == null ? EventStore.end(id) : EventStore.key(id, Math.max(0, q.endTime()), 0);
        boolean forward = token == null ? q.startFromHead() : token.forward();
        if (token != null) {
            byte[] at = token.key(id);
            if (forward && Keys.compare(at, from) > 0) {
                from = at;
            } else if (!forward && Keys.compare(at, to) < 0) {
                to = at;
            }
        }
        int limit = q.limit() == null ? MAX_EVENTS : q.limit();
        List<StoredEvent> page = new ArrayList<>();
        long bytes = 0;
        try (Cursor c = state.events.scan(from, to, !forward)) {
            while (c.hasNext() && page.size() < limit) {
                StoredEvent e = EventStore.decode(c.next());
                bytes += e.messageBytes() + LogEventIngestion.EVENT_OVERHEAD_BYTES;
                if (bytes > MAX_RESPONSE_BYTES && !page.isEmpty()) {
                    break;
                }
                page.add(e);
            }
        }
        if (!forward) {
            Collections.reverse(page);
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode events = out.putArray("events");
        for (StoredEvent e : page) {
            events.addObject().put("timestamp", e.timestamp()).put("message", e.message())
                    .put("ingestionTime", e.ingestionTime());
        }
        StreamToken nextForward;
        StreamToken nextBackward;
        if (!page.isEmpty()) {
            StoredEvent first = page.get(0);
            StoredEvent last = page.get(page.size() - 1);
            nextForward = StreamToken.forward(last.timestamp(), last.sequence() + 1);
            nextBackward = StreamToken.backward(first.timestamp(), first.sequence());
        } else if (token != null) {
            nextForward = token.forward() ? token : token.flip();
            nextBackward = token.forward() ? token.flip() : token;
        } else {
            nextForward = StreamToken.forward(lower, 0);
            nextBackward = StreamToken.backward(lower, 0);
        }
        out.put("nextForwardToken", nextForward.text());
        out.put("nextBackwardToken", nextBackward.text());
        return out;
    }
}
