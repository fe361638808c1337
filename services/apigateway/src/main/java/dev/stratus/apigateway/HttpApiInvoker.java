package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.OperationRegistry;
import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.HttpResponse;
import java.util.Map;

/**
 * Invokes an HTTP API: stage from the first path segment (or {@code $default} at the root), the stage's deployed
 * snapshot, CORS preflight, route selection, throttling, authorizer, integration, CORS headers.
 */
final class HttpApiInvoker {
    private final HttpIntegrationCall integrations;
    private final HttpThrottle throttle = new HttpThrottle();
    private final JwtAuthorizer jwt = new JwtAuthorizer();
    private final LambdaRequestAuthorizer lambdaAuthorizer;
    private final HttpIamAuthorizer iam;

    HttpApiInvoker(OperationRegistry registry, HttpIamAuthorizer iam) {
        this.integrations = new HttpIntegrationCall(registry);
        this.lambdaAuthorizer = new LambdaRequestAuthorizer(integrations);
        this.iam = iam;
    }

    static HttpResponse internalError() {
        return ExecuteApi.error(500, "InternalServerErrorException", "Internal Server Error");
    }

    private static HttpResponse notFound() {
        return ExecuteApi.error(404, "NotFoundException", "Not Found");
    }

    /** @param rawPath the raw path after the host: a named stage's segment first, or the $default stage's path */
    HttpResponse invoke(HttpApiState api, ApiRequest request, String rawPath) {
        HttpResponse response = dispatch(api, request, rawPath);
        response.header("apigw-requestid", request.extendedRequestId());
        return response;
    }

    private HttpResponse dispatch(HttpApiState api, ApiRequest request, String rawPath) {
        if (api.api().path("DisableExecuteApiEndpoint").asBoolean()) {
            return ExecuteApi.error(403, "ForbiddenException", "Forbidden");
        }
        String raw = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        int slash = raw.indexOf('/');
        String first = HttpRequest.decode(slash < 0 ? raw : raw.substring(0, slash), false);
        String stageName;
        String routePath;
        if (!first.equals("$default") && api.stages().containsKey(first)) {
            stageName = first;
            routePath = slash < 0 ? "/" : HttpRequest.decode(raw.substring(slash), false);
        } else if (api.stages().containsKey("$default")) {
            stageName = "$default";
            routePath = HttpRequest.decode(rawPath.isEmpty() ? "/" : rawPath, false);
        } else {
            return notFound();
        }
        ObjectNode stage = api.stages().get(stageName);
        HttpApiState.Deployment deployment = api.deployments().get(stage.path("DeploymentId").asText());
        if (deployment == null) {
            return notFound();
        }
        HttpApiState.Snapshot snapshot = deployment.snapshot();
        ApiRequest req = new ApiRequest(api.id(), stageName, routePath, request.domainName(), request.http(),
                request.requestId(), request.extendedRequestId(), request.receivedAt());
        HttpRequest http = req.http();
        if (HttpCors.isPreflight(snapshot.cors(), http)) {
            return HttpCors.preflight(snapshot.cors(), http);
        }
        HttpRouteMatcher.Match match = HttpRouteMatcher.match(snapshot.routes().values(), http.method(), routePath);
        if (match == null) {
            return HttpCors.decorate(snapshot.cors(), http, notFound());
        }
        HttpInvocation inv = new HttpInvocation(api, stageName, stage, req, rawPath.isEmpty() ? "/" : rawPath,
                routePath, match.route(), Map.copyOf(match.pathParameters()));
        return HttpCors.decorate(snapshot.cors(), http, routed(inv, snapshot));
    }

    private HttpResponse routed(HttpInvocation inv, HttpApiState.Snapshot snapshot) {
        if (!throttle.admit(inv, inv.req().receivedAt())) {
            return ExecuteApi.error(429, "TooManyRequestsException", "Too Many Requests");
        }
        JsonNode authorizerContext = null;
        ObjectNode route = inv.route();
        String type = route.path("AuthorizationType").asText("NONE");
        if (type.equals("JWT") || type.equals("CUSTOM") || type.equals("AWS_IAM")) {
            ObjectNode authorizer = snapshot.authorizers().get(route.path("AuthorizerId").asText());
            if (authorizer == null && !type.equals("AWS_IAM")) {
                return internalError();
            }
            HttpAuthorization decision = type.equals("AWS_IAM") ? iam.authorize(inv)
                    : type.equals("JWT") ? jwt.authorize(inv, authorizer) : lambdaAuthorizer.authorize(inv, authorizer);
            switch (decision) {
                case HttpAuthorization.Denied d -> {
                    return d.response();
                }
                case HttpAuthorization.Allowed a -> authorizerContext = a.context();
            }
        }
        String target = route.path("Target").asText("");
        ObjectNode integration = target.startsWith("integrations/")
                ? snapshot.integrations().get(target.substring("integrations/".length())) : null;
        if (integration == null) {
            return notFound();
        }
        return integrations.call(inv, integration, authorizerContext);
    }
}
