package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.HttpRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Lambda REQUEST authorizers on a WebSocket API's $connect route: identity sources
 * {@code route.request.header.X} / {@code route.request.querystring.X} (a missing one refuses with 401 without
 * calling the function), the REQUEST event with {@code methodArn}, and the IAM policy the function returns; replies
 * are reused for AuthorizerResultTtlInSeconds by connections with the same identity values.
 */
final class WebSocketAuthorizer {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * The decision: an HTTP status to refuse with, or (status 200) the context later events carry and the
     * {@code usageIdentifierKey} the function returned (an API key, when the API selects keys from the authorizer).
     */
    record Decision(int status, ObjectNode context, String usageIdentifierKey) {
        static Decision refuse(int status) {
            return new Decision(status, null, null);
        }
    }

    private final HttpIntegrationCall functions;
    private final AuthorizerReplyCache cache = new AuthorizerReplyCache();

    WebSocketAuthorizer(HttpIntegrationCall functions) {
        this.functions = functions;
    }

    Decision authorize(WebSocketRoute.Target target, ObjectNode authorizer, ObjectNode connectEvent,
                       HttpRequest upgrade, ApiRequest req) {
        List<String> identities = new ArrayList<>();
        for (JsonNode source : authorizer.path("IdentitySource")) {
            String value = identity(source.asText(), upgrade);
            if (value == null || value.isEmpty()) {
                return Decision.refuse(401);
            }
            identities.add(value);
        }
        HttpApiState api = target.api();
        int ttl = authorizer.path("AuthorizerResultTtlInSeconds").asInt(0);
        String cacheKey = AuthorizerReplyCache.key(api, target.stage(), authorizer.path("AuthorizerId").asText(),
                identities);
        JsonNode reply = ttl > 0 && !identities.isEmpty() ? cache.get(cacheKey, req.receivedAt()) : null;
        if (reply == null) {
            reply = call(target, authorizer, connectEvent, req);
            if (reply != null && ttl > 0 && !identities.isEmpty()) {
                cache.put(cacheKey, reply, req.receivedAt().plusSeconds(ttl));
            }
        }
        return decide(reply, methodArn(target));
    }

    private static String methodArn(WebSocketRoute.Target target) {
        HttpApiState api = target.api();
        return "arn:aws:execute-api:" + api.region() + ":" + api.accountId() + ":" + api.id() + "/"
                + target.stage() + "/$connect";
    }

    /** The function's reply when it is a JSON object with a policy document, else null. */
    private JsonNode call(WebSocketRoute.Target target, ObjectNode authorizer, ObjectNode connectEvent,
                          ApiRequest req) {
        HttpApiState api = target.api();
        ObjectNode event = connectEvent.deepCopy();
        event.remove("isBase64Encoded");
        event.put("type", "REQUEST");
        event.put("methodArn", methodArn(target));
        ObjectNode stage = api.stages().get(target.stage());
        event.set("stageVariables", stage == null ? F.objectNode() : stage.path("StageVariables").deepCopy());
        JsonNode reply;
        try {
            byte[] payload = functions.invokeFunction(api, req, authorizer.path("AuthorizerUri").asText(), event);
            reply = payload == null ? null : MAPPER.readTree(payload);
        } catch (Exception failed) {
            reply = null;
        }
        return reply == null || !reply.path("policyDocument").isObject() ? null : reply;
    }

    private static Decision decide(JsonNode reply, String methodArn) {
        if (reply == null) {
            return Decision.refuse(500);
        }
        if (!LambdaRequestAuthorizer.allows(reply.path("policyDocument"), methodArn)) {
            return Decision.refuse(403);
        }
        // AWS flattens the function's context beside principalId in requestContext.authorizer.
        ObjectNode context = F.objectNode();
        if (reply.hasNonNull("principalId")) {
            context.put("principalId", reply.path("principalId").asText());
        }
        if (reply.get("context") instanceof ObjectNode c) {
            context.setAll(c);
        }
        return new Decision(200, context, reply.path("usageIdentifierKey").asText(null));
    }

    private static String identity(String source, HttpRequest upgrade) {
        if (source.startsWith("route.request.header.")) {
            List<String> v = upgrade.headers().all(source.substring("route.request.header.".length()));
            return v == null || v.isEmpty() ? null : String.join(",", v);
        }
        if (source.startsWith("route.request.querystring.")) {
            List<String> v = upgrade.queryParams().get(source.substring("route.request.querystring.".length()));
            return v == null || v.isEmpty() ? null : String.join(",", v);
        }
        return null;
    }
}
