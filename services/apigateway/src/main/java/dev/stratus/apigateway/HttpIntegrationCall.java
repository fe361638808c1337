package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.Lazy;
import dev.stratus.platform.OperationRegistry;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.RequestIds;
import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.HttpResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Calls an HTTP API's integration: AWS_PROXY through Lambda's Invoke, HTTP_PROXY over HTTP with parameter mapping. */
final class HttpIntegrationCall {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Headers the HTTP client sets itself (or refuses). */
    private static final Set<String> HOP_BY_HOP = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding", "keep-alive", "te", "trailer", "http2-settings");

    private final OperationRegistry registry;
    /** Lambda calls run on their own virtual threads so that TimeoutInMillis can cut the wait short. */
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
    /** Built on first use: a client starts a selector thread and loads the TLS trust store. */
    private final Lazy<HttpClient> client = Lazy.of(() -> HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build());

    HttpIntegrationCall(OperationRegistry registry) {
        this.registry = registry;
    }

    HttpResponse call(HttpInvocation inv, ObjectNode integration, JsonNode authorizer) {
        HttpResponse response = switch (integration.path("IntegrationType").asText()) {
            case "AWS_PROXY" -> lambda(inv, integration, authorizer);
            case "HTTP_PROXY" -> http(inv, integration, authorizer);
            default -> HttpApiInvoker.internalError();
        };
        // The gateway's own errors (ExecuteApi.error marks them with x-amzn-ErrorType) are not the integration's.
        return response.headers().contains("x-amzn-ErrorType") ? response
                : HttpResponseMapping.apply(integration.path("ResponseParameters"), response, inv, authorizer);
    }

    private HttpResponse lambda(HttpInvocation inv, ObjectNode integration, JsonNode authorizer) {
        boolean v2 = integration.path("PayloadFormatVersion").asText("1.0").equals("2.0");
        ObjectNode event = v2 ? HttpPayloads.v2(inv, authorizer) : HttpPayloads.v1(inv, authorizer);
        String uri = HttpParameterMapping.stageVariables(integration.path("IntegrationUri").asText(), inv);
        Future<byte[]> call = calls.submit(() -> invokeFunction(inv.api(), inv.req(), uri, event));
        try {
            byte[] payload = call.get(integration.path("TimeoutInMillis").asInt(30_000), TimeUnit.MILLISECONDS);
            return payload == null ? HttpApiInvoker.internalError()
                    : v2 ? HttpPayloads.v2Response(payload) : HttpPayloads.v1Response(payload);
        } catch (TimeoutException e) {
            // The function keeps running, as in AWS; the client is told the integration timed out.
            return ExecuteApi.error(503, "ServiceUnavailableException", "Service Unavailable");
        } catch (ExecutionException e) {
            return HttpApiInvoker.internalError();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HttpApiInvoker.internalError();
        }
    }

    /** Invokes a function (an ARN or API Gateway's {@code ...:lambda:path/.../functions/{arn}/invocations}). */
    byte[] invokeFunction(HttpApiState api, ApiRequest req, String uri, JsonNode event) throws IOException {
        ObjectNode input = F.objectNode();
        input.put("FunctionName", functionName(uri));
        input.set("Payload", BinaryNode.valueOf(Integrations.eventBytes(event)));
        RequestContext ctx = new RequestContext(RequestIds.next(), api.accountId(), api.region(), null,
                "arn:aws:iam::" + api.accountId() + ":root", req.receivedAt());
        JsonNode out = registry.call("lambda", "Invoke", ctx, input);
        if (out.hasNonNull("FunctionError")) {
            return null;
        }
        return out.get("Payload").binaryValue();
    }

    static String functionName(String uri) {
        int functions = uri.indexOf("/functions/");
        if (uri.startsWith("arn:aws:apigateway:") && functions > 0) {
            String rest = uri.substring(functions + "/functions/".length());
            return rest.endsWith("/invocations") ? rest.substring(0, rest.length() - "/invocations".length()) : rest;
        }
        return uri;
    }

    private HttpResponse http(HttpInvocation inv, ObjectNode integration, JsonNode authorizer) {
        HttpRequest in = inv.req().http();
        String uri = HttpParameterMapping.stageVariables(integration.path("IntegrationUri").asText(), inv);
        for (Map.Entry<String, String> p : inv.pathParameters().entrySet()) {
            uri = uri.replace("{" + p.getKey() + "+}", p.getValue()).replace("{" + p.getKey() + "}", p.getValue());
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        in.headers().asMap().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                headers.put(name.toLowerCase(Locale.ROOT), new ArrayList<>(values));
            }
        });
        headers.putIfAbsent("x-forwarded-for", List.of(ProxyEvent.sourceIp(inv.req())));
        headers.putIfAbsent("x-forwarded-proto", List.of("http"));
        Map<String, List<String>> query = new LinkedHashMap<>();
        in.queryParams().forEach((k, v) -> query.put(k, new ArrayList<>(v)));
        HttpParameterMapping.Target target = new HttpParameterMapping.Target(URI.create(uri).getRawPath(), headers,
                query);
        target = HttpParameterMapping.apply(integration.path("RequestParameters"), inv, authorizer, target);
        URI base = URI.create(uri);
        String rawQuery = HttpParameterMapping.query(target.query());
        URI destination = URI.create(base.getScheme() + "://" + base.getRawAuthority() + target.path()
                + (rawQuery.isEmpty() ? "" : "?" + rawQuery));
        String method = integration.path("IntegrationMethod").asText("ANY");
        if (method.equals("ANY")) {
            method = in.method();
        }
        var builder = java.net.http.HttpRequest.newBuilder(destination)
                .timeout(Duration.ofMillis(integration.path("TimeoutInMillis").asInt(30000)))
                .method(method, BodyPublishers.ofByteArray(in.body()));
        target.headers().forEach((name, values) -> values.forEach(v -> builder.header(name, v)));
        java.net.http.HttpResponse<byte[]> r;
        try {
            r = client.get().send(builder.build(), BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            return ExecuteApi.error(503, "ServiceUnavailableException", "Service Unavailable");
        } catch (IOException | IllegalArgumentException e) {
            return HttpApiInvoker.internalError();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HttpApiInvoker.internalError();
        }
        HttpRequest.Headers out = new HttpRequest.Headers();
        r.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                values.forEach(v -> out.add(name, v));
            }
        });
        return new HttpResponse(r.statusCode(), out, r.body());
    }
}
