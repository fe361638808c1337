package dev.stratus.apigateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.platform.WebSocketDoor;
import dev.stratus.platform.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** AWS's WebSocket limits, on a clock instead of real waits: idle 10 minutes, 2 hours per connection, 128 KB. */
class WebSocketLimitsTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final WebSocketConnections connections = new WebSocketConnections(clock);
    final WebSocketGateway gateway = new WebSocketGateway(null, null, connections, null, null, null, null);

    /** A peer that records what the gateway does to the client. */
    static final class RecordingPeer implements WebSocketDoor.Peer {
        final List<String> sent = new ArrayList<>();
        final List<Integer> closes = new ArrayList<>();

        @Override
        public void send(String text) {
            sent.add(text);
        }

        @Override
        public void close(int code, String reason) {
            closes.add(code);
        }

        @Override
        public String remoteAddress() {
            return "127.0.0.1";
        }
    }

    RecordingPeer open(String id) {
        WebSocketConnection c = new WebSocketConnection(id, null, null, clock.instant(), "127.0.0.1", "test",
                gateway);
        RecordingPeer peer = new RecordingPeer();
        c.opened(peer);
        return peer;
    }

    @Test
    void idleConnectionsCloseAfterTenMinutes() {
        RecordingPeer peer = open("a");
        clock.advance(WebSocketConnections.IDLE_TIMEOUT.minusSeconds(1));
        assertThat(connections.sweep()).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(connections.sweep()).extracting(WebSocketConnection::id).containsExactly("a");
        assertThat(peer.closes).containsExactly(WebSocketConnections.GOING_AWAY);
        assertThat(connections.get("a")).isEmpty();
    }

    @Test
    void activityKeepsAConnectionOpenUntilItsTwoHoursAreUp() {
        RecordingPeer peer = open("b");
        WebSocketConnection c = connections.get("b").orElseThrow();
        for (Duration t = Duration.ZERO; t.compareTo(WebSocketConnections.MAX_CONNECTION_DURATION) < 0;
             t = t.plus(Duration.ofMinutes(5))) {
            clock.advance(Duration.ofMinutes(5));
            c.send("ping");
            if (t.plusMinutes(5).compareTo(WebSocketConnections.MAX_CONNECTION_DURATION) < 0) {
                assertThat(connections.sweep()).as("after %s", t.plusMinutes(5)).isEmpty();
            }
        }
        assertThat(connections.sweep()).extracting(WebSocketConnection::id).containsExactly("b");
        assertThat(peer.closes).containsExactly(WebSocketConnections.GOING_AWAY);
    }

    @Test
    void aMessageOver128KbClosesWith1009AndIsNotRouted() {
        RecordingPeer peer = open("c");
        WebSocketConnection c = connections.get("c").orElseThrow();
        String part = "x".repeat(32 * 1024);
        for (int i = 0; i < 4; i++) {
            c.text(part, false);
        }
        assertThat(peer.closes).isEmpty();
        c.text("y", true);
        assertThat(peer.closes).containsExactly(WebSocketConnection.MESSAGE_TOO_BIG);
    }
}
