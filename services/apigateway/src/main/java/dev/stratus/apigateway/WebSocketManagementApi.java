package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.HttpFrontDoor;
import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The plain HTTP side of WebSocket APIs: the {@code @connections} management API (apigatewaymanagementapi's
 * PostToConnection, GetConnection, DeleteConnection) at {@code {stage base}/@connections/{connectionId}}, and the
 * answer to an upgrade the gateway refused (or a request that is no upgrade at all).
 */
final class WebSocketManagementApi implements HttpFrontDoor {
    private static final String CONNECTIONS = "/@connections/";

    private final HttpApiStore store;
    private final WebSocketConnections connections;
    private final WebSocketGateway gateway;

    WebSocketManagementApi(HttpApiStore store, WebSocketConnections connections, WebSocketGateway gateway) {
        this.store = store;
        this.connections = connections;
        this.gateway = gateway;
    }

    @Override
    public boolean claims(HttpRequest request) {
        return gateway.claims(request);
    }

    @Override
    public HttpResponse handle(HttpRequest request, String requestId) {
        WebSocketRoute.Target target = WebSocketRoute.resolve(store, request);
        if (target == null || !target.rest().startsWith(CONNECTIONS)) {
            WebSocketGateway.Refusal refusal = gateway.refusal(request);
            if (refusal.errorType() != null) {
                return ExecuteApi.error(refusal.status(), refusal.errorType(), refusal.message());
            }
            int status = refusal.status();
            return switch (status) {
                case 401 -> ExecuteApi.error(401, "UnauthorizedException", "Unauthorized");
                case 403 -> ExecuteApi.error(403, "ForbiddenException", "Forbidden");
                case 500 -> ExecuteApi.error(500, "InternalServerErrorException", "Internal server error");
                // Any other status the $connect function chose, as it chose it.
                default -> HttpResponse.of(status, "application/json", new byte[0]);
            };
        }
        String id = HttpRequest.decode(target.rest().substring(CONNECTIONS.length()), false);
        WebSocketConnection connection = connections.get(id)
                .filter(c -> c.target().api().id().equals(target.api().id())).orElse(null);
        if (connection == null) {
            return ExecuteApi.error(410, "GoneException", null);
        }
        return switch (request.method()) {
            case "POST" -> postToConnection(connection, request.body());
            case "GET" -> getConnection(connection);
            case "DELETE" -> {
                connection.close(1000, "");
                yield HttpResponse.of(204, "application/json", new byte[0]);
            }
            default -> ExecuteApi.error(403, "ForbiddenException", "Forbidden");
        };
    }

    private static HttpResponse postToConnection(WebSocketConnection connection, byte[] data) {
        if (data.length > WebSocketConnection.MAX_MESSAGE_BYTES) {
            return ExecuteApi.error(413, "PayloadTooLargeException", "Message too long");
        }
        try {
            connection.send(new String(data, StandardCharsets.UTF_8));
        } catch (RuntimeException closing) {
            return ExecuteApi.error(410, "GoneException", null);
        }
        return HttpResponse.of(200, "application/json", new byte[0]);
    }

    private static HttpResponse getConnection(WebSocketConnection connection) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("connectedAt", iso(connection.connectedAt()));
        ObjectNode identity = out.putObject("identity");
        identity.put("sourceIp", connection.sourceIp());
        identity.put("userAgent", connection.userAgent() == null ? "" : connection.userAgent());
        out.put("lastActiveAt", iso(connection.lastActiveAt()));
        return HttpResponse.of(200, "application/json", out.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String iso(Instant at) {
        return at.truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
