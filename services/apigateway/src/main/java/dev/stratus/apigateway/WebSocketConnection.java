package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.WebSocketDoor;
import dev.stratus.protocol.HttpRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One client connection to a WebSocket API: what it connected with, its activity times, and the assembly of its
 * fragmented messages up to AWS's message limit. Complete messages and the close go to the {@link WebSocketGateway}.
 */
final class WebSocketConnection implements WebSocketDoor.Session {
    /** AWS's limit on a whole (possibly fragmented) message: 128 KB. */
    static final int MAX_MESSAGE_BYTES = 128 * 1024;
    /** Close code for a message over the limit ("Message too big"). */
    static final int MESSAGE_TOO_BIG = 1009;

    private final String id;
    private final WebSocketRoute.Target target;
    private final HttpRequest upgrade;
    private final Instant connectedAt;
    private final String userAgent;
    private final WebSocketGateway gateway;
    private final ByteArrayOutputStream message = new ByteArrayOutputStream();
    private volatile Instant lastActiveAt;
    /** What the $connect authorizer returned (principalId and context), or null without one. */
    private volatile ObjectNode authorizer;
    /** The SigV4 caller's identity members when $connect is AWS_IAM, or null. */
    private volatile ObjectNode caller;
    /** The subprotocol the $connect integration chose (answered in the handshake), or null. */
    private volatile String subprotocol;
    /** The $connect authorizer's usageIdentifierKey, or null. */
    private volatile String usageIdentifierKey;
    private volatile WebSocketDoor.Peer peer;
    private final String sourceIp;
    /** Set once the message being assembled went over the limit: its remaining fragments are dropped. */
    private boolean discarding;

    WebSocketConnection(String id, WebSocketRoute.Target target, HttpRequest upgrade, Instant connectedAt,
                        String sourceIp, String userAgent, WebSocketGateway gateway) {
        this.id = id;
        this.target = target;
        this.upgrade = upgrade;
        this.connectedAt = connectedAt;
        this.lastActiveAt = connectedAt;
        this.sourceIp = sourceIp;
        this.userAgent = userAgent;
        this.gateway = gateway;
    }

    String id() {
        return id;
    }

    WebSocketRoute.Target target() {
        return target;
    }

    /** The upgrade request: its headers go to $disconnect too. */
    HttpRequest upgrade() {
        return upgrade;
    }

    Instant connectedAt() {
        return connectedAt;
    }

    ObjectNode authorizer() {
        return authorizer;
    }

    void authorizedAs(ObjectNode context, String usageIdentifierKey) {
        this.authorizer = context;
        this.usageIdentifierKey = usageIdentifierKey;
    }

    void subprotocol(String chosen) {
        this.subprotocol = chosen;
    }

    @Override
    public String subprotocol() {
        return subprotocol;
    }

    String usageIdentifierKey() {
        return usageIdentifierKey;
    }

    ObjectNode caller() {
        return caller;
    }

    void signedBy(ObjectNode callerIdentity) {
        this.caller = callerIdentity;
    }

    /** Adds {@code apiKey} and {@code apiKeyId} to requestContext.identity of this and later events. */
    void keyed(String apiKey, String apiKeyId) {
        ObjectNode identity = caller == null ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                .objectNode() : caller.deepCopy();
        identity.put("apiKey", apiKey);
        identity.put("apiKeyId", apiKeyId);
        this.caller = identity;
    }

    Instant lastActiveAt() {
        return lastActiveAt;
    }

    String sourceIp() {
        return sourceIp;
    }

    String userAgent() {
        return userAgent;
    }

    @Override
    public void opened(WebSocketDoor.Peer peer) {
        this.peer = peer;
        gateway.opened(this);
    }

    @Override
    public void text(String part, boolean last) {
        append(part.getBytes(StandardCharsets.UTF_8), last);
    }

    @Override
    public void binary(byte[] part, boolean last) {
        append(part, last);
    }

    private void append(byte[] part, boolean last) {
        lastActiveAt = gateway.now();
        if (!discarding && message.size() + part.length > MAX_MESSAGE_BYTES) {
            discarding = true;
            message.reset();
            close(MESSAGE_TOO_BIG, "Message too big");
        }
        if (!discarding) {
            message.writeBytes(part);
        }
        if (last) {
            if (!discarding) {
                gateway.received(this, message.toString(StandardCharsets.UTF_8));
            }
            message.reset();
            discarding = false;
        }
    }

    @Override
    public void closed(int code, String reason) {
        gateway.closed(this, code, reason);
    }

    /** Sends a message to the client (PostToConnection, a route response, an error). */
    void send(String text) {
        lastActiveAt = gateway.now();
        peer.send(text);
    }

    void close(int code, String reason) {
        WebSocketDoor.Peer p = peer;
        if (p != null) {
            p.close(code, reason);
        }
    }
}
