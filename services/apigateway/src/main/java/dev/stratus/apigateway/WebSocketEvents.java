package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.HttpRequest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The Lambda proxy events of WebSocket APIs: CONNECT, MESSAGE and DISCONNECT, shaped as AWS sends them. */
final class WebSocketEvents {
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebSocketEvents() {
    }

    /** What every event's requestContext carries about its connection and the request. */
    record Context(WebSocketRoute.Target target, String connectionId, Instant connectedAt, String sourceIp,
                   String userAgent, String requestId, Instant at, ObjectNode authorizer, ObjectNode caller) {
    }

    /** AWS-like opaque ids (connection, message, extended request ids): 12 base64url characters and '='. */
    static String id() {
        byte[] b = new byte[9];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().encodeToString(b) + "=";
    }

    /** $connect: the upgrade request's headers and query string. */
    static ObjectNode connect(Context c, HttpRequest upgrade) {
        ObjectNode e = F.objectNode();
        headers(e, upgrade);
        Map<String, List<String>> query = upgrade.queryParams();
        if (!query.isEmpty()) {
            ObjectNode single = e.putObject("queryStringParameters");
            ObjectNode multi = e.putObject("multiValueQueryStringParameters");
            query.forEach((k, v) -> {
                single.put(k, v.getLast());
                v.forEach(multi.putArray(k)::add);
            });
        }
        e.set("requestContext", context(c, "$connect", "CONNECT"));
        e.put("isBase64Encoded", false);
        return e;
    }

    static ObjectNode message(Context c, String routeKey, String body) {
        ObjectNode e = F.objectNode();
        ObjectNode ctx = context(c, routeKey, "MESSAGE");
        ctx.put("messageId", id());
        e.set("requestContext", ctx);
        e.put("body", body);
        e.put("isBase64Encoded", false);
        return e;
    }

    /** $disconnect: the upgrade's headers again, and how the connection ended. */
    static ObjectNode disconnect(Context c, HttpRequest upgrade, int statusCode, String reason) {
        ObjectNode e = F.objectNode();
        headers(e, upgrade);
        ObjectNode ctx = context(c, "$disconnect", "DISCONNECT");
        ctx.put("disconnectStatusCode", statusCode);
        ctx.put("disconnectReason", reason);
        e.set("requestContext", ctx);
        e.put("isBase64Encoded", false);
        return e;
    }

    private static void headers(ObjectNode e, HttpRequest upgrade) {
        ObjectNode single = e.putObject("headers");
        ObjectNode multi = e.putObject("multiValueHeaders");
        upgrade.headers().asMap().forEach((k, v) -> {
            single.put(k, v.getLast());
            v.forEach(multi.putArray(k)::add);
        });
    }

    private static ObjectNode context(Context c, String routeKey, String eventType) {
        ObjectNode ctx = F.objectNode();
        ctx.put("routeKey", routeKey);
        ctx.put("eventType", eventType);
        ctx.put("extendedRequestId", id());
        ctx.put("requestTime", REQUEST_TIME.format(c.at()));
        ctx.put("messageDirection", "IN");
        ctx.put("stage", c.target().stage());
        ctx.put("connectedAt", c.connectedAt().toEpochMilli());
        ctx.put("requestTimeEpoch", c.at().toEpochMilli());
        ObjectNode identity = ctx.putObject("identity");
        if (c.userAgent() != null) {
            identity.put("userAgent", c.userAgent());
        }
        identity.put("sourceIp", c.sourceIp());
        if (c.caller() != null) {
            identity.setAll(c.caller().deepCopy());
        }
        ctx.put("requestId", c.requestId());
        ctx.put("domainName", c.target().domainName());
        ctx.put("connectionId", c.connectionId());
        ctx.put("apiId", c.target().api().id());
        if (c.authorizer() != null) {
            ctx.set("authorizer", c.authorizer().deepCopy());
        }
        return ctx;
    }
}
