package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP API (API Gateway v2): the API and its routes, integrations, authorizers, stages and deployments by id,
 * each shaped like the apigatewayv2 model's outputs, per stage how often its authorizer cache was reset
 * (part of the cache key), and WebSocket route responses by {@code routeId/routeResponseId}. Mutable maps:
 * operations change them, then store the whole.
 */
record HttpApiState(String accountId, String region, ObjectNode api, Map<String, ObjectNode> routes,
                    Map<String, ObjectNode> integrations, Map<String, ObjectNode> authorizers,
                    Map<String, ObjectNode> stages, Map<String, Deployment> deployments,
                    Map<String, Integer> authorizerCacheGenerations, Map<String, ObjectNode> routeResponses) {

    HttpApiState {
        routes = routes == null ? new LinkedHashMap<>() : new LinkedHashMap<>(routes);
        integrations = integrations == null ? new LinkedHashMap<>() : new LinkedHashMap<>(integrations);
        authorizers = authorizers == null ? new LinkedHashMap<>() : new LinkedHashMap<>(authorizers);
        stages = stages == null ? new LinkedHashMap<>() : new LinkedHashMap<>(stages);
        deployments = deployments == null ? new LinkedHashMap<>() : new LinkedHashMap<>(deployments);
        authorizerCacheGenerations = authorizerCacheGenerations == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(authorizerCacheGenerations);
        routeResponses = routeResponses == null ? new LinkedHashMap<>() : new LinkedHashMap<>(routeResponses);
    }

    HttpApiState(String accountId, String region, ObjectNode api) {
        this(accountId, region, api, null, null, null, null, null, null, null);
    }

    String id() {
        return api.path("ApiId").asText();
    }

    /** What a deployment freezes: everything an invocation reads except the stage itself. */
    record Snapshot(Map<String, ObjectNode> routes, Map<String, ObjectNode> integrations,
                    Map<String, ObjectNode> authorizers, ObjectNode cors) {
    }

    /** A deployment as GetDeployment shows it, and the API as it was when it was made. */
    record Deployment(ObjectNode deployment, Snapshot snapshot) {
    }

    Snapshot snapshot() {
        ObjectNode cors = api.get("CorsConfiguration") instanceof ObjectNode c ? c.deepCopy() : null;
        return new Snapshot(copy(routes), copy(integrations), copy(authorizers), cors);
    }

    private static Map<String, ObjectNode> copy(Map<String, ObjectNode> from) {
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        from.forEach((k, v) -> out.put(k, v.deepCopy()));
        return out;
    }
}
