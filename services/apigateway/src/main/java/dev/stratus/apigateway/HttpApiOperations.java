package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.codec.Timestamps;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** CreateApi (full and quick create), GetApi(s), UpdateApi, DeleteApi and the tagging operations of HTTP APIs. */
final class HttpApiOperations {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** AWS's default page size for apigatewayv2 listings. */
    private static final int DEFAULT_PAGE = 100;

    private final HttpApiStore store;
    private final Clock clock;
    private final HttpStageOperations stages;

    HttpApiOperations(HttpApiStore store, Clock clock, HttpStageOperations stages) {
        this.store = store;
        this.clock = clock;
        this.stages = stages;
    }

    JsonNode createApi(RequestContext ctx, ObjectNode in) {
        HttpApiState state = newApi(ctx, in);
        store.put(state);
        return state.api();
    }

    /** A new API as CreateApi makes it (quick create included), not yet stored. */
    HttpApiState newApi(RequestContext ctx, ObjectNode in) {
        String protocol = in.path("ProtocolType").asText();
        boolean webSocket = "WEBSOCKET".equals(protocol);
        if (!"HTTP".equals(protocol) && !webSocket) {
            throw ApiErrors.badRequest("Invalid protocol type " + protocol + ". Valid values are HTTP, WEBSOCKET");
        }
        String target = in.path("Target").asText(null);
        if (webSocket && !in.hasNonNull("RouteSelectionExpression")) {
            throw ApiErrors.badRequest("RouteSelectionExpression is required for WEBSOCKET APIs");
        }
        if (webSocket && (target != null || in.has("CorsConfiguration"))) {
            throw ApiErrors.badRequest("Target and CorsConfiguration are only supported for HTTP APIs");
        }
        String routeKey = in.path("RouteKey").asText(null);
        if (target == null && routeKey != null) {
            throw ApiErrors.badRequest("RouteKey can only be specified with Target");
        }
        String id;
        do {
            id = Ids.random(10);
        } while (store.byId(id).isPresent());
        ObjectNode api = F.objectNode();
        api.put("ApiId", id);
        api.put("Name", in.path("Name").asText());
        api.put("ProtocolType", protocol);
        api.put("ApiEndpoint", (webSocket ? "ws" : "http") + endpoint(ctx, id).substring("http".length()));
        api.put("ApiKeySelectionExpression", in.path("ApiKeySelectionExpression")
                .asText("$request.header.x-api-key"));
        api.put("RouteSelectionExpression", in.path("RouteSelectionExpression")
                .asText("$request.method $request.path"));
        api.set("CreatedDate", Timestamps.node(clock.instant()));
        api.put("DisableExecuteApiEndpoint", in.path("DisableExecuteApiEndpoint").asBoolean(false));
        api.put("IpAddressType", in.path("IpAddressType").asText("ipv4"));
        RestApiOperations.copy(in, api, "Description", "Version", "CorsConfiguration");
        api.set("Tags", in.has("Tags") ? in.get("Tags").deepCopy() : F.objectNode());
        HttpApiState state = new HttpApiState(ctx.accountId(), ctx.region(), api);
        if (target != null) {
            quickCreate(state, target, routeKey == null ? "$default" : routeKey);
        }
        return state;
    }

    /** Quick create: one Lambda proxy integration, one route to it, and the auto-deployed $default stage. */
    private void quickCreate(HttpApiState state, String target, String routeKey) {
        HttpRouteOperations.checkRouteKey(routeKey);
        String integrationId = Ids.random(7);
        ObjectNode integration = F.objectNode();
        integration.put("IntegrationId", integrationId);
        integration.put("IntegrationType", target.startsWith("http") ? "HTTP_PROXY" : "AWS_PROXY");
        integration.put("IntegrationMethod", target.startsWith("http") ? "ANY" : "POST");
        integration.put("IntegrationUri", target);
        integration.put("PayloadFormatVersion", target.startsWith("http") ? "1.0" : "2.0");
        integration.put("TimeoutInMillis", 30000);
        integration.put("ConnectionType", "INTERNET");
        integration.put("ApiGatewayManaged", true);
        state.integrations().put(integrationId, integration);
        ObjectNode route = F.objectNode();
        String routeId = Ids.random(7);
        route.put("RouteId", routeId);
        route.put("RouteKey", routeKey);
        route.put("Target", "integrations/" + integrationId);
        route.put("AuthorizationType", "NONE");
        route.put("ApiKeyRequired", false);
        route.put("ApiGatewayManaged", true);
        state.routes().put(routeId, route);
        ObjectNode stage = stages.newStage("$default", true);
        stage.put("ApiGatewayManaged", true);
        state.stages().put("$default", stage);
        stages.autoDeploy(state);
    }

    /**
     * Where clients reach the API: the execute-api host on the edge's port (AWS: https://{id}.execute-api...);
     * WebSocket APIs' endpoint has the ws scheme instead (AWS: wss://).
     */
    private static String endpoint(RequestContext ctx, String id) {
        int port = -1;
        String scheme = "http";
        if (ctx.endpoint() != null) {
            URI uri = URI.create(ctx.endpoint());
            port = uri.getPort();
            scheme = uri.getScheme();
        }
        return scheme + "://" + id + ".execute-api.localhost" + (port > 0 ? ":" + port : "");
    }

    JsonNode getApi(RequestContext ctx, ObjectNode in) {
        return store.get(ctx, in.path("ApiId").asText()).api();
    }

    JsonNode getApis(RequestContext ctx, ObjectNode in) {
        return page(store.list(ctx).stream().map(HttpApiState::api).toList(), in);
    }

    JsonNode updateApi(RequestContext ctx, ObjectNode in) {
        HttpApiState state = store.get(ctx, in.path("ApiId").asText());
        ObjectNode api = state.api();
        RestApiOperations.copy(in, api, "Name", "Description", "Version", "CorsConfiguration",
                "ApiKeySelectionExpression", "RouteSelectionExpression", "DisableExecuteApiEndpoint", "IpAddressType");
        stages.autoDeploy(state);
        store.put(state);
        return api;
    }

    JsonNode deleteApi(RequestContext ctx, ObjectNode in) {
        HttpApiState api = store.get(ctx, in.path("ApiId").asText());
        store.delete(api.id());
        return null;
    }

    JsonNode deleteCorsConfiguration(RequestContext ctx, ObjectNode in) {
        HttpApiState state = store.get(ctx, in.path("ApiId").asText());
        state.api().remove("CorsConfiguration");
        stages.autoDeploy(state);
        store.put(state);
        return null;
    }

    JsonNode tagResource(RequestContext ctx, ObjectNode in) {
        Tagged t = tagged(ctx, in.path("ResourceArn").asText());
        in.path("Tags").fields().forEachRemaining(e -> t.tags().set(e.getKey(), e.getValue()));
        store.put(t.state());
        return null;
    }

    JsonNode untagResource(RequestContext ctx, ObjectNode in) {
        Tagged t = tagged(ctx, in.path("ResourceArn").asText());
        in.path("TagKeys").forEach(k -> t.tags().remove(k.asText()));
        store.put(t.state());
        return null;
    }

    JsonNode getTags(RequestContext ctx, ObjectNode in) {
        ObjectNode out = F.objectNode();
        out.set("Tags", tagged(ctx, in.path("ResourceArn").asText()).tags().deepCopy());
        return out;
    }

    /** A taggable resource's live tag map and the API that holds it. */
    private record Tagged(HttpApiState state, ObjectNode tags) {
    }

    /** An API ({@code arn:aws:apigateway:{region}::/apis/{id}}) or stage ({@code .../stages/{name}}). */
    private Tagged tagged(RequestContext ctx, String arn) {
        String prefix = "arn:aws:apigateway:" + ctx.region() + "::/apis/";
        if (!arn.startsWith(prefix)) {
            throw ApiErrors.notFound("Invalid resource identifier specified");
        }
        String[] parts = arn.substring(prefix.length()).split("/");
        HttpApiState state = store.get(ctx, parts[0]);
        ObjectNode owner;
        if (parts.length == 1) {
            owner = state.api();
        } else if (parts.length == 3 && parts[1].equals("stages") && state.stages().containsKey(parts[2])) {
            owner = state.stages().get(parts[2]);
        } else {
            throw ApiErrors.notFound("Invalid resource identifier specified");
        }
        ObjectNode tags = owner.get("Tags") instanceof ObjectNode t ? t : owner.putObject("Tags");
        return new Tagged(state, tags);
    }

    /** apigatewayv2 listings: {@code Items} plus an opaque {@code NextToken} while more remain. */
    static ObjectNode page(List<? extends JsonNode> all, ObjectNode in) {
        int max = DEFAULT_PAGE;
        String maxText = in.path("MaxResults").asText(null);
        if (maxText != null) {
            try {
                max = Integer.parseInt(maxText);
            } catch (NumberFormatException e) {
                throw ApiErrors.badRequest("Invalid MaxResults: " + maxText);
            }
            if (max < 1 || max > 500) {
                throw ApiErrors.badRequest("MaxResults must be between 1 and 500");
            }
        }
        int start = 0;
        String token = in.path("NextToken").asText(null);
        if (token != null) {
            try {
                start = Integer.parseInt(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw ApiErrors.badRequest("Invalid NextToken");
            }
        }
        ObjectNode out = F.objectNode();
        var items = out.putArray("Items");
        int end = Math.min(all.size(), start + max);
        for (int i = Math.max(0, start); i < end; i++) {
            items.add(all.get(i));
        }
        if (end < all.size()) {
            out.put("NextToken", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(Integer.toString(end).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    static ObjectNode page(Map<String, ObjectNode> all, ObjectNode in) {
        return page(List.copyOf(all.values()), in);
    }
}
