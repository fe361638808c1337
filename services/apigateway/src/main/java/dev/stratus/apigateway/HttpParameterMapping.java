package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.protocol.HttpRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP API parameter mapping of HTTP_PROXY requests: {@code overwrite:path}, {@code append|overwrite|remove:header.x}
 * and {@code append|overwrite|remove:querystring.x}, with values mixing text and $request/$context/$stageVariables.
 */
final class HttpParameterMapping {
    private static final Pattern EXPRESSION = Pattern.compile(
            "\\$\\{([^}]+)}|\\$((?:request|context|stageVariables)\\.[A-Za-z0-9._:-]+)");

    /** The request as it will be sent: path, lower-cased headers, query parameters; all mutable. */
    record Target(String path, Map<String, List<String>> headers, Map<String, List<String>> query) {
    }

    private HttpParameterMapping() {
    }

    /** Replaces {@code ${stageVariables.name}} in an integration URI. */
    static String stageVariables(String uri, HttpInvocation inv) {
        Matcher m = Pattern.compile("\\$\\{stageVariables\\.([A-Za-z0-9_-]+)}").matcher(uri);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            JsonNode v = inv.stage().path("StageVariables").path(m.group(1));
            m.appendReplacement(sb, Matcher.quoteReplacement(v.asText("")));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    static Target apply(JsonNode parameters, HttpInvocation inv, JsonNode authorizer, Target target) {
        Target t = target;
        var fields = parameters.fields();
        while (fields.hasNext()) {
            var p = fields.next();
            String key = p.getKey();
            int colon = key.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String action = key.substring(0, colon);
            String where = key.substring(colon + 1);
            String value = resolve(p.getValue().asText(), inv, authorizer);
            if (where.equals("path")) {
                t = new Target(value.startsWith("/") ? value : "/" + value, t.headers(), t.query());
            } else if (where.startsWith("header.")) {
                change(t.headers(), where.substring("header.".length()).toLowerCase(Locale.ROOT), action, value);
            } else if (where.startsWith("querystring.")) {
                change(t.query(), where.substring("querystring.".length()), action, value);
            }
        }
        return t;
    }

    private static void change(Map<String, List<String>> values, String name, String action, String value) {
        switch (action) {
            case "append" -> values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            case "overwrite" -> values.put(name, new ArrayList<>(List.of(value)));
            case "remove" -> values.remove(name);
            default -> { }
        }
    }

    /** A mapping value: text with {@code $request.*}, {@code $context.*}, {@code $stageVariables.*} in it. */
    static String resolve(String value, HttpInvocation inv, JsonNode authorizer) {
        Matcher m = EXPRESSION.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String expr = m.group(1) != null ? m.group(1) : m.group(2);
            m.appendReplacement(sb, Matcher.quoteReplacement(valueOf(expr, inv, authorizer)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String valueOf(String expr, HttpInvocation inv, JsonNode authorizer) {
        HttpRequest http = inv.req().http();
        if (expr.equals("request.path")) {
            return inv.routePath();
        }
        if (expr.startsWith("request.path.")) {
            return inv.pathParameters().getOrDefault(expr.substring("request.path.".length()), "");
        }
        if (expr.startsWith("request.header.")) {
            List<String> v = http.headers().all(expr.substring("request.header.".length()));
            return v == null ? "" : String.join(",", v);
        }
        if (expr.startsWith("request.querystring.")) {
            List<String> v = http.queryParams().get(expr.substring("request.querystring.".length()));
            return v == null ? "" : String.join(",", v);
        }
        if (expr.equals("request.body")) {
            return new String(http.body(), StandardCharsets.UTF_8);
        }
        if (expr.startsWith("stageVariables.")) {
            return inv.stage().path("StageVariables").path(expr.substring("stageVariables.".length())).asText("");
        }
        if (expr.startsWith("context.authorizer.") && authorizer != null) {
            String name = expr.substring("context.authorizer.".length());
            JsonNode lambda = authorizer.path("lambda").path(name);
            if (!lambda.isMissingNode()) {
                return lambda.asText();
            }
            if (name.startsWith("claims.")) {
                return authorizer.path("jwt").path("claims").path(name.substring("claims.".length())).asText("");
            }
            return "";
        }
        return switch (expr) {
            case "context.requestId" -> inv.req().extendedRequestId();
            case "context.apiId" -> inv.api().id();
            case "context.stage" -> inv.stageName();
            case "context.routeKey" -> inv.routeKey();
            case "context.httpMethod" -> http.method();
            case "context.path" -> HttpRequest.decode(inv.rawPath(), false);
            case "context.accountId" -> inv.api().accountId();
            case "context.domainName" -> inv.req().domainName();
            case "context.identity.sourceIp" -> ProxyEvent.sourceIp(inv.req());
            case "context.requestTimeEpoch" -> Long.toString(inv.req().receivedAt().toEpochMilli());
            default -> "";
        };
    }

    static String query(Map<String, List<String>> query) {
        List<String> parts = new ArrayList<>();
        query.forEach((k, values) -> values.forEach(v -> parts.add(URLEncoder.encode(k, StandardCharsets.UTF_8)
                + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8))));
        return String.join("&", parts);
    }
}
