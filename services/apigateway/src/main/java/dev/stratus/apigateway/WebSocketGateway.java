package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestIds;
import dev.stratus.platform.WebSocketDoor;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.auth.Authenticator;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.sigv4.SigV4Scope;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The data plane of WebSocket APIs: accepts upgrades after the $connect route's integration allows them, routes
 * each message by the API's RouteSelectionExpression (else $default), and tells $disconnect when a connection ends.
 */
final class WebSocketGateway implements WebSocketDoor {
    private static final Logger LOG = Logger.getLogger("stratus.apigateway");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Refusals remembered for the plain HTTP request a refused upgrade becomes; bounded, oldest dropped. */
    private static final int MAX_PENDING_REFUSALS = 1024;

    private final HttpApiStore store;
    private final HttpIntegrationCall calls;
    private final WebSocketConnections connections;
    private final WebSocketAuthorizer authorizers;
    /** Checks the SigV4 signature of an upgrade to a $connect route with AuthorizationType AWS_IAM. */
    private final Authenticator authenticator;
    /** Strict mode's IAM policy check of an AWS_IAM $connect. */
    private final ExecuteApiAccess access;
    /** Messages run on their own virtual threads, so that a slow function does not hold up the next message. */
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    /** Admission: API keys and throttling. */
    private final WebSocketAdmission admission;
    /** Non-proxy integrations (MOCK, AWS, HTTP) with their templates and integration responses. */
    private final WebSocketMappedIntegration mapped;
    private final Map<String, Refusal> refusals = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Refusal> eldest) {
            return size() > MAX_PENDING_REFUSALS;
        }
    };

    /**
     * How a refused upgrade is answered: the status, and the x-amzn-ErrorType and message of a gateway refusal (both
     * null for a status the $connect function chose).
     */
    record Refusal(int status, String errorType, String message) {
        static Refusal of(int status) {
            return new Refusal(status, null, null);
        }
    }

    WebSocketGateway(HttpApiStore store, HttpIntegrationCall calls, WebSocketConnections connections,
                     Authenticator authenticator, ExecuteApiAccess access, WebSocketAdmission admission,
                     WebSocketMappedIntegration mapped) {
        this.store = store;
        this.admission = admission;
        this.mapped = mapped;
        this.calls = calls;
        this.connections = connections;
        this.authorizers = new WebSocketAuthorizer(calls);
        this.authenticator = authenticator;
        this.access = access;
    }

    Instant now() {
        return connections.now();
    }

    @Override
    public boolean claims(HttpRequest upgrade) {
        ExecuteApi.Target t = ExecuteApi.executeApiTarget(upgrade);
        return t != null && store.byId(t.apiId()).filter(WebSocketRoute::isWebSocket).isPresent();
    }

    @Override
    public Session accept(HttpRequest upgrade, String requestId) {
        WebSocketRoute.Target target = WebSocketRoute.resolve(store, upgrade);
        if (target == null || target.api().api().path("DisableExecuteApiEndpoint").asBoolean()) {
            refuse(upgrade, 403);
            return null;
        }
        Instant now = now();
        String id = WebSocketEvents.id();
        WebSocketConnection connection = new WebSocketConnection(id, target, upgrade, now, sourceIp(upgrade),
                upgrade.header("User-Agent"), this);
        ObjectNode route = target.route("$connect");
        if (route != null && "AWS_IAM".equals(route.path("AuthorizationType").asText())) {
            ObjectNode caller = signer(upgrade, target, requestId, now);
            if (caller == null) {
                refuse(upgrade, 403);
                return null;
            }
            connection.signedBy(caller);
        }
        if (route != null && "CUSTOM".equals(route.path("AuthorizationType").asText())) {
            ObjectNode authorizer = target.snapshot().authorizers().get(route.path("AuthorizerId").asText());
            WebSocketAuthorizer.Decision decision = authorizer == null ? WebSocketAuthorizer.Decision.refuse(500)
                    : authorizers.authorize(target, authorizer, WebSocketEvents.connect(
                            context(connection, requestId, now), upgrade), upgrade, request(connection, requestId));
            if (decision.status() != 200) {
                refuse(upgrade, decision.status());
                return null;
            }
            connection.authorizedAs(decision.context(), decision.usageIdentifierKey());
        }
        if (route != null) {
            WebSocketAdmission.Verdict verdict = admission.admit(connection, route, now);
            if (verdict.refusal() != null) {
                refuse(upgrade, new Refusal(verdict.refusal().status(), verdict.refusal().errorType(),
                        verdict.refusal().message()));
                return null;
            }
            if (verdict.apiKeyId() != null) {
                connection.keyed(verdict.apiKey(), verdict.apiKeyId());
            }
            Outcome outcome = invoke(connection, route, WebSocketEvents.connect(context(connection, requestId, now),
                    upgrade), "", requestId);
            // A statusCode that is no HTTP status counts as a failed integration.
            int status = outcome.status() < 100 || outcome.status() > 599 ? 500 : outcome.status();
            if (status < 200 || status > 299) {
                refuse(upgrade, status);
                return null;
            }
            // Subprotocol negotiation is the function's: the Sec-WebSocket-Protocol header it returns is answered.
            connection.subprotocol(header(outcome.headers(), "Sec-WebSocket-Protocol"));
        }
        return connection;
    }

    /**
     * The identity of the upgrade's SigV4 signer (Authorization header, or the query string as clients presign
     * wss:// URLs), or null when it is unsigned or, in strict mode, its signature does not verify or its identity
     * policies do not allow execute-api:Invoke on the $connect route.
     */
    private ObjectNode signer(HttpRequest upgrade, WebSocketRoute.Target target, String requestId, Instant now) {
        SigV4Scope scope = SigV4Scope.of(upgrade);
        if (scope == null) {
            return null;
        }
        RequestContext ctx;
        try {
            ctx = authenticator.authenticate(upgrade, scope, null, null, requestId, now);
        } catch (AwsException refused) {
            LOG.log(Level.FINE, "WebSocket $connect signature refused", refused);
            return null;
        }
        HttpApiState api = target.api();
        String arn = "arn:aws:execute-api:" + api.region() + ":" + api.accountId() + ":" + api.id() + "/"
                + target.stage() + "/$connect";
        String refusal = access.refusal(ctx, arn, api.accountId(), null, sourceIp(upgrade));
        if (refusal != null) {
            LOG.log(Level.FINE, refusal);
            return null;
        }
        return MethodAuthorization.callerIdentity(ctx);
    }

    /** The client address: the edge does not see the socket before the upgrade, so X-Forwarded-For or loopback. */
    private static String sourceIp(HttpRequest upgrade) {
        String forwarded = upgrade.header("X-Forwarded-For");
        return forwarded == null || forwarded.isBlank() ? "127.0.0.1" : forwarded.split(",")[0].strip();
    }

    private void refuse(HttpRequest upgrade, int status) {
        refuse(upgrade, Refusal.of(status));
    }

    private void refuse(HttpRequest upgrade, Refusal refusal) {
        String key = upgrade.header("Sec-WebSocket-Key");
        if (key != null) {
            synchronized (refusals) {
                refusals.put(key, refusal);
            }
        }
    }

    /** How a refused upgrade is answered (403 when it was not refused here). */
    Refusal refusal(HttpRequest request) {
        String key = request.header("Sec-WebSocket-Key");
        synchronized (refusals) {
            Refusal refusal = key == null ? null : refusals.remove(key);
            return refusal == null ? Refusal.of(403) : refusal;
        }
    }

    /** A header of a proxy result's {@code headers}, by case-insensitive name; null when absent. */
    private static String header(JsonNode headers, String name) {
        if (headers != null) {
            for (var fields = headers.fields(); fields.hasNext(); ) {
                var field = fields.next();
                if (field.getKey().equalsIgnoreCase(name) && field.getValue().isValueNode()) {
                    return field.getValue().asText();
                }
            }
        }
        return null;
    }

    void opened(WebSocketConnection connection) {
        connections.add(connection);
    }

    void received(WebSocketConnection connection, String body) {
        workers.execute(() -> route(connection, body));
    }

    private void route(WebSocketConnection connection, String body) {
        String requestId = RequestIds.next();
        WebSocketRoute.Target target = connection.target();
        String selected = WebSocketRoute.select(target.api().api().path("RouteSelectionExpression").asText(""), body);
        ObjectNode route = selected == null ? null : target.route(selected);
        if (route == null) {
            route = target.route("$default");
        }
        if (route == null) {
            sendError(connection, "Forbidden", requestId);
            return;
        }
        WebSocketAdmission.Verdict verdict = admission.admit(connection, route, now());
        if (verdict.refusal() != null) {
            sendError(connection, verdict.refusal().message(), requestId);
            return;
        }
        if (verdict.apiKeyId() != null) {
            connection.keyed(verdict.apiKey(), verdict.apiKeyId());
        }
        WebSocketEvents.Context ctx = context(connection, requestId, now());
        Outcome outcome = invoke(connection, route, WebSocketEvents.message(ctx, route.path("RouteKey").asText(),
                body), body, requestId);
        if (outcome.payload() == null) {
            sendError(connection, "Internal server error", requestId);
        } else if (route.hasNonNull("RouteResponseSelectionExpression") && outcome.body() != null) {
            send(connection, outcome.body());
        }
    }

    void closed(WebSocketConnection connection, int code, String reason) {
        connections.remove(connection.id());
        ObjectNode route = connection.target().route("$disconnect");
        if (route == null) {
            return;
        }
        workers.execute(() -> {
            String requestId = RequestIds.next();
            invoke(connection, route, WebSocketEvents.disconnect(context(connection, requestId, now()),
                    connection.upgrade(), code, reason), "", requestId);
        });
    }

    /** AWS's answer on the socket when the gateway itself fails a message. */
    private static void sendError(WebSocketConnection connection, String message, String requestId) {
        ObjectNode error = JsonNodeFactory.instance.objectNode();
        error.put("message", message);
        error.put("connectionId", connection.id());
        error.put("requestId", requestId);
        send(connection, error.toString());
    }

    private static void send(WebSocketConnection connection, String text) {
        try {
            connection.send(text);
        } catch (RuntimeException closedMeanwhile) {
            LOG.log(Level.FINE, "could not send to WebSocket connection " + connection.id(), closedMeanwhile);
        }
    }

    private static WebSocketEvents.Context context(WebSocketConnection c, String requestId, Instant at) {
        return new WebSocketEvents.Context(c.target(), c.id(), c.connectedAt(), c.sourceIp(), c.userAgent(),
                requestId, at, c.authorizer(), c.caller());
    }

    /**
     * A route integration's result: the function's payload (null when it failed or there is no usable integration),
     * the statusCode it returned (200 when none, 500 on failure) and the body to send back.
     */
    private record Outcome(byte[] payload, int status, String body, JsonNode headers) {
        Outcome(byte[] payload, int status, String body) {
            this(payload, status, body, null);
        }
    }

    private ApiRequest request(WebSocketConnection connection, String requestId) {
        WebSocketRoute.Target target = connection.target();
        return new ApiRequest(target.api().id(), target.stage(), "/", target.domainName(), connection.upgrade(),
                requestId, WebSocketEvents.id(), now());
    }

    private Outcome invoke(WebSocketConnection connection, ObjectNode route, ObjectNode event, String body,
                           String requestId) {
        WebSocketRoute.Target target = connection.target();
        ObjectNode integration = target.integration(route);
        String type = integration == null ? "" : integration.path("IntegrationType").asText();
        if (WebSocketMappedIntegration.isMapped(type)) {
            try {
                WebSocketMappedIntegration.Result result = mapped.invoke(target, integration, event, body, now());
                return new Outcome(new byte[0], result.status(), result.body());
            } catch (WebSocketMappedIntegration.Failure failed) {
                LOG.log(Level.FINE, "WebSocket integration failed for " + connection.id(), failed);
                return new Outcome(null, 500, null);
            }
        }
        if (!"AWS_PROXY".equals(type)) {
            return new Outcome(null, 500, null);
        }
        byte[] payload;
        try {
            payload = calls.invokeFunction(target.api(), request(connection, requestId),
                    integration.path("IntegrationUri").asText(), event);
        } catch (Exception e) {
            LOG.log(Level.FINE, "WebSocket integration failed for " + connection.id(), e);
            payload = null;
        }
        if (payload == null) {
            return new Outcome(null, 500, null);
        }
        String text = new String(payload, StandardCharsets.UTF_8);
        JsonNode result;
        try {
            result = JSON.readTree(text);
        } catch (Exception notJson) {
            return new Outcome(payload, 200, text);
        }
        if (result instanceof ObjectNode o && (o.has("statusCode") || o.has("body"))) {
            JsonNode reply = o.get("body");
            return new Outcome(payload, o.path("statusCode").asInt(200),
                    reply == null || reply.isNull() ? null : reply.isTextual() ? reply.asText() : reply.toString(),
                    o.get("headers"));
        }
        return new Outcome(payload, 200, result == null || result.isNull() ? null : text);
    }
}
