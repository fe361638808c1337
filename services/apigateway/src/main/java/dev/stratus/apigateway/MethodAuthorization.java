package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.apigateway.GatewayResponses.GatewayError;
import dev.stratus.apigateway.GatewayResponses.Type;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.auth.Authenticator;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.sigv4.SigV4Scope;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.PatternSyntaxException;

/**
 * A method's authorizationType enforced at invocation: CUSTOM (Lambda TOKEN / REQUEST authorizers, their
 * policies cached per identity for authorizerResultTtlInSeconds) and AWS_IAM (a SigV4-signed request whose IAM
 * policies allow execute-api:Invoke in strict mode).
 */
final class MethodAuthorization {
    /** Cached results beyond this many are dropped all at once (a bound, not an LRU). */
    static final int MAX_CACHED_RESULTS = 10_000;

    static final GatewayError MISSING_TOKEN = new GatewayError(Type.MISSING_AUTHENTICATION_TOKEN,
            "MissingAuthenticationTokenException", "Missing Authentication Token");

    /** The request with its caller filled in, or the error that refuses it. */
    record Decision(ApiRequest request, GatewayError error) {
    }

    private record Cached(LambdaAuthorizer.Grant grant, Instant expires) {
    }

    private final LambdaAuthorizer lambda;
    private final Authenticator authenticator;
    private final ExecuteApiAccess access;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    MethodAuthorization(LambdaAuthorizer lambda, Authenticator authenticator, ExecuteApiAccess access, Clock clock) {
        this.lambda = lambda;
        this.authenticator = authenticator;
        this.access = access;
        this.clock = clock;
    }

    Decision authorize(ApiRequest req, RestApiState api, ObjectNode stage, RouteMatcher.Match match) {
        String type = match.method().path("authorizationType").asText("NONE");
        Decision decision = switch (type) {
            case "CUSTOM" -> custom(req, api, stage, match);
            case "AWS_IAM" -> iam(req, api);
            default -> new Decision(req, null);
        };
        if (decision.error() != null || type.equals("AWS_IAM") || !api.api().hasNonNull("policy")) {
            return decision;
        }
        // Without IAM the caller is anonymous to the resource policy; an authorizer's Allow stands unless it denies.
        String refusal = access.anonymousRefusal(methodArn(api, req.stage(), req.http().method(), req.path()),
                api.api().path("policy").asText(), ProxyEvent.sourceIp(req), type.equals("NONE"));
        return refusal == null ? decision
                : new Decision(req, new GatewayError(Type.ACCESS_DENIED, "AccessDeniedException", refusal));
    }

    /** The ARN a policy's Resource is matched against: arn:aws:execute-api:region:account:api/stage/METHOD/path. */
    static String methodArn(RestApiState api, String stage, String method, String path) {
        return "arn:aws:execute-api:" + api.region() + ":" + api.accountId() + ":" + api.id() + "/" + stage + "/"
                + method + "/" + (path.startsWith("/") ? path.substring(1) : path);
    }

    /** A verified SigV4 signer whose policies (strict mode: identity and the API's resource policy) allow it. */
    private Decision iam(ApiRequest req, RestApiState api) {
        SigV4Scope scope = SigV4Scope.of(req.http());
        if (scope == null) {
            return new Decision(req, MISSING_TOKEN);
        }
        RequestContext ctx;
        try {
            ctx = authenticator.authenticate(req.http(), scope, null, null, req.requestId(), clock.instant());
        } catch (AwsException e) {
            return new Decision(req, new GatewayError(Type.INVALID_SIGNATURE, "InvalidSignatureException",
                    e.getMessage()));
        }
        String refusal = access.refusal(ctx, methodArn(api, req.stage(), req.http().method(), req.path()),
                api.accountId(), api.api().path("policy").asText(null), ProxyEvent.sourceIp(req));
        if (refusal != null) {
            return new Decision(req, new GatewayError(Type.ACCESS_DENIED, "AccessDeniedException", refusal));
        }
        return new Decision(req.withCaller(new ApiRequest.Caller(null, callerIdentity(ctx), null)), null);
    }

    /** The {@code requestContext.identity} members API Gateway fills in for a SigV4-authenticated caller. */
    static ObjectNode callerIdentity(RequestContext ctx) {
        ObjectNode identity = JsonNodeFactory.instance.objectNode();
        identity.put("accessKey", ctx.accessKeyId());
        identity.put("accountId", ctx.accountId());
        identity.put("caller", ctx.accessKeyId());
        identity.put("user", ctx.accessKeyId());
        identity.put("userArn", ctx.principalArn());
        return identity;
    }

    private Decision custom(ApiRequest req, RestApiState api, ObjectNode stage, RouteMatcher.Match match) {
        ObjectNode authorizer = api.authorizers().get(match.method().path("authorizerId").asText());
        if (authorizer == null) {
            return new Decision(req, LambdaAuthorizer.CONFIGURATION_ERROR);
        }
        boolean token = authorizer.path("type").asText().equals("TOKEN");
        int ttl = authorizer.path("authorizerResultTtlInSeconds").asInt(AuthorizerOperations.DEFAULT_TTL_SECONDS);
        List<String> identity = identity(authorizer, req, stage);
        // REQUEST authorizers without caching do not require their identity sources.
        if (identity == null && (token || ttl > 0)) {
            return new Decision(req, LambdaAuthorizer.UNAUTHORIZED);
        }
        if (token && !validates(authorizer, identity.get(0))) {
            return new Decision(req, LambdaAuthorizer.UNAUTHORIZED);
        }
        String arn = methodArn(api, req.stage(), req.http().method(), req.path());
        // Each stage has its own authorizer cache (FlushStageAuthorizersCache empties one stage's).
        String cacheKey = api.id() + "/" + req.stage() + "/" + authorizer.path("id").asText() + "/"
                + String.join("\u0000",
                identity == null ? List.of() : identity);
        Instant now = clock.instant();
        Cached cached = ttl > 0 ? cache.get(cacheKey) : null;
        LambdaAuthorizer.Grant grant;
        if (cached != null && now.isBefore(cached.expires())) {
            grant = cached.grant();
        } else {
            ObjectNode event = token ? tokenEvent(identity.get(0), arn) : requestEvent(req, api, stage, match, arn);
            LambdaAuthorizer.Outcome outcome = lambda.call(authorizer, api, event, now);
            if (outcome.error() != null) {
                return new Decision(req, outcome.error());
            }
            grant = outcome.grant();
            if (ttl > 0) {
                if (cache.size() >= MAX_CACHED_RESULTS) {
                    cache.clear();
                }
                cache.put(cacheKey, new Cached(grant, now.plusSeconds(ttl)));
            }
        }
        GatewayError denied = verdict(grant, arn);
        if (denied != null) {
            return new Decision(req, denied);
        }
        return new Decision(req.withCaller(new ApiRequest.Caller(authorizerContext(grant), null,
                grant.usageIdentifierKey())), null);
    }

    /** Null when the policy allows the method; otherwise AWS's 403. */
    static GatewayError verdict(LambdaAuthorizer.Grant grant, String methodArn) {
        return switch (AuthorizerPolicy.evaluate(grant.policy(), methodArn)) {
            case ALLOW -> null;
            case DENY -> new GatewayError(Type.ACCESS_DENIED, "AccessDeniedException",
                    "User is not authorized to access this resource with an explicit deny");
            case NO_MATCH -> new GatewayError(Type.ACCESS_DENIED, "AccessDeniedException",
                    "User is not authorized to access this resource");
        };
    }

    /** requestContext.authorizer as REST APIs pass it: principalId plus the context, values as strings. */
    static ObjectNode authorizerContext(LambdaAuthorizer.Grant grant) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("principalId", grant.principalId());
        grant.context().fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        out.put("integrationLatency", 0);
        return out;
    }

    static ObjectNode tokenEvent(String token, String methodArn) {
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        e.put("type", "TOKEN");
        e.put("authorizationToken", token);
        e.put("methodArn", methodArn);
        return e;
    }

    private static ObjectNode requestEvent(ApiRequest req, RestApiState api, ObjectNode stage,
                                           RouteMatcher.Match match, String methodArn) {
        ObjectNode proxy = ProxyEvent.build(req, api, stage, match);
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        e.put("type", "REQUEST");
        e.put("methodArn", methodArn);
        e.setAll(proxy);
        e.remove("body");
        e.remove("isBase64Encoded");
        return e;
    }

    private static boolean validates(ObjectNode authorizer, String token) {
        String expression = authorizer.path("identityValidationExpression").asText("");
        if (expression.isEmpty()) {
            return true;
        }
        try {
            return token.matches(expression);
        } catch (PatternSyntaxException e) {
            return false;
        }
    }

    /** The identity source values in order, or null when one is missing or empty. */
    private static List<String> identity(ObjectNode authorizer, ApiRequest req, ObjectNode stage) {
        List<String> values = new ArrayList<>();
        for (String source : authorizer.path("identitySource").asText("").split(",")) {
            String s = source.strip();
            if (s.isEmpty()) {
                continue;
            }
            String value = null;
            if (s.startsWith("method.request.header.")) {
                value = req.http().header(s.substring("method.request.header.".length()));
            } else if (s.startsWith("method.request.querystring.")) {
                List<String> q = req.http().queryParams().get(s.substring("method.request.querystring.".length()));
                value = q == null || q.isEmpty() ? null : q.get(q.size() - 1);
            } else if (s.startsWith("stageVariables.")) {
                JsonNode v = stage.path("variables").get(s.substring("stageVariables.".length()));
                value = v == null ? null : v.asText();
            } else if (s.startsWith("context.")) {
                value = s; // context variables always exist for a request
            }
            if (value == null || value.isEmpty()) {
                return null;
            }
            values.add(value);
        }
        return values.isEmpty() ? null : values;
    }

    /** Empties the authorizer cache of all an API's stages. */
    void flush(String apiId) {
        cache.keySet().removeIf(k -> k.startsWith(apiId + "/"));
    }

    /** Empties the authorizer cache of one stage (FlushStageAuthorizersCache). */
    void flush(String apiId, String stage) {
        cache.keySet().removeIf(k -> k.startsWith(apiId + "/" + stage + "/"));
    }
}
