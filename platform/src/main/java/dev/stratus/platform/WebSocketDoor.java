package dev.stratus.platform;

import dev.stratus.protocol.HttpRequest;

/**
 * WebSocket connections a service accepts on the edge's port (API Gateway's WebSocket APIs). A service exposes one
 * through {@link Service#webSocketDoor()}; the edge offers it every upgrade request and relays the accepted
 * connection's messages. An upgrade no door accepts goes on as a plain HTTP request, so a door that refuses one
 * can answer it (with the status it chose) from its service's {@link HttpFrontDoor}.
 */
public interface WebSocketDoor {

    /** Whether this upgrade request is for this door; must be cheap. */
    boolean claims(HttpRequest upgrade);

    /**
     * Decides on a claimed upgrade before the handshake is answered (may block, e.g. to call a function).
     *
     * @return the connection's session, or null to refuse the upgrade
     */
    Session accept(HttpRequest upgrade, String requestId);

    /** One accepted connection as the service sees it; the edge calls it from the connection's reader thread. */
    interface Session {

        /**
         * The subprotocol the handshake answers with in {@code Sec-WebSocket-Protocol} (chosen when the upgrade was
         * accepted), or null for none.
         */
        default String subprotocol() {
            return null;
        }

        /** The handshake is done: {@code peer} can send from now on. */
        void opened(Peer peer);

        /** A text frame; {@code last} is false for all but the final fragment of a message. */
        void text(String part, boolean last);

        /** A binary frame; {@code last} is false for all but the final fragment of a message. */
        void binary(byte[] part, boolean last);

        /** The connection ended (either side closed it, or it broke: code 1006); called at most once. */
        void closed(int code, String reason);
    }

    /** The edge's end of one connection: what a service may do with it. Thread-safe. */
    interface Peer {

        void send(String text);

        /** Sends a close frame; the session's {@link Session#closed} follows. */
        void close(int code, String reason);

        /** The client's IP address as the socket sees it. */
        String remoteAddress();
    }
}
