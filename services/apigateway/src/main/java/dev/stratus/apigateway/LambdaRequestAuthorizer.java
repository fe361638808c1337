package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.HttpRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Lambda REQUEST authorizers of HTTP APIs: payload 2.0 (simple {isAuthorized, context} or an IAM policy) or 1.0
 * (IAM policy); a missing identity source answers 401 without calling the function; replies are cached for
 * AuthorizerResultTtlInSeconds, keyed on the identity source values.
 */
final class LambdaRequestAuthorizer {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpIntegrationCall functions;
    private final AuthorizerReplyCache cache = new AuthorizerReplyCache();

    LambdaRequestAuthorizer(HttpIntegrationCall functions) {
        this.functions = functions;
    }

    /** The value of an identity source ($request.header.x, $request.querystring.x, $context.x, $stageVariables.x). */
    static String identity(String source, HttpInvocation inv) {
        HttpRequest http = inv.req().http();
        if (source.startsWith("$request.header.")) {
            List<String> v = http.headers().all(source.substring("$request.header.".length()));
            return v == null || v.isEmpty() ? null : String.join(",", v);
        }
        if (source.startsWith("$request.querystring.")) {
            List<String> v = http.queryParams().get(source.substring("$request.querystring.".length()));
            return v == null || v.isEmpty() ? null : String.join(",", v);
        }
        if (source.startsWith("$stageVariables.")) {
            return inv.stage().path("StageVariables").path(source.substring("$stageVariables.".length())).asText(null);
        }
        if (source.startsWith("$context.")) {
            String value = HttpParameterMapping.resolve(source, inv, null);
            return value.isEmpty() ? null : value;
        }
        return null;
    }

    HttpAuthorization authorize(HttpInvocation inv, ObjectNode authorizer) {
        List<String> identities = new ArrayList<>();
        for (JsonNode source : authorizer.path("IdentitySource")) {
            String value = identity(source.asText(), inv);
            if (value == null || value.isEmpty()) {
                return HttpAuthorization.unauthorized();
            }
            identities.add(value);
        }
        int ttl = authorizer.path("AuthorizerResultTtlInSeconds").asInt(0);
        Instant now = inv.req().receivedAt();
        String cacheKey = AuthorizerReplyCache.key(inv.api(), inv.stageName(), authorizer.path("AuthorizerId").asText(),
                identities);
        JsonNode reply = ttl > 0 ? cache.get(cacheKey, now) : null;
        if (reply == null) {
            reply = call(inv, authorizer, identities);
            if (reply == null) {
                return new HttpAuthorization.Denied(HttpApiInvoker.internalError());
            }
            if (ttl > 0) {
                cache.put(cacheKey, reply, now.plusSeconds(ttl));
            }
        }
        return decide(inv, authorizer, reply);
    }

    /** The function's reply, or null when it failed or did not answer with an object. */
    private JsonNode call(HttpInvocation inv, ObjectNode authorizer, List<String> identities) {
        boolean v2 = authorizer.path("AuthorizerPayloadFormatVersion").asText().equals("2.0");
        ObjectNode event;
        if (v2) {
            event = HttpPayloads.event(inv, null);
            event.put("type", "REQUEST");
            event.put("routeArn", inv.routeArn());
            identities.forEach(event.putArray("identitySource")::add);
        } else {
            event = HttpPayloads.v1(inv, null);
            event.remove(List.of("body", "isBase64Encoded", "multiValueHeaders", "multiValueQueryStringParameters"));
            event.put("type", "REQUEST");
            event.put("methodArn", inv.routeArn());
            event.put("identitySource", String.join(",", identities));
        }
        try {
            byte[] payload = functions.invokeFunction(inv.api(), inv.req(),
                    authorizer.path("AuthorizerUri").asText(), event);
            JsonNode reply = payload == null ? null : MAPPER.readTree(payload);
            return reply != null && reply.isObject() ? reply : null;
        } catch (AwsException | IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Simple responses decide by isAuthorized; IAM policies are evaluated against this request's route ARN. */
    private static HttpAuthorization decide(HttpInvocation inv, ObjectNode authorizer, JsonNode reply) {
        ObjectNode context = F.objectNode();
        context.set("lambda", reply.get("context") instanceof ObjectNode c ? c : F.objectNode());
        boolean v2 = authorizer.path("AuthorizerPayloadFormatVersion").asText().equals("2.0");
        if (v2 && authorizer.path("EnableSimpleResponses").asBoolean()) {
            if (!reply.path("isAuthorized").isBoolean()) {
                return new HttpAuthorization.Denied(HttpApiInvoker.internalError());
            }
            return reply.path("isAuthorized").asBoolean() ? new HttpAuthorization.Allowed(context)
                    : HttpAuthorization.forbidden();
        }
        if (!reply.path("policyDocument").isObject()) {
            return new HttpAuthorization.Denied(HttpApiInvoker.internalError());
        }
        if (reply.hasNonNull("principalId")) {
            context.put("principalId", reply.path("principalId").asText());
        }
        return allows(reply.path("policyDocument"), inv.routeArn()) ? new HttpAuthorization.Allowed(context)
                : HttpAuthorization.forbidden();
    }

    /** An IAM policy allows the call when an Allow statement for execute-api:Invoke matches and no Deny does. */
    static boolean allows(JsonNode policy, String routeArn) {
        boolean allowed = false;
        for (JsonNode statement : list(policy.path("Statement"))) {
            boolean action = list(statement.path("Action")).stream()
                    .anyMatch(a -> glob(a.asText(), "execute-api:Invoke"));
            boolean resource = list(statement.path("Resource")).stream().anyMatch(r -> glob(r.asText(), routeArn));
            if (action && resource) {
                if (statement.path("Effect").asText().equals("Deny")) {
                    return false;
                }
                allowed |= statement.path("Effect").asText().equals("Allow");
            }
        }
        return allowed;
    }

    private static List<JsonNode> list(JsonNode n) {
        List<JsonNode> out = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(out::add);
        } else if (!n.isMissingNode() && !n.isNull()) {
            out.add(n);
        }
        return out;
    }

    private static boolean glob(String pattern, String value) {
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(value).matches();
    }
}
