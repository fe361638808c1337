package dev.stratus.apigateway;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open connections of every WebSocket API, by connection id, and the time limits AWS puts on them. Held in
 * memory only: a connection cannot outlive the process that holds its socket.
 */
final class WebSocketConnections {
    /** AWS closes a connection with no messages either way for 10 minutes. */
    static final Duration IDLE_TIMEOUT = Duration.ofMinutes(10);
    /** AWS closes any connection 2 hours after it opened. */
    static final Duration MAX_CONNECTION_DURATION = Duration.ofHours(2);
    /** Close code AWS sends for either limit ("Going away"). */
    static final int GOING_AWAY = 1001;

    private final Map<String, WebSocketConnection> open = new ConcurrentHashMap<>();
    private final Clock clock;

    WebSocketConnections(Clock clock) {
        this.clock = clock;
    }

    Instant now() {
        return clock.instant();
    }

    void add(WebSocketConnection connection) {
        open.put(connection.id(), connection);
    }

    void remove(String id) {
        open.remove(id);
    }

    Optional<WebSocketConnection> get(String id) {
        return Optional.ofNullable(open.get(id));
    }

    /** Closes connections past either limit; the sweeper calls this periodically, tests call it directly. */
    List<WebSocketConnection> sweep() {
        Instant now = clock.instant();
        List<WebSocketConnection> expired = open.values().stream()
                .filter(c -> !now.isBefore(c.lastActiveAt().plus(IDLE_TIMEOUT))
                        || !now.isBefore(c.connectedAt().plus(MAX_CONNECTION_DURATION)))
                .toList();
        for (WebSocketConnection c : expired) {
            open.remove(c.id());
            c.close(GOING_AWAY, "Going away");
        }
        return expired;
    }
}
