package dev.stratus.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.HttpResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The function URL request event (payload format 2.0, as API Gateway HTTP APIs send) and the reading of the
 * function's answer into an HTTP response, as Lambda's URL front end does.
 */
final class FunctionUrlEvent {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** The NUL bytes between a streamed HTTP response's JSON prelude and its body. */
    private static final int PRELUDE_DELIMITER = 8;
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);
    /** Content types whose bodies reach the function as text; anything else is base64-encoded. */
    private static final Set<String> TEXT_TYPES = Set.of("application/json", "application/xml",
            "application/javascript", "application/x-www-form-urlencoded", "application/graphql");

    private FunctionUrlEvent() {
    }

    /** Who signed an AWS_IAM request. */
    record Caller(String accessKeyId, String accountId, String principalArn) {
    }

    /**
     * The event for {@code request}, whose path (after any path-style prefix) is {@code rawPath}.
     *
     * @param domainName the host the client addressed, e.g. {@code <url-id>.lambda-url.us-east-1.localhost}
     */
    static ObjectNode of(FunctionUrlRecord url, HttpRequest request, String rawPath, String domainName,
                         Caller caller, String requestId, Instant now) {
        ObjectNode e = F.objectNode();
        e.put("version", "2.0");
        e.put("routeKey", "$default");
        e.put("rawPath", rawPath);
        e.put("rawQueryString", request.rawQuery() == null ? "" : request.rawQuery());
        List<String> cookies = request.headers().all("Cookie");
        if (!cookies.isEmpty()) {
            ArrayNode c = e.putArray("cookies");
            for (String header : cookies) {
                for (String cookie : header.split(";")) {
                    if (!cookie.isBlank()) {
                        c.add(cookie.strip());
                    }
                }
            }
        }
        ObjectNode headers = e.putObject("headers");
        request.headers().asMap().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Cookie")) {
                headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values));
            }
        });
        Map<String, List<String>> query = request.queryParams();
        if (!query.isEmpty()) {
            ObjectNode q = e.putObject("queryStringParameters");
            query.forEach((k, v) -> q.put(k, String.join(",", v)));
        }
        ObjectNode ctx = e.putObject("requestContext");
        ctx.put("accountId", caller == null ? "anonymous" : caller.accountId());
        if (caller != null) {
            ObjectNode iam = ctx.putObject("authorizer").putObject("iam");
            iam.put("accessKey", caller.accessKeyId());
            iam.put("accountId", caller.accountId());
            iam.put("callerId", caller.accessKeyId());
            iam.putNull("cognitoIdentity");
            iam.putNull("principalOrgId");
            iam.put("userArn", caller.principalArn());
            iam.put("userId", caller.accessKeyId());
        }
        ctx.put("apiId", url.urlId());
        ctx.put("domainName", domainName);
        ctx.put("domainPrefix", url.urlId());
        ObjectNode http = ctx.putObject("http");
        http.put("method", request.method());
        http.put("path", HttpRequest.decode(rawPath, false));
        http.put("protocol", "HTTP/1.1");
        String forwarded = request.header("X-Forwarded-For");
        http.put("sourceIp", forwarded == null ? "127.0.0.1" : forwarded.split(",")[0].strip());
        http.put("userAgent", request.header("User-Agent") == null ? "" : request.header("User-Agent"));
        ctx.put("requestId", requestId);
        ctx.put("routeKey", "$default");
        ctx.put("stage", "$default");
        ctx.put("time", TIME.format(now));
        ctx.put("timeEpoch", now.toEpochMilli());
        byte[] body = request.body();
        if (body != null && body.length > 0) {
            boolean text = isText(request.header("Content-Type"));
            e.put("body", text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body));
            e.put("isBase64Encoded", !text);
        } else {
            e.put("isBase64Encoded", false);
        }
        return e;
    }

    private static boolean isText(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || TEXT_TYPES.contains(type) || type.endsWith("+json")
                || type.endsWith("+xml");
    }

    /**
     * The HTTP response for the function's payload: a structure with {@code statusCode}, or any other JSON value,
     * sent as a 200 application/json body. Null when the payload is not JSON at all.
     */
    static HttpResponse response(byte[] payload) {
        JsonNode out;
        try {
            out = MAPPER.readTree(payload);
        } catch (IOException e) {
            return null;
        }
        if (out == null) {
            return null;
        }
        if (!out.isObject() || !out.has("statusCode")) {
            return HttpResponse.of(200, "application/json", payload);
        }
        byte[] body = new byte[0];
        JsonNode b = out.get("body");
        if (b != null && !b.isNull()) {
            String text = b.isTextual() ? b.asText() : b.toString();
            body = out.path("isBase64Encoded").asBoolean(false) ? Base64.getMimeDecoder().decode(text)
                    : text.getBytes(StandardCharsets.UTF_8);
        }
        return withHeaders(out, body, "application/json");
    }

    /**
     * The HTTP response of a RESPONSE_STREAM URL: a streamed payload that starts with the JSON prelude
     * {@code awslambda.HttpResponseStream.from} writes (statusCode, headers, cookies) and 8 NUL bytes carries its
     * body after them; other payloads are read as a buffered function's, and bytes that are not JSON are the body.
     */
    static HttpResponse streamedResponse(byte[] payload) {
        int split = preludeEnd(payload);
        if (split < 0) {
            HttpResponse buffered = response(payload);
            return buffered != null ? buffered : HttpResponse.of(200, "application/octet-stream", payload);
        }
        JsonNode prelude;
        try {
            prelude = MAPPER.readTree(java.util.Arrays.copyOfRange(payload, 0, split));
        } catch (IOException e) {
            return HttpResponse.of(200, "application/octet-stream", payload);
        }
        byte[] body = java.util.Arrays.copyOfRange(payload, split + PRELUDE_DELIMITER, payload.length);
        return withHeaders(prelude, body, "application/octet-stream");
    }

    /** A response with {@code statusCode}, {@code headers} and {@code cookies} (as Set-Cookie) of {@code meta}. */
    private static HttpResponse withHeaders(JsonNode meta, byte[] body, String defaultContentType) {
        HttpResponse r = HttpResponse.of(meta.path("statusCode").asInt(200), null, body);
        meta.path("headers").fields().forEachRemaining(h -> r.headers().set(h.getKey(), h.getValue().asText()));
        if (!r.headers().contains("Content-Type")) {
            r.headers().set("Content-Type", defaultContentType);
        }
        for (JsonNode cookie : meta.path("cookies")) {
            r.headers().add("Set-Cookie", cookie.asText());
        }
        return r;
    }

    /** Where the 8 NUL bytes after a JSON object prelude start, or -1 (JSON text never holds a raw NUL). */
    private static int preludeEnd(byte[] payload) {
        if (payload.length < PRELUDE_DELIMITER + 2 || payload[0] != '{') {
            return -1;
        }
        for (int i = 1; i + PRELUDE_DELIMITER <= payload.length; i++) {
            if (payload[i] == 0) {
                for (int j = 0; j < PRELUDE_DELIMITER; j++) {
                    if (payload[i + j] != 0) {
                        return -1;
                    }
                }
                return i;
            }
        }
        return -1;
    }

    /** Lambda's answer when the function fails or answers something it cannot read. */
    static HttpResponse error(int status, String message) {
        ObjectNode body = F.objectNode().put("Message", message);
        return HttpResponse.of(status, "application/json", body.toString().getBytes(StandardCharsets.UTF_8));
    }
}
