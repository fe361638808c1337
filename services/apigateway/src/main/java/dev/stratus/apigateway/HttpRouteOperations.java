package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import java.util.Set;
import java.util.regex.Pattern;

/** Routes of HTTP APIs: {@code METHOD /path} (ANY, {param}, greedy {param+} last) or {@code $default}. */
final class HttpRouteOperations {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS",
            "ANY");
    private static final Pattern SEGMENT = Pattern.compile("[^{}/]+|\\{[A-Za-z0-9._:-]+\\}|\\{[A-Za-z0-9._:-]+\\+\\}");
    private static final Set<String> AUTHORIZATION_TYPES = Set.of("NONE", "JWT", "CUSTOM", "AWS_IAM");

    private final HttpApiStore store;
    private final HttpStageOperations stages;

    HttpRouteOperations(HttpApiStore store, HttpStageOperations stages) {
        this.store = store;
        this.stages = stages;
    }

    /** WebSocket APIs take any route key ($connect, $disconnect, $default or a value of their selection). */
    private static void checkRouteKey(HttpApiState state, String key) {
        if (!WebSocketRoute.isWebSocket(state)) {
            checkRouteKey(key);
        } else if (key.isBlank()) {
            throw ApiErrors.badRequest("RouteKey must not be blank");
        }
    }

    /** AWS's check of an HTTP API route key. */
    static void checkRouteKey(String key) {
        if (key.equals("$default")) {
            return;
        }
        int space = key.indexOf(' ');
        boolean ok = space > 0 && METHODS.contains(key.substring(0, space));
        String path = ok ? key.substring(space + 1) : "";
        ok = ok && path.startsWith("/") && (path.equals("/") || !path.endsWith("/"));
        if (ok && !path.equals("/")) {
            String[] segments = path.substring(1).split("/", -1);
            for (int i = 0; i < segments.length && ok; i++) {
                ok = SEGMENT.matcher(segments[i]).matches() && (!segments[i].endsWith("+}") || i == segments.length - 1);
            }
        }
        if (!ok) {
            throw ApiErrors.badRequest("The provided route key is not formatted properly for HTTP protocol. Format "
                    + "should be \"<HTTP METHOD> /<RESOURCE PATH>\" or \"$default\"");
        }
    }

    JsonNode createRoute(RequestContext ctx, ObjectNode in) {
        HttpApiState state = store.get(ctx, in.path("ApiId").asText());
        String key = in.path("RouteKey").asText();
        checkRouteKey(state, key);
        checkUnique(state, key, null);
        ObjectNode route = F.objectNode();
        String id = Ids.random(7);
        route.put("RouteId", id);
        route.put("RouteKey", key);
        route.put("ApiKeyRequired", false);
        route.put("AuthorizationType", "NONE");
        route.put("ApiGatewayManaged", false);
        apply(state, route, in);
        state.routes().put(id, route);
        stages.autoDeploy(state);
        store.put(state);
        return route;
    }

    static void apply(HttpApiState state, ObjectNode route, ObjectNode in) {
        RestApiOperations.copy(in, route, "RouteKey", "Target", "AuthorizationType", "AuthorizerId",
                "AuthorizationScopes", "ApiKeyRequired", "OperationName", "RequestParameters", "RequestModels",
                "ModelSelectionExpression", "RouteResponseSelectionExpression");
        String type = route.path("AuthorizationType").asText();
        if (!AUTHORIZATION_TYPES.contains(type)) {
            throw ApiErrors.badRequest("Invalid authorization type " + type + ". Valid values are "
                    + "NONE, JWT, CUSTOM, AWS_IAM");
        }
        if (type.equals("NONE") || type.equals("AWS_IAM")) {
            route.remove("AuthorizerId");
        } else {
            String authorizerId = route.path("AuthorizerId").asText(null);
            ObjectNode authorizer = authorizerId == null ? null : state.authorizers().get(authorizerId);
            if (authorizer == null) {
                throw ApiErrors.badRequest("Authorizer ID must be specified and valid for authorization type "
                        + type);
            }
            String expected = authorizer.path("AuthorizerType").asText().equals("JWT") ? "JWT" : "CUSTOM";
            if (!expected.equals(type)) {
                throw ApiErrors.badRequest("AuthorizationType " + type + " does not match the authorizer type "
                        + authorizer.path("AuthorizerType").asText());
            }
        }
        if (route.has("AuthorizationScopes") && !type.equals("JWT")) {
            throw ApiErrors.badRequest("AuthorizationScopes can only be specified with a JWT authorizer");
        }
        String target = route.path("Target").asText(null);
        if (target != null && (!target.startsWith("integrations/")
                || !state.integrations().containsKey(target.substring("integrations/".length())))) {
            throw ApiErrors.badRequest("Invalid target specified: " + target);
        }
    }

    static void checkUnique(HttpApiState state, String key, String except) {
        for (ObjectNode r : state.routes().values()) {
            String other = r.path("RouteKey").asText();
            if (r.path("RouteId").asText().equals(except)) {
                continue;
            }
            if (other.equals(key)) {
                throw ApiErrors.conflict("Route with key " + key + " already exists for this API");
            }
            if (conflictingVariables(key, other)) {
                throw ApiErrors.conflict("The provided route key \"" + key + "\" has a conflicting variable on the "
                        + "same hierarchical level as \"" + other + "\"");
            }
        }
    }

    /** Two paths that agree up to a level where each has a {variable} of a different name (any methods). */
    private static boolean conflictingVariables(String key, String other) {
        if (key.equals("$default") || other.equals("$default") || key.indexOf(' ') < 0 || other.indexOf(' ') < 0) {
            return false;
        }
        String[] a = key.substring(key.indexOf(' ') + 1).split("/");
        String[] b = other.substring(other.indexOf(' ') + 1).split("/");
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            boolean varA = a[i].startsWith("{") && !a[i].endsWith("+}");
            boolean varB = b[i].startsWith("{") && !b[i].endsWith("+}");
            if (varA && varB && !a[i].equals(b[i])) {
                return true;
            }
            if (!a[i].equals(b[i])) {
                return false;
            }
        }
        return false;
    }

    JsonNode getRoute(RequestContext ctx, ObjectNode in) {
        return route(store.get(ctx, in.path("ApiId").asText()), in.path("RouteId").asText());
    }

    JsonNode getRoutes(RequestContext ctx, ObjectNode in) {
        return HttpApiOperations.page(store.get(ctx, in.path("ApiId").asText()).routes(), in);
    }

    JsonNode updateRoute(RequestContext ctx, ObjectNode in) {
        HttpApiState state = store.get(ctx, in.path("ApiId").asText());
        ObjectNode route = route(state, in.path("RouteId").asText());
        if (in.hasNonNull("RouteKey")) {
            checkRouteKey(state, in.path("RouteKey").asText());
            checkUnique(state, in.path("RouteKey").asText(), route.path("RouteId").asText());
        }
        ObjectNode updated = route.deepCopy();
        apply(state, updated, in);
        state.routes().put(updated.path("RouteId").asText(), updated);
        stages.autoDeploy(state);
        store.put(state);
        return updated;
    }

    JsonNode deleteRoute(RequestContext ctx, ObjectNode in) {
        HttpApiState state = store.get(ctx, in.path("ApiId").asText());
        route(state, in.path("RouteId").asText());
        state.routes().remove(in.path("RouteId").asText());
        WebSocketRouteResponseOperations.routeDeleted(state, in.path("RouteId").asText());
        stages.autoDeploy(state);
        store.put(state);
        return null;
    }

    JsonNode deleteRouteRequestParameter(RequestContext ctx, ObjectNode in) {
        HttpApiState state = store.get(ctx, in.path("ApiId").asText());
        ObjectNode route = route(state, in.path("RouteId").asText());
        String key = in.path("RequestParameterKey").asText();
        if (!(route.get("RequestParameters") instanceof ObjectNode params) || params.remove(key) == null) {
            throw ApiErrors.notFound("Invalid request parameter key specified " + key);
        }
        stages.autoDeploy(state);
        store.put(state);
        return null;
    }

    static ObjectNode route(HttpApiState state, String id) {
        ObjectNode route = state.routes().get(id);
        if (route == null) {
            throw ApiErrors.notFound("Invalid Route identifier specified " + id);
        }
        return route;
    }
}
