package dev.stratus.platform.edge;

import dev.stratus.platform.RequestIds;
import dev.stratus.platform.WebSocketDoor;
import dev.stratus.protocol.HttpRequest;
import io.helidon.common.buffers.BufferData;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.WritableHeaders;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import io.helidon.websocket.WsUpgradeException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One WebSocket connection on the edge (a new instance per upgrade): takes the session the {@link Upgrades} filter
 * got from the {@link WebSocketDoor} that accepted the upgrade, and relays the connection's frames to it.
 */
final class EdgeWebSocket implements WsListener {
    private final Upgrades upgrades;
    private final AtomicBoolean closed = new AtomicBoolean();
    private WebSocketDoor.Session session;

    EdgeWebSocket(Upgrades upgrades) {
        this.upgrades = upgrades;
    }

    /**
     * Decides on upgrades in an HTTP filter, before Helidon's WebSocket upgrader (which can only refuse with 400):
     * an upgrade no door claims, or one its door refuses, is served as a plain HTTP request instead, so the door's
     * service answers the refusal with its own status. Accepted sessions wait here, by Sec-WebSocket-Key, for the
     * listener Helidon creates for the connection.
     */
    static final class Upgrades {
        /** Bounds the sessions of handshakes that never reach the upgrader (e.g. a bad version): oldest go first. */
        private static final int MAX_PENDING = 4096;
        private final Supplier<EdgeHandler> handler;
        private final Map<String, WebSocketDoor.Session> pending = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, WebSocketDoor.Session> eldest) {
                return size() > MAX_PENDING;
            }
        };

        Upgrades(Supplier<EdgeHandler> handler) {
            this.handler = handler;
        }

        /** The accepted session for this upgrade, or null when it was refused or no door claims it. */
        WebSocketDoor.Session accept(HttpRequest upgrade) {
            for (WebSocketDoor door : handler.get().webSocketDoors()) {
                if (door.claims(upgrade)) {
                    WebSocketDoor.Session session = door.accept(upgrade, RequestIds.next());
                    String key = upgrade.header("Sec-WebSocket-Key");
                    if (session != null && key != null) {
                        synchronized (pending) {
                            pending.put(key, session);
                        }
                    }
                    return session;
                }
            }
            return null;
        }

        WebSocketDoor.Session take(String key) {
            synchronized (pending) {
                return key == null ? null : pending.remove(key);
            }
        }
    }

    static boolean isUpgrade(HttpRequest.Headers headers) {
        String upgrade = headers.first("Upgrade");
        return upgrade != null && upgrade.equalsIgnoreCase("websocket");
    }

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) throws WsUpgradeException {
        session = upgrades.take(headers.first(HeaderNames.create("Sec-WebSocket-Key")).orElse(null));
        if (session == null) {
            throw new WsUpgradeException("no service accepted this WebSocket upgrade");
        }
        String subprotocol = session.subprotocol();
        return subprotocol == null ? Optional.empty()
                : Optional.of(WritableHeaders.create().set(HeaderNames.create("Sec-WebSocket-Protocol"), subprotocol));
    }

    @Override
    public void onOpen(WsSession ws) {
        session.opened(new Peer(ws));
    }

    @Override
    public void onMessage(WsSession ws, String text, boolean last) {
        session.text(text, last);
    }

    @Override
    public void onMessage(WsSession ws, BufferData buffer, boolean last) {
        session.binary(buffer.readBytes(), last);
    }

    @Override
    public void onClose(WsSession ws, int status, String reason) {
        end(status, reason);
    }

    @Override
    public void onError(WsSession ws, Throwable t) {
        end(1006, String.valueOf(t.getMessage()));
    }

    private void end(int status, String reason) {
        if (session != null && closed.compareAndSet(false, true)) {
            session.closed(status, reason == null ? "" : reason);
        }
    }

    /** Sends are serialized: a service may post to a connection from many request threads at once. */
    private record Peer(WsSession ws) implements WebSocketDoor.Peer {

        @Override
        public void send(String text) {
            synchronized (this) {
                ws.send(text, true);
            }
        }

        @Override
        public void close(int code, String reason) {
            synchronized (this) {
                ws.close(code, reason);
            }
        }

        @Override
        public String remoteAddress() {
            SocketAddress address = ws.socketContext().remotePeer().address();
            return address instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : "127.0.0.1";
        }
    }
}
