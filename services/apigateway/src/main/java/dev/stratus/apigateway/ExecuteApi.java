package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.HttpFrontDoor;
import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.HttpResponse;
import dev.stratus.protocol.sigv4.SigV4Scope;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The data plane: invocations of deployed REST APIs on the edge's port, addressed as
 * {@code http://{apiId}.execute-api.localhost:{port}/{stage}/{path}} (by Host),
 * {@code /_aws/execute-api/{apiId}/{stage}/{path}} or {@code /restapis/{apiId}/{stage}/_user_request_/{path}}.
 */
final class ExecuteApi implements HttpFrontDoor {
    private static final Pattern HOST = Pattern.compile("([a-z0-9]+)\\.execute-api\\..*");
    private static final String AWS_PREFIX = "/_aws/execute-api/";

    private final ApiStore store;
    private final Integrations integrations;
    private final HttpApiStore httpApis;
    private final HttpApiInvoker httpApiInvoker;
    private final Clock clock;
    private final MethodAuthorization authorization;
    private final UsageGuard usage;
    private final GatewayResponses gatewayResponses;
    private final DomainStore domains;
    private final StageCache cache;
    private final CanarySplit canaries = new CanarySplit();

    ExecuteApi(ApiStore store, Integrations integrations, HttpApiStore httpApis, HttpApiInvoker httpApiInvoker,
               Clock clock, MethodAuthorization authorization, UsageGuard usage, GatewayResponses gatewayResponses,
               DomainStore domains, StageCache cache) {
        this.store = store;
        this.cache = cache;
        this.domains = domains;
        this.gatewayResponses = gatewayResponses;
        this.authorization = authorization;
        this.usage = usage;
        this.integrations = integrations;
        this.httpApis = httpApis;
        this.httpApiInvoker = httpApiInvoker;
        this.clock = clock;
    }

    /** Where a request points: API, and the raw path after the API id (starting with the stage). */
    record Target(String apiId, String rawStagePath) {
    }

    /** The target by the execute-api host, else a custom domain name, else the path-style forms. */
    private Target target(HttpRequest r) {
        Target byHost = target(r, false);
        if (byHost != null) {
            return byHost;
        }
        Target viaDomain = domainTarget(r, HttpFrontDoor.hostName(r));
        return viaDomain != null ? viaDomain : target(r, true);
    }

    /** The target by the execute-api host or the path-style forms (WebSocket upgrades: no custom domains). */
    static Target executeApiTarget(HttpRequest r) {
        Target byHost = target(r, false);
        return byHost != null ? byHost : target(r, true);
    }

    private static Target target(HttpRequest r, boolean pathOnly) {
        if (!pathOnly) {
            Matcher m = HOST.matcher(HttpFrontDoor.hostName(r));
            return m.matches() ? new Target(m.group(1), r.rawPath()) : null;
        }
        String path = r.rawPath();
        if (path.startsWith(AWS_PREFIX)) {
            String rest = path.substring(AWS_PREFIX.length());
            int slash = rest.indexOf('/');
            return slash < 0 ? new Target(rest, "/") : new Target(rest.substring(0, slash), rest.substring(slash));
        }
        if (path.startsWith("/restapis/")) {
            String[] parts = path.split("/", 6);
            // ["", "restapis", id, stage, "_user_request_", rest]
            if (parts.length >= 5 && parts[4].equals("_user_request_") && !signedForControlPlane(r)) {
                return new Target(parts[2], "/" + parts[3] + "/" + (parts.length == 6 ? parts[5] : ""));
            }
        }
        return null;
    }

    /**
     * A request to a custom domain name goes to the API and stage of the base path mapping whose base path is the
     * longest prefix of its path, else of the "(none)" mapping; no mapping answers 403 like an unknown API.
     */
    private Target domainTarget(HttpRequest r, String host) {
        if (host.isEmpty()) {
            return null;
        }
        DomainStore.DomainState domain = domains.byHost(host).orElse(null);
        if (domain == null) {
            return null;
        }
        SigV4Scope scope = SigV4Scope.of(r);
        if (scope != null && !"execute-api".equals(scope.service())) {
            return null;
        }
        String raw = r.rawPath();
        String path = raw.startsWith("/") ? raw.substring(1) : raw;
        ObjectNode best = null;
        String rest = raw;
        for (ObjectNode mapping : domain.mappings().values()) {
            String base = mapping.path("basePath").asText();
            if (base.equals(DomainNameOperations.NO_BASE_PATH)) {
                continue;
            }
            boolean matches = path.equals(base) || path.startsWith(base + "/");
            if (matches && (best == null || base.length() > best.path("basePath").asText().length())) {
                best = mapping;
                rest = path.substring(base.length());
            }
        }
        if (best == null) {
            best = domain.mappings().get(DomainNameOperations.NO_BASE_PATH);
            rest = raw;
        }
        if (best == null) {
            return new Target("", "/");
        }
        String stage = best.path("stage").asText(null);
        String stagePath = stage == null ? rest : "/" + stage + (rest.startsWith("/") ? rest : "/" + rest);
        return new Target(best.path("restApiId").asText(), stagePath);
    }

    /** A control-plane call (e.g. GetStage of a stage named _user_request_) is SigV4-signed for "apigateway". */
    private static boolean signedForControlPlane(HttpRequest r) {
        SigV4Scope scope = SigV4Scope.of(r);
        return scope != null && "apigateway".equals(scope.service());
    }

    @Override
    public boolean claims(HttpRequest request) {
        Target t = target(request);
        // WebSocket APIs' plain HTTP requests (@connections, refused upgrades) are ApiGatewayV2Service's.
        return t != null && httpApis.byId(t.apiId()).filter(WebSocketRoute::isWebSocket).isEmpty();
    }

    @Override
    public HttpResponse handle(HttpRequest request, String requestId) {
        String extendedId = extendedRequestId();
        HttpResponse response = invoke(request, requestId, extendedId);
        response.header("x-amz-apigw-id", extendedId);
        return response;
    }

    private HttpResponse invoke(HttpRequest request, String requestId, String extendedId) {
        Target t = target(request);
        RestApiState api = t == null ? null : store.byId(t.apiId()).orElse(null);
        if (api == null && t != null) {
            HttpApiState httpApi = httpApis.byId(t.apiId()).orElse(null);
            if (httpApi != null) {
                // HTTP APIs are served by their $default stage at the root: the whole path is the route's.
                ApiRequest req = new ApiRequest(httpApi.id(), "$default", HttpRequest.decode(t.rawStagePath(), false),
                        HttpFrontDoor.hostName(request), request, requestId, extendedId, clock.instant());
                return httpApiInvoker.invoke(httpApi, req, t.rawStagePath());
            }
        }
        if (api == null) {
            return error(403, "ForbiddenException", "Forbidden");
        }
        String raw = t.rawStagePath().startsWith("/") ? t.rawStagePath().substring(1) : t.rawStagePath();
        int slash = raw.indexOf('/');
        String stageName = HttpRequest.decode(slash < 0 ? raw : raw.substring(0, slash), false);
        String path = slash < 0 ? "/" : HttpRequest.decode(raw.substring(slash), false);
        ObjectNode stored = api.stages().get(stageName);
        if (stored == null) {
            return error(403, "ForbiddenException", "Forbidden");
        }
        ObjectNode stage = canaries.route(api.id(), stageName, stored);
        RestApiState.DeploymentState deployment = api.deployments().get(stage.path("deploymentId").asText());
        RouteMatcher.Match match = deployment == null ? null
                : new RouteMatcher(deployment.resources()).match(request.method(), path);
        ApiRequest req = new ApiRequest(api.id(), stageName, path, HttpFrontDoor.hostName(request), request, requestId,
                extendedId, clock.instant());
        if (match == null || !match.method().has("methodIntegration")) {
            return gatewayResponses.render(api, MethodAuthorization.MISSING_TOKEN, req, stage);
        }
        // AWS's order: authorization first (an authorizer may supply the API key), then API key and throttling.
        MethodAuthorization.Decision decision = authorization.authorize(req, api, stage, match);
        if (decision.error() != null) {
            return gatewayResponses.render(api, decision.error(), req, stage);
        }
        req = decision.request();
        MethodAuthorization.Decision admitted = usage.admit(req, api, stage, match);
        if (admitted.error() != null) {
            return gatewayResponses.render(api, admitted.error(), decision.request(), stage);
        }
        GatewayResponses.GatewayError invalid = RequestValidation.check(admitted.request(), api, match);
        if (invalid != null) {
            return gatewayResponses.render(api, invalid, admitted.request(), stage);
        }
        ApiRequest admittedRequest = admitted.request();
        return cache.serve(admittedRequest, api, stage, match,
                () -> integrations.invoke(admittedRequest, api, stage, match));
    }

    /** API Gateway's errors: a JSON {"message": ...} body and the error type in x-amzn-ErrorType. */
    static HttpResponse error(int status, String type, String message) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("message", message);
        return HttpResponse.of(status, "application/json", body.toString().getBytes(StandardCharsets.UTF_8))
                .header("x-amzn-ErrorType", type);
    }

    /** Like AWS's: 8 random bytes, base64 (e.g. "BQGojGBBoAMF-Ag="). */
    private static String extendedRequestId() {
        byte[] b = new byte[10];
        java.util.concurrent.ThreadLocalRandom.current().nextBytes(b); // unique, not secret: no shared lock
        return Base64.getUrlEncoder().encodeToString(b).substring(0, 14) + "=";
    }
}
