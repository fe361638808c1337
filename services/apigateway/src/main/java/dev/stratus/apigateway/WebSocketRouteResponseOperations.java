package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import java.util.List;

/**
 * Route responses of WebSocket API routes (e.g. the {@code $default} response that makes a route two-way), kept for
 * infrastructure tools; the gateway sends an integration's reply whenever the route has a
 * RouteResponseSelectionExpression.
 */
final class WebSocketRouteResponseOperations {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final HttpApiStore store;

    WebSocketRouteResponseOperations(HttpApiStore store) {
        this.store = store;
    }

    JsonNode createRouteResponse(RequestContext ctx, ObjectNode in) {
        HttpApiState state = webSocketApi(ctx, in);
        String routeId = in.path("RouteId").asText();
        HttpRouteOperations.route(state, routeId);
        String key = in.path("RouteResponseKey").asText();
        if (responses(state, routeId).stream().anyMatch(r -> r.path("RouteResponseKey").asText().equals(key))) {
            throw ApiErrors.conflict("Route response with key " + key + " already exists for this route");
        }
        ObjectNode response = F.objectNode();
        String id = Ids.random(6);
        response.put("RouteResponseId", id);
        response.put("RouteResponseKey", key);
        RestApiOperations.copy(in, response, "ModelSelectionExpression", "ResponseModels", "ResponseParameters");
        state.routeResponses().put(routeId + "/" + id, response);
        store.put(state);
        return response;
    }

    JsonNode getRouteResponse(RequestContext ctx, ObjectNode in) {
        return response(webSocketApi(ctx, in), in);
    }

    JsonNode getRouteResponses(RequestContext ctx, ObjectNode in) {
        HttpApiState state = webSocketApi(ctx, in);
        String routeId = in.path("RouteId").asText();
        HttpRouteOperations.route(state, routeId);
        return HttpApiOperations.page(responses(state, routeId), in);
    }

    JsonNode updateRouteResponse(RequestContext ctx, ObjectNode in) {
        HttpApiState state = webSocketApi(ctx, in);
        ObjectNode response = response(state, in);
        RestApiOperations.copy(in, response, "RouteResponseKey", "ModelSelectionExpression", "ResponseModels",
                "ResponseParameters");
        store.put(state);
        return response;
    }

    JsonNode deleteRouteResponse(RequestContext ctx, ObjectNode in) {
        HttpApiState state = webSocketApi(ctx, in);
        response(state, in);
        state.routeResponses().remove(in.path("RouteId").asText() + "/" + in.path("RouteResponseId").asText());
        store.put(state);
        return null;
    }

    /** Forgets a deleted route's responses. */
    static void routeDeleted(HttpApiState state, String routeId) {
        state.routeResponses().keySet().removeIf(k -> k.startsWith(routeId + "/"));
    }

    private HttpApiState webSocketApi(RequestContext ctx, ObjectNode in) {
        HttpApiState state = store.get(ctx, in.path("ApiId").asText());
        if (!WebSocketRoute.isWebSocket(state)) {
            throw ApiErrors.badRequest("Route responses are supported only for WebSocket APIs");
        }
        return state;
    }

    private static List<ObjectNode> responses(HttpApiState state, String routeId) {
        return state.routeResponses().entrySet().stream().filter(e -> e.getKey().startsWith(routeId + "/"))
                .map(java.util.Map.Entry::getValue).toList();
    }

    private static ObjectNode response(HttpApiState state, ObjectNode in) {
        String routeId = in.path("RouteId").asText();
        HttpRouteOperations.route(state, routeId);
        ObjectNode response = state.routeResponses().get(routeId + "/" + in.path("RouteResponseId").asText());
        if (response == null) {
            throw ApiErrors.notFound("Invalid RouteResponse identifier specified "
                    + in.path("RouteResponseId").asText());
        }
        return response;
    }
}
