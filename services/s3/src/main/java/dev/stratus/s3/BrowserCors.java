package dev.stratus.s3;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.platform.HttpFrontDoor;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.HttpResponse;
import dev.stratus.protocol.codec.RestXmlCodec;
import dev.stratus.protocol.model.ServiceModel;
import java.util.List;

/**
 * CORS as browsers meet it: answers preflight {@code OPTIONS} requests for a bucket or object from the bucket's
 * rules, and adds the {@code Access-Control-*} headers to S3 answers for requests that carry a matching
 * {@code Origin}. Preflights are unsigned, so they arrive here before AWS routing.
 */
final class BrowserCors implements HttpFrontDoor {
    private final S3State state;
    private final ServiceModel model;

    BrowserCors(S3State state, ServiceModel model) {
        this.state = state;
        this.model = model;
    }

    /** The bucket and whether the request names an object in it ({@code ResourceType} OBJECT) or the bucket. */
    record Target(String bucket, boolean object) {
        String resourceType() {
            return object ? "OBJECT" : "BUCKET";
        }
    }

    static Target target(HttpRequest request) {
        String path = request.rawPath();
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        String host = request.header("Host");
        String vhost = RestXmlCodec.virtualHostBucket(host);
        if (vhost != null) {
            return new Target(vhost, !trimmed.isEmpty());
        }
        // API Gateway's invoke URLs are never S3's, even where a bucket shares the first path segment.
        if (trimmed.isEmpty() || (host != null && host.contains(".execute-api."))
                || trimmed.startsWith("restapis/") && trimmed.contains("/_user_request_/")) {
            return null;
        }
        int slash = trimmed.indexOf('/');
        return slash < 0 ? new Target(trimmed, false)
                : new Target(trimmed.substring(0, slash), slash < trimmed.length() - 1);
    }

    @Override
    public boolean claims(HttpRequest request) {
        if (!"OPTIONS".equals(request.method())) {
            return false;
        }
        Target t = target(request);
        return t != null && !t.bucket().startsWith("_") && state.buckets.get(t.bucket()).isPresent();
    }

    @Override
    public HttpResponse handle(HttpRequest request, String requestId) {
        try {
            return preflight(request, requestId);
        } catch (AwsException e) {
            return new RestXmlCodec().encodeError(model, null, e, requestId);
        }
    }

    private HttpResponse preflight(HttpRequest request, String requestId) {
        Target t = target(request);
        String origin = request.header("Origin");
        String method = request.header("Access-Control-Request-Method");
        if (origin == null) {
            throw new AwsException("BadRequest", "Insufficient information. Origin request header needed.", 400);
        }
        if (method == null) {
            throw new AwsException("BadRequest", "Invalid Access-Control-Request-Method: null", 400);
        }
        JsonNode rules = state.config(t.bucket(), CorsRules.CORS);
        if (rules == null) {
            throw CorsRules.notEnabled(method, t.resourceType());
        }
        List<String> headers = CorsRules.requestedHeaders(request.header("Access-Control-Request-Headers"));
        JsonNode rule = CorsRules.match(rules, origin, method, headers);
        if (rule == null) {
            throw CorsRules.notAllowed(method, t.resourceType());
        }
        HttpResponse response = HttpResponse.of(200, null, new byte[0]);
        response.header("x-amz-request-id", requestId).header("x-amz-id-2", RestXmlCodec.hostId(requestId));
        allow(response, rule, origin);
        if (!headers.isEmpty()) {
            response.header("Access-Control-Allow-Headers", String.join(", ", headers));
        }
        response.header("Vary", "Origin, Access-Control-Request-Headers, Access-Control-Request-Method");
        return response;
    }

    /** Adds the CORS headers to an S3 answer when its request's Origin and method match a rule of the bucket. */
    HttpResponse finish(HttpRequest request, HttpResponse response) {
        String origin = request.header("Origin");
        if (origin == null) {
            return response;
        }
        Target t = target(request);
        JsonNode rules = t == null ? null : state.config(t.bucket(), CorsRules.CORS);
        if (rules == null) {
            return response;
        }
        JsonNode rule = CorsRules.match(rules, origin, request.method(), List.of());
        if (rule != null) {
            allow(response, rule, origin);
            response.header("Vary", "Origin, Access-Control-Request-Headers, Access-Control-Request-Method");
        }
        return response;
    }

    private static void allow(HttpResponse response, JsonNode rule, String origin) {
        if (CorsRules.allowsAnyOrigin(rule)) {
            response.header("Access-Control-Allow-Origin", "*");
        } else {
            response.header("Access-Control-Allow-Origin", origin);
            response.header("Access-Control-Allow-Credentials", "true");
        }
        response.header("Access-Control-Allow-Methods", CorsRules.joined(rule.path("AllowedMethods")));
        if (!rule.path("ExposeHeaders").isEmpty()) {
            response.header("Access-Control-Expose-Headers", CorsRules.joined(rule.path("ExposeHeaders")));
        }
        if (rule.hasNonNull("MaxAgeSeconds")) {
            response.header("Access-Control-Max-Age", rule.get("MaxAgeSeconds").asText());
        }
    }
}
