package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The Lambda proxy integration's input, payload format 1.0, as REST APIs send it. */
final class ProxyEvent {
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ProxyEvent() {
    }

    static ObjectNode build(ApiRequest req, RestApiState api, ObjectNode stage, RouteMatcher.Match match) {
        ObjectNode e = F.objectNode();
        String resourcePath = match.resource().path("path").asText();
        e.put("resource", resourcePath);
        e.put("path", req.path());
        e.put("httpMethod", req.http().method());
        Map<String, List<String>> headers = headers(req);
        ObjectNode single = e.putObject("headers");
        ObjectNode multi = e.putObject("multiValueHeaders");
        headers.forEach((name, values) -> {
            single.put(name, values.get(values.size() - 1));
            values.forEach(multi.putArray(name)::add);
        });
        Map<String, List<String>> query = req.http().queryParams();
        if (query.isEmpty()) {
            e.putNull("queryStringParameters");
            e.putNull("multiValueQueryStringParameters");
        } else {
            ObjectNode q = e.putObject("queryStringParameters");
            ObjectNode mq = e.putObject("multiValueQueryStringParameters");
            query.forEach((name, values) -> {
                q.put(name, values.get(values.size() - 1));
                values.forEach(mq.putArray(name)::add);
            });
        }
        if (match.pathParameters().isEmpty()) {
            e.putNull("pathParameters");
        } else {
            ObjectNode p = e.putObject("pathParameters");
            match.pathParameters().forEach(p::put);
        }
        JsonNode vars = stage.path("variables");
        if (vars.isObject() && !vars.isEmpty()) {
            e.set("stageVariables", vars.deepCopy());
        } else {
            e.putNull("stageVariables");
        }
        e.set("requestContext", requestContext(req, api, match, resourcePath));
        byte[] body = req.http().body();
        boolean binary = body.length > 0 && isBinary(api, req.http().header("Content-Type"));
        if (body.length == 0) {
            e.putNull("body");
        } else if (binary) {
            e.put("body", Base64.getEncoder().encodeToString(body));
        } else {
            e.put("body", new String(body, StandardCharsets.UTF_8));
        }
        e.put("isBase64Encoded", binary);
        return e;
    }

    static ObjectNode requestContext(ApiRequest req, RestApiState api, RouteMatcher.Match match,
                                             String resourcePath) {
        ObjectNode c = F.objectNode();
        c.put("resourceId", match.resource().path("id").asText());
        c.put("resourcePath", resourcePath);
        c.put("httpMethod", req.http().method());
        c.put("extendedRequestId", req.extendedRequestId());
        c.put("requestTime", REQUEST_TIME.format(req.receivedAt()));
        c.put("path", "/" + req.stage() + (req.path().equals("/") ? "/" : req.path()));
        c.put("accountId", api.accountId());
        c.put("protocol", "HTTP/1.1");
        c.put("stage", req.stage());
        String domain = req.domainName();
        int dot = domain.indexOf('.');
        c.put("domainPrefix", dot < 0 ? domain : domain.substring(0, dot));
        c.put("requestTimeEpoch", req.receivedAt().toEpochMilli());
        c.put("requestId", req.requestId());
        ObjectNode identity = c.putObject("identity");
        for (String f : List.of("cognitoIdentityPoolId", "accountId", "cognitoIdentityId", "caller")) {
            identity.putNull(f);
        }
        identity.put("sourceIp", sourceIp(req));
        identity.putNull("principalOrgId");
        identity.putNull("accessKey");
        identity.putNull("cognitoAuthenticationType");
        identity.putNull("cognitoAuthenticationProvider");
        identity.putNull("userArn");
        String userAgent = req.http().header("User-Agent");
        if (userAgent == null) {
            identity.putNull("userAgent");
        } else {
            identity.put("userAgent", userAgent);
        }
        identity.putNull("user");
        if (req.caller().apiKey() != null) {
            identity.put("apiKey", req.caller().apiKey());
        }
        if (req.caller().identity() != null) {
            identity.setAll(req.caller().identity());
        }
        if (req.caller().authorizer() != null) {
            c.set("authorizer", req.caller().authorizer().deepCopy());
        }
        c.put("domainName", domain);
        c.put("apiId", req.apiId());
        return c;
    }

    /** The request headers plus the forwarding headers API Gateway adds in front of the integration. */
    private static Map<String, List<String>> headers(ApiRequest req) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        req.http().headers().asMap().forEach((k, v) -> out.put(k, new ArrayList<>(v)));
        String ip = sourceIp(req);
        List<String> forwarded = out.get("X-Forwarded-For");
        if (forwarded == null) {
            out.put("X-Forwarded-For", List.of(ip));
        }
        out.putIfAbsent("X-Forwarded-Port", List.of(port(req)));
        out.putIfAbsent("X-Forwarded-Proto", List.of("http"));
        out.putIfAbsent("X-Amzn-Trace-Id", List.of(TraceIds.next(req.receivedAt())));
        return out;
    }

    /** The client address: the edge does not see the socket, so the first X-Forwarded-For hop or loopback. */
    static String sourceIp(ApiRequest req) {
        String forwarded = req.http().header("X-Forwarded-For");
        if (forwarded != null && !forwarded.isBlank()) {
            return forwarded.split(",")[0].strip();
        }
        return "127.0.0.1";
    }

    private static String port(ApiRequest req) {
        String host = req.http().header("Host");
        int colon = host == null ? -1 : host.lastIndexOf(':');
        return colon < 0 || host.endsWith("]") ? "80" : host.substring(colon + 1);
    }

    /** Whether a request body of this content type reaches the integration base64-encoded. */
    static boolean isBinary(RestApiState api, String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        for (JsonNode t : api.api().path("binaryMediaTypes")) {
            String pattern = t.asText().toLowerCase(Locale.ROOT).replace("~1", "/");
            if (pattern.equals(type) || pattern.equals("*/*")
                    || (pattern.endsWith("/*") && type.startsWith(pattern.substring(0, pattern.length() - 1)))) {
                return true;
            }
        }
        return false;
    }
}
