package dev.stratus.apigateway;

import static dev.stratus.apigateway.RestApiOperations.copy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.apigateway.Patches.Kind;
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Lambda (TOKEN, REQUEST) and Cognito authorizers of a REST API, and TestInvokeAuthorizer. */
final class AuthorizerOperations {
    /** authorizerResultTtlInSeconds when not given, as AWS defaults it. */
    static final int DEFAULT_TTL_SECONDS = 300;
    /** AWS's upper bound for authorizerResultTtlInSeconds. */
    static final int MAX_TTL_SECONDS = 3600;

    private final ApiStore store;
    private final LambdaAuthorizer lambda;
    private final Clock clock;
    /** Forgets an API's cached authorizer results, so a changed authorizer takes effect at once. */
    private final Consumer<String> flushCache;

    AuthorizerOperations(ApiStore store, LambdaAuthorizer lambda, Clock clock, Consumer<String> flushCache) {
        this.store = store;
        this.lambda = lambda;
        this.clock = clock;
        this.flushCache = flushCache;
    }

    static ObjectNode authorizer(RestApiState api, String id) {
        ObjectNode a = api.authorizers().get(id);
        if (a == null) {
            throw ApiErrors.notFound("Invalid Authorizer identifier specified");
        }
        return a;
    }

    JsonNode createAuthorizer(RequestContext ctx, ObjectNode in) {
        return store.update(ctx, in.path("restApiId").asText(), api -> {
            ObjectNode a = JsonNodeFactory.instance.objectNode();
            String id;
            do {
                id = Ids.random(6);
            } while (api.authorizers().containsKey(id));
            a.put("id", id);
            a.put("name", in.path("name").asText());
            a.put("type", in.path("type").asText());
            copy(in, a, "providerARNs", "authType", "authorizerUri", "authorizerCredentials", "identitySource",
                    "identityValidationExpression");
            a.put("authorizerResultTtlInSeconds", in.path("authorizerResultTtlInSeconds").asInt(DEFAULT_TTL_SECONDS));
            check(a);
            api.authorizers().put(id, a);
            return a.deepCopy();
        });
    }

    /** AWS's checks on an authorizer definition, on create and after an update. */
    private static void check(ObjectNode a) {
        String type = a.path("type").asText();
        if (type.equals("COGNITO_USER_POOLS")) {
            if (a.path("providerARNs").isEmpty()) {
                throw ApiErrors.badRequest("ProviderARNs need to be specified for COGNITO_USER_POOLS authorizers");
            }
        } else {
            String uri = a.path("authorizerUri").asText("");
            if (uri.isEmpty()) {
                throw ApiErrors.badRequest("Authorizer URI is required for authorizer type of " + type);
            }
            if (!MethodOperations.AWS_URI.matcher(uri).matches()) {
                throw ApiErrors.badRequest("Invalid Authorizer URI: " + uri
                        + ". Authorizer URI should be a valid API Gateway ARN that represents a Lambda function "
                        + "invocation.");
            }
        }
        if (type.equals("TOKEN") && !a.path("identitySource").asText("").startsWith("method.request.header.")) {
            throw ApiErrors.badRequest("Invalid identity source: the identity source of a TOKEN authorizer must be "
                    + "a request header, like method.request.header.Authorization");
        }
        int ttl = a.path("authorizerResultTtlInSeconds").asInt();
        if (ttl < 0 || ttl > MAX_TTL_SECONDS) {
            throw ApiErrors.badRequest("Invalid authorizer TTL: " + ttl + ". Must be between 0 and "
                    + MAX_TTL_SECONDS + " seconds.");
        }
        if (type.equals("REQUEST") && ttl > 0 && a.path("identitySource").asText("").isBlank()) {
            throw ApiErrors.badRequest("Identity source must be specified when caching is enabled");
        }
    }

    JsonNode getAuthorizer(RequestContext ctx, ObjectNode in) {
        return authorizer(store.get(ctx, in.path("restApiId").asText()), in.path("authorizerId").asText());
    }

    JsonNode getAuthorizers(RequestContext ctx, ObjectNode in) {
        RestApiState api = store.get(ctx, in.path("restApiId").asText());
        return Pages.page(List.copyOf(api.authorizers().values()), in);
    }

    JsonNode updateAuthorizer(RequestContext ctx, ObjectNode in) {
        return store.update(ctx, in.path("restApiId").asText(), api -> {
            ObjectNode a = authorizer(api, in.path("authorizerId").asText());
            ObjectNode changed = a.deepCopy();
            Patches.applyAll(changed, in.path("patchOperations"), Map.of("name", Kind.STRING, "type", Kind.STRING,
                    "authorizerUri", Kind.STRING, "authorizerCredentials", Kind.STRING, "identitySource",
                    Kind.STRING, "identityValidationExpression", Kind.STRING, "authorizerResultTtlInSeconds",
                    Kind.INTEGER, "providerARNs", Kind.LIST, "authType", Kind.STRING));
            check(changed);
            api.authorizers().put(a.path("id").asText(), changed);
            flushCache.accept(api.id());
            return changed.deepCopy();
        });
    }

    JsonNode deleteAuthorizer(RequestContext ctx, ObjectNode in) {
        return store.update(ctx, in.path("restApiId").asText(), api -> {
            String id = in.path("authorizerId").asText();
            authorizer(api, id);
            for (ObjectNode r : api.resources().values()) {
                for (JsonNode m : r.path("resourceMethods")) {
                    if (id.equals(m.path("authorizerId").asText(null))
                            && m.path("authorizationType").asText().equals("CUSTOM")) {
                        throw ApiErrors.conflict("Cannot delete authorizer '" + api.authorizers().get(id)
                                .path("name").asText() + "', is referenced in method: " + m.path("httpMethod")
                                .asText() + ":" + r.path("path").asText());
                    }
                }
            }
            api.authorizers().remove(id);
            flushCache.accept(api.id());
            return null;
        });
    }

    /** Calls the authorizer with a simulated request, as the console's Test button does. */
    JsonNode testInvokeAuthorizer(RequestContext ctx, ObjectNode in) {
        RestApiState api = store.get(ctx, in.path("restApiId").asText());
        ObjectNode a = authorizer(api, in.path("authorizerId").asText());
        String pathWithQuery = in.path("pathWithQueryString").asText("/");
        int q = pathWithQuery.indexOf('?');
        String path = q < 0 ? pathWithQuery : pathWithQuery.substring(0, q);
        String arn = MethodAuthorization.methodArn(api, "ESTestInvoke-stage", "GET", path);
        ObjectNode event;
        if (a.path("type").asText().equals("TOKEN")) {
            String header = a.path("identitySource").asText().substring("method.request.header.".length());
            String token = null;
            var fields = in.path("headers").fields();
            while (fields.hasNext()) {
                var h = fields.next();
                if (h.getKey().equalsIgnoreCase(header)) {
                    token = h.getValue().asText();
                }
            }
            event = MethodAuthorization.tokenEvent(token, arn);
        } else {
            event = JsonNodeFactory.instance.objectNode();
            event.put("type", "REQUEST");
            event.put("methodArn", arn);
            event.put("resource", path);
            event.put("path", path);
            event.put("httpMethod", "GET");
            event.set("headers", in.path("headers").isObject() ? in.get("headers").deepCopy()
                    : JsonNodeFactory.instance.objectNode());
            ObjectNode query = event.putObject("queryStringParameters");
            if (q >= 0) {
                HttpRequest.parseForm(pathWithQuery.substring(q + 1))
                        .forEach((k, v) -> query.put(k, v.get(v.size() - 1)));
            }
            event.putObject("pathParameters");
            event.set("stageVariables", in.path("stageVariables").isObject() ? in.get("stageVariables").deepCopy()
                    : JsonNodeFactory.instance.objectNode());
        }
        Instant start = clock.instant();
        LambdaAuthorizer.Outcome outcome = lambda.call(a, api, event, start);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        if (outcome.error() != null) {
            out.put("clientStatus", outcome.error().type().status);
        } else {
            LambdaAuthorizer.Grant g = outcome.grant();
            out.put("clientStatus", 200);
            out.put("principalId", g.principalId());
            out.put("policy", g.policy().toString());
            out.putObject("authorization");
        }
        out.put("log", "Execution log for request test-request\nEndpoint request body after transformations: "
                + event);
        out.put("latency", Duration.between(start, clock.instant()).toMillis());
        return out;
    }
}
