package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.OperationRegistry;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.RequestIds;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.HttpResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Invokes a quick-created HTTP API: route match, payload format 2.0 event, and the 2.0 response rules. */
final class HttpApiInvoker {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);

    private final OperationRegistry registry;

    HttpApiInvoker(OperationRegistry registry) {
        this.registry = registry;
    }

    /** @param path the raw path after the host (no stage segment: the $default stage serves the root) */
    HttpResponse invoke(HttpApiState api, ApiRequest req, String rawPath) {
        String routeKey = api.route().path("RouteKey").asText();
        if (!routeMatches(routeKey, req.http().method(), req.path())) {
            return ExecuteApi.error(404, "NotFoundException", "Not Found");
        }
        ObjectNode event = event(api, req, rawPath, routeKey);
        ObjectNode input = F.objectNode();
        input.put("FunctionName", api.integration().path("IntegrationUri").asText());
        input.set("Payload", BinaryNode.valueOf(event.toString().getBytes(StandardCharsets.UTF_8)));
        RequestContext ctx = new RequestContext(RequestIds.next(), api.accountId(), api.region(), null,
                "arn:aws:iam::" + api.accountId() + ":root", req.receivedAt());
        try {
            JsonNode out = registry.call("lambda", "Invoke", ctx, input);
            if (out.hasNonNull("FunctionError")) {
                return internalError();
            }
            return response(out.get("Payload").binaryValue());
        } catch (AwsException | IllegalArgumentException | IOException e) {
            return internalError();
        }
    }

    private static HttpResponse internalError() {
        return ExecuteApi.error(500, "InternalServerErrorException", "Internal Server Error");
    }

    /** {@code $default}, or {@code METHOD /path} (ANY allowed) with {param} and a trailing {proxy+}. */
    static boolean routeMatches(String routeKey, String method, String path) {
        if (routeKey.equals("$default")) {
            return true;
        }
        int space = routeKey.indexOf(' ');
        String routeMethod = routeKey.substring(0, space);
        if (!routeMethod.equals("ANY") && !routeMethod.equals(method)) {
            return false;
        }
        String[] want = routeKey.substring(space + 1).split("/");
        String[] got = path.split("/");
        for (int i = 0; i < want.length; i++) {
            if (want[i].startsWith("{") && want[i].endsWith("+}")) {
                return got.length > i;
            }
            if (i >= got.length || !(want[i].startsWith("{") || want[i].equals(got[i]))) {
                return false;
            }
        }
        return want.length == got.length;
    }

    private static ObjectNode event(HttpApiState api, ApiRequest req, String rawPath, String routeKey) {
        HttpRequest http = req.http();
        ObjectNode e = F.objectNode();
        e.put("version", "2.0");
        e.put("routeKey", routeKey);
        e.put("rawPath", rawPath);
        e.put("rawQueryString", http.rawQuery());
        List<String> cookies = new ArrayList<>();
        Map<String, String> headers = new LinkedHashMap<>();
        http.headers().asMap().forEach((name, values) -> {
            if (name.equalsIgnoreCase("Cookie")) {
                values.forEach(v -> List.of(v.split(";\\s*")).forEach(cookies::add));
            } else {
                headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values));
            }
        });
        headers.putIfAbsent("x-forwarded-for", ProxyEvent.sourceIp(req));
        headers.putIfAbsent("x-forwarded-proto", "http");
        headers.putIfAbsent("x-amzn-trace-id", TraceIds.next(req.receivedAt()));
        if (!cookies.isEmpty()) {
            cookies.forEach(e.putArray("cookies")::add);
        }
        ObjectNode h = e.putObject("headers");
        headers.forEach(h::put);
        Map<String, List<String>> query = http.queryParams();
        if (!query.isEmpty()) {
            ObjectNode q = e.putObject("queryStringParameters");
            query.forEach((k, v) -> q.put(k, String.join(",", v)));
        }
        ObjectNode c = e.putObject("requestContext");
        c.put("accountId", api.accountId());
        c.put("apiId", api.id());
        c.put("domainName", req.domainName());
        int dot = req.domainName().indexOf('.');
        c.put("domainPrefix", dot < 0 ? req.domainName() : req.domainName().substring(0, dot));
        ObjectNode httpNode = c.putObject("http");
        httpNode.put("method", http.method());
        httpNode.put("path", req.path());
        httpNode.put("protocol", "HTTP/1.1");
        httpNode.put("sourceIp", ProxyEvent.sourceIp(req));
        httpNode.put("userAgent", http.header("User-Agent") == null ? "" : http.header("User-Agent"));
        c.put("requestId", req.extendedRequestId());
        c.put("routeKey", routeKey);
        c.put("stage", "$default");
        c.put("time", TIME.format(req.receivedAt()));
        c.put("timeEpoch", req.receivedAt().toEpochMilli());
        byte[] body = http.body();
        boolean text = isText(http.header("Content-Type"));
        if (body.length > 0) {
            e.put("body", text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body));
        }
        e.put("isBase64Encoded", body.length > 0 && !text);
        return e;
    }

    /** HTTP APIs pass text bodies as they are and base64-encode the rest. */
    private static boolean isText(String contentType) {
        if (contentType == null) {
            return true;
        }
        String t = contentType.toLowerCase(Locale.ROOT);
        return t.startsWith("text/") || t.contains("json") || t.contains("xml") || t.contains("javascript")
                || t.startsWith("application/x-www-form-urlencoded");
    }

    /** Payload 2.0 replies: a proxy response when it has a statusCode, otherwise the whole reply is a 200 body. */
    static HttpResponse response(byte[] payload) {
        JsonNode reply;
        try {
            reply = MAPPER.readTree(payload);
        } catch (IOException e) {
            reply = null;
        }
        if (reply == null || !reply.isObject() || !reply.has("statusCode")) {
            byte[] body = reply != null && reply.isTextual()
                    ? reply.asText().getBytes(StandardCharsets.UTF_8) : payload;
            return HttpResponse.of(200, "application/json", body);
        }
        try {
            HttpResponse r = ProxyResponse.toHttp(payload);
            for (JsonNode cookie : reply.path("cookies")) {
                r.headers().add("Set-Cookie", cookie.asText());
            }
            return r;
        } catch (ProxyResponse.MalformedException e) {
            return internalError();
        }
    }
}
