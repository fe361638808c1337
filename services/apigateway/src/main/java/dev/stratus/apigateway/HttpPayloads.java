package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

/** The Lambda proxy events of HTTP APIs (payload formats 2.0 and 1.0) and how their replies become responses. */
final class HttpPayloads {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);

    private HttpPayloads() {
    }

    /** Request headers lower-cased and comma-joined, the Cookie header taken out, forwarding headers added. */
    static Map<String, String> headers(ApiRequest req, List<String> cookies) {
        Map<String, String> headers = new LinkedHashMap<>();
        req.http().headers().asMap().forEach((name, values) -> {
            if (name.equalsIgnoreCase("Cookie")) {
                values.forEach(v -> List.of(v.split(";\\s*")).forEach(cookies::add));
            } else {
                headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values));
            }
        });
        headers.putIfAbsent("x-forwarded-for", ProxyEvent.sourceIp(req));
        headers.putIfAbsent("x-forwarded-port", port(req));
        headers.putIfAbsent("x-forwarded-proto", "http");
        headers.putIfAbsent("x-amzn-trace-id", TraceIds.next(req.receivedAt()));
        return headers;
    }

    private static String port(ApiRequest req) {
        String host = req.http().header("Host");
        int colon = host == null ? -1 : host.lastIndexOf(':');
        return colon < 0 || host.endsWith("]") ? "80" : host.substring(colon + 1);
    }

    /** The 2.0 event's common part, shared with Lambda authorizers' 2.0 payload. */
    static ObjectNode event(HttpInvocation inv, JsonNode authorizer) {
        ApiRequest req = inv.req();
        HttpRequest http = req.http();
        ObjectNode e = F.objectNode();
        e.put("version", "2.0");
        e.put("routeKey", inv.routeKey());
        e.put("rawPath", inv.rawPath());
        e.put("rawQueryString", http.rawQuery());
        List<String> cookies = new ArrayList<>();
        Map<String, String> headers = headers(req, cookies);
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
        c.put("accountId", inv.api().accountId());
        c.put("apiId", inv.api().id());
        if (authorizer != null) {
            c.set("authorizer", authorizer);
        }
        c.put("domainName", req.domainName());
        c.put("domainPrefix", domainPrefix(req));
        ObjectNode httpNode = c.putObject("http");
        httpNode.put("method", http.method());
        httpNode.put("path", HttpRequest.decode(inv.rawPath(), false));
        httpNode.put("protocol", "HTTP/1.1");
        httpNode.put("sourceIp", ProxyEvent.sourceIp(req));
        httpNode.put("userAgent", http.header("User-Agent") == null ? "" : http.header("User-Agent"));
        c.put("requestId", req.extendedRequestId());
        c.put("routeKey", inv.routeKey());
        c.put("stage", inv.stageName());
        c.put("time", TIME.format(req.receivedAt()));
        c.put("timeEpoch", req.receivedAt().toEpochMilli());
        if (!inv.pathParameters().isEmpty()) {
            ObjectNode p = e.putObject("pathParameters");
            inv.pathParameters().forEach(p::put);
        }
        ObjectNode vars = inv.stageVariables();
        if (vars != null && !vars.isEmpty()) {
            e.set("stageVariables", vars.deepCopy());
        }
        return e;
    }

    /** The payload 2.0 event a Lambda proxy integration receives. */
    static ObjectNode v2(HttpInvocation inv, JsonNode authorizer) {
        ObjectNode e = event(inv, authorizer);
        byte[] body = inv.req().http().body();
        boolean text = isText(inv.req().http().header("Content-Type"));
        if (body.length > 0) {
            e.put("body", text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body));
        }
        e.put("isBase64Encoded", body.length > 0 && !text);
        return e;
    }

    /** The payload 1.0 event, as HTTP APIs send it (REST's shape with a smaller requestContext). */
    static ObjectNode v1(HttpInvocation inv, JsonNode authorizer) {
        ApiRequest req = inv.req();
        HttpRequest http = req.http();
        ObjectNode e = F.objectNode();
        e.put("version", "1.0");
        String key = inv.routeKey();
        String resource = key.equals("$default") ? "$default" : key.substring(key.indexOf(' ') + 1);
        e.put("resource", resource);
        e.put("path", HttpRequest.decode(inv.rawPath(), false));
        e.put("httpMethod", http.method());
        ObjectNode single = e.putObject("headers");
        ObjectNode multi = e.putObject("multiValueHeaders");
        http.headers().asMap().forEach((name, values) -> {
            single.put(name, String.join(",", values));
            values.forEach(multi.withArray(name)::add);
        });
        Map<String, List<String>> query = http.queryParams();
        if (query.isEmpty()) {
            e.putNull("queryStringParameters");
            e.putNull("multiValueQueryStringParameters");
        } else {
            ObjectNode q = e.putObject("queryStringParameters");
            ObjectNode mq = e.putObject("multiValueQueryStringParameters");
            query.forEach((name, values) -> {
                q.put(name, String.join(",", values));
                values.forEach(mq.withArray(name)::add);
            });
        }
        ObjectNode c = e.putObject("requestContext");
        c.put("accountId", inv.api().accountId());
        c.put("apiId", inv.api().id());
        c.set("authorizer", v1Authorizer(authorizer));
        c.put("domainName", req.domainName());
        c.put("domainPrefix", domainPrefix(req));
        c.put("extendedRequestId", req.extendedRequestId());
        c.put("httpMethod", http.method());
        ObjectNode identity = c.putObject("identity");
        for (String f : List.of("accessKey", "accountId", "caller", "cognitoAuthenticationProvider",
                "cognitoAuthenticationType", "cognitoIdentityId", "cognitoIdentityPoolId", "principalOrgId")) {
            identity.putNull(f);
        }
        identity.put("sourceIp", ProxyEvent.sourceIp(req));
        identity.putNull("user");
        identity.put("userAgent", http.header("User-Agent") == null ? "" : http.header("User-Agent"));
        identity.putNull("userArn");
        c.put("path", HttpRequest.decode(inv.rawPath(), false));
        c.put("protocol", "HTTP/1.1");
        c.put("requestId", req.extendedRequestId());
        c.put("requestTime", TIME.format(req.receivedAt()));
        c.put("requestTimeEpoch", req.receivedAt().toEpochMilli());
        c.put("resourceId", key);
        c.put("resourcePath", resource);
        c.put("stage", inv.stageName());
        if (inv.pathParameters().isEmpty()) {
            e.putNull("pathParameters");
        } else {
            ObjectNode p = e.putObject("pathParameters");
            inv.pathParameters().forEach(p::put);
        }
        ObjectNode vars = inv.stageVariables();
        if (vars != null && !vars.isEmpty()) {
            e.set("stageVariables", vars.deepCopy());
        } else {
            e.putNull("stageVariables");
        }
        byte[] body = http.body();
        boolean text = isText(http.header("Content-Type"));
        if (body.length == 0) {
            e.putNull("body");
        } else {
            e.put("body", text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body));
        }
        e.put("isBase64Encoded", body.length > 0 && !text);
        return e;
    }

    /** Payload 1.0 puts a JWT authorizer's claims and scopes directly under authorizer (null without one). */
    private static JsonNode v1Authorizer(JsonNode authorizer) {
        if (authorizer != null && !authorizer.has("jwt")) {
            return authorizer;
        }
        ObjectNode out = F.objectNode();
        out.set("claims", authorizer == null ? F.nullNode() : authorizer.path("jwt").path("claims"));
        out.set("scopes", authorizer == null ? F.nullNode() : authorizer.path("jwt").path("scopes"));
        return out;
    }

    private static String domainPrefix(ApiRequest req) {
        int dot = req.domainName().indexOf('.');
        return dot < 0 ? req.domainName() : req.domainName().substring(0, dot);
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
    static HttpResponse v2Response(byte[] payload) {
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
            HttpResponse r = ProxyResponse.toHttp(reply);
            for (JsonNode cookie : reply.path("cookies")) {
                r.headers().add("Set-Cookie", cookie.asText());
            }
            return r;
        } catch (ProxyResponse.MalformedException e) {
            return HttpApiInvoker.internalError();
        }
    }

    /** Payload 1.0 replies must be proxy responses; anything else is an internal error. */
    static HttpResponse v1Response(byte[] payload) {
        try {
            return ProxyResponse.toHttp(payload);
        } catch (ProxyResponse.MalformedException e) {
            return HttpApiInvoker.internalError();
        }
    }
}
