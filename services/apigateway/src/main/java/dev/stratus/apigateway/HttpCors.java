package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An HTTP API's CorsConfiguration: preflight requests are answered by the gateway (204, no route invoked), and
 * actual responses get the access-control headers (the integration's own are replaced), as AWS does.
 */
final class HttpCors {
    private HttpCors() {
    }

    static boolean isPreflight(ObjectNode cors, HttpRequest http) {
        return cors != null && http.method().equals("OPTIONS") && http.header("Origin") != null
                && http.header("Access-Control-Request-Method") != null;
    }

    /** The gateway's answer to a preflight: 204, with the access-control headers when the origin is allowed. */
    static HttpResponse preflight(ObjectNode cors, HttpRequest http) {
        HttpResponse r = new HttpResponse(204, new HttpRequest.Headers(), new byte[0]);
        String allowOrigin = allowedOrigin(cors, http.header("Origin"));
        if (allowOrigin == null) {
            return r;
        }
        r.header("access-control-allow-origin", allowOrigin);
        String methods = join(cors.path("AllowMethods"));
        if (!methods.isEmpty()) {
            r.header("access-control-allow-methods", methods.equals("*")
                    ? http.header("Access-Control-Request-Method") : methods);
        }
        String headers = join(cors.path("AllowHeaders"));
        String requested = http.header("Access-Control-Request-Headers");
        if (!headers.isEmpty()) {
            r.header("access-control-allow-headers", headers.equals("*") && requested != null ? requested
                    : headers);
        }
        if (cors.hasNonNull("MaxAge") && cors.path("MaxAge").asInt() >= 0) {
            r.header("access-control-max-age", cors.path("MaxAge").asText());
        }
        if (cors.path("AllowCredentials").asBoolean()) {
            r.header("access-control-allow-credentials", "true");
        }
        return r;
    }

    /** Adds the access-control headers for an allowed origin to an actual response. */
    static HttpResponse decorate(ObjectNode cors, HttpRequest http, HttpResponse response) {
        if (cors == null) {
            return response;
        }
        HttpRequest.Headers headers = new HttpRequest.Headers();
        response.headers().asMap().forEach((name, values) -> {
            if (!name.toLowerCase(Locale.ROOT).startsWith("access-control-")) {
                values.forEach(v -> headers.add(name, v));
            }
        });
        HttpResponse r = new HttpResponse(response.status(), headers, response.body());
        String origin = http.header("Origin");
        String allowOrigin = origin == null ? null : allowedOrigin(cors, origin);
        if (allowOrigin == null) {
            return r;
        }
        r.header("access-control-allow-origin", allowOrigin);
        String expose = join(cors.path("ExposeHeaders"));
        if (!expose.isEmpty()) {
            r.header("access-control-expose-headers", expose);
        }
        if (cors.path("AllowCredentials").asBoolean()) {
            r.header("access-control-allow-credentials", "true");
        }
        return r;
    }

    /** The value of access-control-allow-origin for this origin, or null when it is not allowed. */
    private static String allowedOrigin(ObjectNode cors, String origin) {
        for (JsonNode allowed : cors.path("AllowOrigins")) {
            if (allowed.asText().equals("*")) {
                return cors.path("AllowCredentials").asBoolean() ? origin : "*";
            }
            if (allowed.asText().equalsIgnoreCase(origin)) {
                return origin;
            }
        }
        return null;
    }

    private static String join(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(v -> out.add(v.asText()));
        return String.join(",", out);
    }
}
