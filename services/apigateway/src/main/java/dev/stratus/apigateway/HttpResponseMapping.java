package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.HttpResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An integration's ResponseParameters, chosen by the integration's status code: {@code overwrite:statuscode} and
 * {@code append|overwrite|remove:header.{name}}, with values mixing text and {@code $response.header.{h}},
 * {@code $response.body}, {@code $response.body.{field}} and the request-side expressions.
 */
final class HttpResponseMapping {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern RESPONSE = Pattern.compile(
            "\\$\\{response\\.([^}]+)}|\\$response\\.((?:header\\.[A-Za-z0-9._-]+)|body(?:\\.[A-Za-z0-9_.]+)?)");

    private HttpResponseMapping() {
    }

    static HttpResponse apply(JsonNode responseParameters, HttpResponse response, HttpInvocation inv,
                              JsonNode authorizer) {
        JsonNode mapping = responseParameters.path(Integer.toString(response.status()));
        if (!mapping.isObject() || mapping.isEmpty()) {
            return response;
        }
        int status = response.status();
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        response.headers().asMap().forEach((name, values) -> headers.put(name, new ArrayList<>(values)));
        for (Iterator<Map.Entry<String, JsonNode>> it = mapping.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            int colon = p.getKey().indexOf(':');
            if (colon < 0) {
                continue;
            }
            String action = p.getKey().substring(0, colon);
            String where = p.getKey().substring(colon + 1).toLowerCase(Locale.ROOT);
            String value = HttpParameterMapping.resolve(responseValues(p.getValue().asText(), response), inv,
                    authorizer);
            if (where.equals("statuscode") && action.equals("overwrite")) {
                try {
                    status = Integer.parseInt(value.strip());
                } catch (NumberFormatException e) {
                    return HttpApiInvoker.internalError();
                }
            } else if (where.startsWith("header.")) {
                String name = where.substring("header.".length());
                switch (action) {
                    case "append" -> headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
                    case "overwrite" -> headers.put(name, new ArrayList<>(List.of(value)));
                    case "remove" -> headers.remove(name);
                    default -> { }
                }
            }
        }
        HttpRequest.Headers out = new HttpRequest.Headers();
        headers.forEach((name, values) -> values.forEach(v -> out.add(name, v)));
        return new HttpResponse(status, out, response.body());
    }

    private static String responseValues(String value, HttpResponse response) {
        Matcher m = RESPONSE.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String expr = m.group(1) != null ? m.group(1) : m.group(2);
            m.appendReplacement(sb, Matcher.quoteReplacement(responseValue(expr, response)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String responseValue(String expr, HttpResponse response) {
        if (expr.startsWith("header.")) {
            return String.join(",", response.headers().all(expr.substring("header.".length())));
        }
        String body = new String(response.body(), StandardCharsets.UTF_8);
        if (expr.equals("body")) {
            return body;
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            for (String field : expr.substring("body.".length()).split("\\.")) {
                node = node == null ? null : node.get(field);
            }
            return node == null || node.isNull() ? "" : node.isValueNode() ? node.asText() : node.toString();
        } catch (IOException e) {
            return "";
        }
    }
}
