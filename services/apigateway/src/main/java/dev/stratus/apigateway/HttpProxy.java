package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.Lazy;
import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.HttpResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * HTTP_PROXY (and HTTP after mapping): the request passed to the integration URI, {param} placeholders filled in
 * and the integration's requestParameters applied.
 */
final class HttpProxy {
    /** Headers the HTTP client sets itself (or refuses). */
    private static final Set<String> HOP_BY_HOP = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding", "keep-alive", "te", "trailer", "http2-settings");

    /** Built on first use: a client starts a selector thread and loads the TLS trust store. */
    private final Lazy<HttpClient> client = Lazy.of(() -> HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build());

    HttpResponse forward(ApiRequest req, ObjectNode integration, RouteMatcher.Match match,
                         IntegrationRequestParameters mapped) {
        String uri = integration.path("uri").asText();
        Map<String, String> pathParameters = new LinkedHashMap<>(match.pathParameters());
        pathParameters.putAll(mapped.path());
        for (Map.Entry<String, String> p : pathParameters.entrySet()) {
            String value = p.getKey().equals("proxy") || uri.contains("{" + p.getKey() + "+}") ? p.getValue()
                    : URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8);
            uri = uri.replace("{" + p.getKey() + "+}", value).replace("{" + p.getKey() + "}", value);
        }
        if (!req.http().rawQuery().isEmpty()) {
            uri += (uri.contains("?") ? "&" : "?") + req.http().rawQuery();
        }
        for (Map.Entry<String, String> q : mapped.query().entrySet()) {
            uri += (uri.contains("?") ? "&" : "?") + URLEncoder.encode(q.getKey(), StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(q.getValue(), StandardCharsets.UTF_8);
        }
        String method = integration.path("httpMethod").asText("ANY");
        if (method.equals("ANY")) {
            method = req.http().method();
        }
        var builder = java.net.http.HttpRequest.newBuilder(URI.create(uri))
                .timeout(Duration.ofMillis(integration.path("timeoutInMillis").asInt(29000)))
                .method(method, BodyPublishers.ofByteArray(req.http().body()));
        req.http().headers().asMap().forEach((name, values) -> {
            boolean remapped = mapped.headers().keySet().stream().anyMatch(name::equalsIgnoreCase);
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !remapped) {
                values.forEach(v -> builder.header(name, v));
            }
        });
        mapped.headers().forEach((name, value) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                builder.header(name, value);
            }
        });
        java.net.http.HttpResponse<byte[]> r;
        try {
            r = client.get().send(builder.build(), BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        HttpRequest.Headers headers = new HttpRequest.Headers();
        r.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                values.forEach(v -> headers.add(name, v));
            }
        });
        return new HttpResponse(r.statusCode(), headers, r.body());
    }
}
