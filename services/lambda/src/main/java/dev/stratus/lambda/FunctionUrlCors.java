package dev.stratus.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** A function URL's {@code Cors} settings applied to preflight requests and to the function's responses. */
final class FunctionUrlCors {
    private FunctionUrlCors() {
    }

    /** Whether Lambda answers this request itself: an OPTIONS preflight on a URL with a Cors configuration. */
    static boolean isPreflight(FunctionUrlRecord url, HttpRequest request) {
        return url.cors() != null && "OPTIONS".equals(request.method()) && request.header("Origin") != null
                && request.header("Access-Control-Request-Method") != null;
    }

    /** The preflight answer: 200, with the CORS headers only when the origin is allowed. */
    static HttpResponse preflight(FunctionUrlRecord url, HttpRequest request) {
        HttpResponse r = HttpResponse.of(200, null, new byte[0]);
        String origin = allowedOrigin(url.cors(), request.header("Origin"));
        if (origin == null) {
            return r;
        }
        JsonNode cors = url.cors();
        r.header("Access-Control-Allow-Origin", origin);
        if (cors.has("AllowMethods")) {
            r.header("Access-Control-Allow-Methods", join(cors.get("AllowMethods")));
        }
        if (cors.has("AllowHeaders")) {
            r.header("Access-Control-Allow-Headers", join(cors.get("AllowHeaders")));
        }
        if (cors.has("MaxAge")) {
            r.header("Access-Control-Max-Age", cors.get("MaxAge").asText());
        }
        if (cors.path("AllowCredentials").asBoolean(false)) {
            r.header("Access-Control-Allow-Credentials", "true");
        }
        return r;
    }

    /** Adds the CORS headers to a function's response; the URL's settings override the function's own. */
    static void decorate(FunctionUrlRecord url, HttpRequest request, HttpResponse response) {
        if (url.cors() == null) {
            return;
        }
        String origin = allowedOrigin(url.cors(), request.header("Origin"));
        if (origin == null) {
            return;
        }
        response.header("Access-Control-Allow-Origin", origin);
        if (url.cors().has("ExposeHeaders")) {
            response.header("Access-Control-Expose-Headers", join(url.cors().get("ExposeHeaders")));
        }
        if (url.cors().path("AllowCredentials").asBoolean(false)) {
            response.header("Access-Control-Allow-Credentials", "true");
        }
    }

    /** The Access-Control-Allow-Origin value for {@code origin}, or null when the configuration refuses it. */
    private static String allowedOrigin(JsonNode cors, String origin) {
        if (origin == null) {
            return null;
        }
        for (JsonNode allowed : cors.path("AllowOrigins")) {
            if (allowed.asText().equals("*")) {
                return "*";
            }
            if (allowed.asText().equalsIgnoreCase(origin)) {
                return origin;
            }
        }
        return null;
    }

    private static String join(JsonNode list) {
        List<String> values = new ArrayList<>();
        list.forEach(v -> values.add(v.asText()));
        return String.join(",", values);
    }
}
