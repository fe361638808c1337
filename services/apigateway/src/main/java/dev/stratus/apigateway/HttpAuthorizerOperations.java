package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;

/** Authorizers of HTTP APIs: JWT (issuer + audience) and Lambda REQUEST authorizers. */
final class HttpAuthorizerOperations {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final HttpApiStore store;
    private final HttpStageOperations stages;

    HttpAuthorizerOperations(HttpApiStore store, HttpStageOperations stages) {
        this.store = store;
        this.stages = stages;
    }

    JsonNode createAuthorizer(RequestContext ctx, ObjectNode in) {
        HttpApiState state = store.get(ctx, in.path("ApiId").asText());
        ObjectNode authorizer = F.objectNode();
        String id = Ids.random(6);
        authorizer.put("AuthorizerId", id);
        apply(authorizer, in, WebSocketRoute.isWebSocket(state));
        state.authorizers().put(id, authorizer);
        stages.autoDeploy(state);
        store.put(state);
        return authorizer;
    }

    /** @param webSocket WebSocket APIs' REQUEST authorizers have no payload format version (they use 1.0 policies) */
    static void apply(ObjectNode authorizer, ObjectNode in, boolean webSocket) {
        RestApiOperations.copy(in, authorizer, "Name", "AuthorizerType", "IdentitySource", "JwtConfiguration",
                "AuthorizerUri", "AuthorizerPayloadFormatVersion", "AuthorizerResultTtlInSeconds",
                "EnableSimpleResponses", "AuthorizerCredentialsArn", "IdentityValidationExpression");
        switch (authorizer.path("AuthorizerType").asText()) {
            case "JWT" -> {
                if (!authorizer.hasNonNull("JwtConfiguration")
                        || !authorizer.path("JwtConfiguration").hasNonNull("Issuer")) {
                    throw ApiErrors.badRequest("JwtConfiguration with an Issuer is required for JWT authorizers");
                }
                if (authorizer.path("IdentitySource").size() != 1) {
                    throw ApiErrors.badRequest("Exactly one IdentitySource is required for JWT authorizers");
                }
            }
            case "REQUEST" -> {
                if (!authorizer.hasNonNull("AuthorizerUri")) {
                    throw ApiErrors.badRequest("AuthorizerUri is required for REQUEST authorizers");
                }
                String version = authorizer.path("AuthorizerPayloadFormatVersion").asText(null);
                if (webSocket) {
                    break;
                }
                if (!"1.0".equals(version) && !"2.0".equals(version)) {
                    throw ApiErrors.badRequest("AuthorizerPayloadFormatVersion must be 1.0 or 2.0 for REQUEST "
                            + "authorizers of HTTP APIs");
                }
                if (authorizer.path("EnableSimpleResponses").asBoolean() && !version.equals("2.0")) {
                    throw ApiErrors.badRequest("EnableSimpleResponses is only supported with "
                            + "AuthorizerPayloadFormatVersion 2.0");
                }
                if (authorizer.path("AuthorizerResultTtlInSeconds").asInt(0) > 0
                        && authorizer.path("IdentitySource").isEmpty()) {
                    throw ApiErrors.badRequest("IdentitySource is required when authorizer caching is enabled");
                }
                if (!authorizer.has("AuthorizerResultTtlInSeconds")) {
                    authorizer.put("AuthorizerResultTtlInSeconds", 0);
                }
            }
            default -> throw ApiErrors.badRequest("AuthorizerType must be JWT or REQUEST for HTTP APIs");
        }
    }

    JsonNode getAuthorizer(RequestContext ctx, ObjectNode in) {
        return authorizer(store.get(ctx, in.path("ApiId").asText()), in.path("AuthorizerId").asText());
    }

    JsonNode getAuthorizers(RequestContext ctx, ObjectNode in) {
        return HttpApiOperations.page(store.get(ctx, in.path("ApiId").asText()).authorizers(), in);
    }

    JsonNode updateAuthorizer(RequestContext ctx, ObjectNode in) {
        HttpApiState state = store.get(ctx, in.path("ApiId").asText());
        ObjectNode updated = authorizer(state, in.path("AuthorizerId").asText()).deepCopy();
        apply(updated, in, WebSocketRoute.isWebSocket(state));
        state.authorizers().put(updated.path("AuthorizerId").asText(), updated);
        stages.autoDeploy(state);
        store.put(state);
        return updated;
    }

    JsonNode deleteAuthorizer(RequestContext ctx, ObjectNode in) {
        HttpApiState state = store.get(ctx, in.path("ApiId").asText());
        String id = in.path("AuthorizerId").asText();
        authorizer(state, id);
        for (ObjectNode route : state.routes().values()) {
            if (route.path("AuthorizerId").asText().equals(id)) {
                throw ApiErrors.conflict("Cannot delete authorizer " + id + ", is referenced in route: "
                        + route.path("RouteKey").asText());
            }
        }
        state.authorizers().remove(id);
        stages.autoDeploy(state);
        store.put(state);
        return null;
    }

    static ObjectNode authorizer(HttpApiState state, String id) {
        ObjectNode authorizer = state.authorizers().get(id);
        if (authorizer == null) {
            throw ApiErrors.notFound("Invalid Authorizer identifier specified " + id);
        }
        return authorizer;
    }
}
