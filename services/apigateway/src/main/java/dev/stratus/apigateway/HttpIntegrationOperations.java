package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import java.util.Set;

/**
 * Integrations of HTTP APIs: AWS_PROXY (Lambda, payload 1.0 or 2.0) and HTTP_PROXY; WebSocket APIs also take the
 * non-proxy types AWS, HTTP and MOCK with request templates.
 */
final class HttpIntegrationOperations {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Set<String> TYPES = Set.of("AWS_PROXY", "HTTP_PROXY");
    private static final Set<String> WEBSOCKET_TYPES = Set.of("AWS_PROXY", "HTTP_PROXY", "AWS", "HTTP", "MOCK");
    /** HTTP APIs allow 50 ms to 30 s. */
    private static final int DEFAULT_TIMEOUT_MILLIS = 30_000;

    private final HttpApiStore store;
    private final HttpStageOperations stages;

    HttpIntegrationOperations(HttpApiStore store, HttpStageOperations stages) {
        this.store = store;
        this.stages = stages;
    }

    JsonNode createIntegration(RequestContext ctx, ObjectNode in) {
        HttpApiState state = store.get(ctx, in.path("ApiId").asText());
        ObjectNode integration = F.objectNode();
        String id = Ids.random(7);
        integration.put("IntegrationId", id);
        integration.put("ConnectionType", "INTERNET");
        integration.put("TimeoutInMillis", DEFAULT_TIMEOUT_MILLIS);
        integration.put("ApiGatewayManaged", false);
        apply(integration, in, WebSocketRoute.isWebSocket(state));
        state.integrations().put(id, integration);
        stages.autoDeploy(state);
        store.put(state);
        return integration;
    }

    static void apply(ObjectNode integration, ObjectNode in) {
        apply(integration, in, false);
    }

    static void apply(ObjectNode integration, ObjectNode in, boolean webSocket) {
        RestApiOperations.copy(in, integration, "IntegrationType", "IntegrationUri", "IntegrationMethod",
                "PayloadFormatVersion", "TimeoutInMillis", "RequestParameters", "ResponseParameters", "Description",
                "ConnectionType", "ConnectionId", "CredentialsArn", "IntegrationSubtype", "TlsConfig");
        String type = integration.path("IntegrationType").asText();
        if (webSocket) {
            WebSocketMappedIntegration.applyControlPlane(integration, in, WEBSOCKET_TYPES);
            return;
        }
        if (!TYPES.contains(type)) {
            throw ApiErrors.badRequest("Stratus supports the integration types AWS_PROXY and HTTP_PROXY for HTTP "
                    + "APIs, not " + type);
        }
        if (!integration.hasNonNull("IntegrationUri")) {
            throw ApiErrors.badRequest("IntegrationUri is required for integration type " + type);
        }
        if (type.equals("HTTP_PROXY") && !integration.hasNonNull("IntegrationMethod")) {
            throw ApiErrors.badRequest("IntegrationMethod is required for integration type HTTP_PROXY");
        }
        if (type.equals("AWS_PROXY")) {
            integration.put("IntegrationMethod", "POST");
        }
        String version = integration.path("PayloadFormatVersion").asText("1.0");
        if (!version.equals("1.0") && !(version.equals("2.0") && type.equals("AWS_PROXY"))) {
            throw ApiErrors.badRequest("Invalid PayloadFormatVersion " + version + " for integration type " + type);
        }
        integration.put("PayloadFormatVersion", version);
    }

    JsonNode getIntegration(RequestContext ctx, ObjectNode in) {
        return integration(store.get(ctx, in.path("ApiId").asText()), in.path("IntegrationId").asText());
    }

    JsonNode getIntegrations(RequestContext ctx, ObjectNode in) {
        return HttpApiOperations.page(store.get(ctx, in.path("ApiId").asText()).integrations(), in);
    }

    JsonNode updateIntegration(RequestContext ctx, ObjectNode in) {
        HttpApiState state = store.get(ctx, in.path("ApiId").asText());
        ObjectNode updated = integration(state, in.path("IntegrationId").asText()).deepCopy();
        apply(updated, in, WebSocketRoute.isWebSocket(state));
        state.integrations().put(updated.path("IntegrationId").asText(), updated);
        stages.autoDeploy(state);
        store.put(state);
        return updated;
    }

    JsonNode deleteIntegration(RequestContext ctx, ObjectNode in) {
        HttpApiState state = store.get(ctx, in.path("ApiId").asText());
        String id = in.path("IntegrationId").asText();
        integration(state, id);
        state.integrations().remove(id);
        stages.autoDeploy(state);
        store.put(state);
        return null;
    }

    static ObjectNode integration(HttpApiState state, String id) {
        ObjectNode integration = state.integrations().get(id);
        if (integration == null) {
            throw ApiErrors.notFound("Invalid Integration identifier specified " + id);
        }
        return integration;
    }
}
