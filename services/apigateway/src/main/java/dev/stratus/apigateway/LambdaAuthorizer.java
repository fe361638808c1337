package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.apigateway.GatewayResponses.GatewayError;
import dev.stratus.apigateway.GatewayResponses.Type;
import dev.stratus.platform.OperationRegistry;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.RequestIds;
import dev.stratus.protocol.AwsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Calls a Lambda authorizer function with its event and checks its answer (principalId, policy, context). */
final class LambdaAuthorizer {
    static final Pattern LAMBDA_URI = Pattern.compile(
            "arn:aws[a-z-]*:apigateway:[^:]+:lambda:path/2015-03-31/functions/(.+)/invocations");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static final GatewayError UNAUTHORIZED = new GatewayError(Type.UNAUTHORIZED, "UnauthorizedException",
            "Unauthorized");
    static final GatewayError CONFIGURATION_ERROR = new GatewayError(Type.AUTHORIZER_CONFIGURATION_ERROR,
            "AuthorizerConfigurationException", null);

    /** The authorizer's accepted answer. */
    record Grant(String principalId, JsonNode policy, ObjectNode context, String usageIdentifierKey) {
    }

    /** Either a grant or the gateway error the authorizer's failure becomes. */
    record Outcome(Grant grant, GatewayError error) {
    }

    private final OperationRegistry registry;

    LambdaAuthorizer(OperationRegistry registry) {
        this.registry = registry;
    }

    Outcome call(ObjectNode authorizer, RestApiState api, ObjectNode event, Instant now) {
        Matcher m = LAMBDA_URI.matcher(authorizer.path("authorizerUri").asText());
        if (!m.matches()) {
            return new Outcome(null, CONFIGURATION_ERROR);
        }
        ObjectNode input = JsonNodeFactory.instance.objectNode();
        input.put("FunctionName", m.group(1));
        input.set("Payload", BinaryNode.valueOf(event.toString().getBytes(StandardCharsets.UTF_8)));
        RequestContext ctx = new RequestContext(RequestIds.next(), api.accountId(), api.region(), null,
                "arn:aws:iam::" + api.accountId() + ":root", now);
        JsonNode out;
        JsonNode reply;
        try {
            out = registry.call("lambda", "Invoke", ctx, input);
            JsonNode payload = out.get("Payload");
            if (payload == null) {
                return new Outcome(null, CONFIGURATION_ERROR);
            }
            reply = MAPPER.readTree(payload.binaryValue());
        } catch (AwsException | IllegalArgumentException | IOException e) {
            return new Outcome(null, CONFIGURATION_ERROR);
        }
        if (out.hasNonNull("FunctionError")) {
            // Only the error message "Unauthorized" means 401; any other failure is a configuration error.
            boolean unauthorized = reply != null && "Unauthorized".equals(reply.path("errorMessage").asText(null));
            return new Outcome(null, unauthorized ? UNAUTHORIZED : CONFIGURATION_ERROR);
        }
        Grant grant = grant(reply);
        return grant == null ? new Outcome(null, CONFIGURATION_ERROR) : new Outcome(grant, null);
    }

    /** The function's answer, or null when API Gateway would reject it as malformed. */
    static Grant grant(JsonNode reply) {
        if (reply == null || !reply.isObject()) {
            return null;
        }
        JsonNode principal = reply.get("principalId");
        JsonNode policy = reply.get("policyDocument");
        if (principal == null || !principal.isValueNode() || principal.isNull()) {
            return null;
        }
        if (policy != null && policy.isTextual()) {
            try {
                policy = MAPPER.readTree(policy.asText());
            } catch (IOException e) {
                return null;
            }
        }
        if (!AuthorizerPolicy.isWellFormed(policy)) {
            return null;
        }
        ObjectNode context = JsonNodeFactory.instance.objectNode();
        JsonNode given = reply.get("context");
        if (given != null && !given.isNull()) {
            if (!given.isObject()) {
                return null;
            }
            Iterator<Map.Entry<String, JsonNode>> it = given.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                // Context values must be strings, numbers or booleans; objects and arrays are refused.
                if (e.getValue().isContainerNode()) {
                    return null;
                }
                context.set(e.getKey(), e.getValue());
            }
        }
        return new Grant(principal.asText(), policy, context, reply.path("usageIdentifierKey").asText(null));
    }
}
