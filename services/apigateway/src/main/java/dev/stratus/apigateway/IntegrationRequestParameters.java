package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An HTTP integration's {@code requestParameters}: {@code integration.request.{header|querystring|path}.name}
 * mapped from {@code method.request.{header|querystring|path}.name}, {@code 'literal'},
 * {@code stageVariables.name} or {@code context.requestId}; sources that are absent are left out.
 *
 * @param headers headers to set on the integration request
 * @param query query parameters to add
 * @param path values for {name} placeholders of the integration URI
 */
record IntegrationRequestParameters(Map<String, String> headers, Map<String, String> query,
                                    Map<String, String> path) {

    static IntegrationRequestParameters of(ObjectNode integration, ApiRequest req, RouteMatcher.Match match,
                                           ObjectNode stage) {
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, String> query = new LinkedHashMap<>();
        Map<String, String> path = new LinkedHashMap<>();
        integration.path("requestParameters").fields().forEachRemaining(e -> {
            String value = source(e.getValue().asText(), req, match, stage);
            String target = e.getKey();
            if (value == null) {
                return;
            }
            if (target.startsWith("integration.request.header.")) {
                headers.put(target.substring("integration.request.header.".length()), value);
            } else if (target.startsWith("integration.request.querystring.")) {
                query.put(target.substring("integration.request.querystring.".length()), value);
            } else if (target.startsWith("integration.request.path.")) {
                path.put(target.substring("integration.request.path.".length()), value);
            }
        });
        return new IntegrationRequestParameters(headers, query, path);
    }

    private static String source(String source, ApiRequest req, RouteMatcher.Match match, ObjectNode stage) {
        if (source.length() >= 2 && source.startsWith("'") && source.endsWith("'")) {
            return source.substring(1, source.length() - 1);
        }
        if (source.startsWith("method.request.header.")) {
            return req.http().header(source.substring("method.request.header.".length()));
        }
        if (source.startsWith("method.request.querystring.")) {
            List<String> v = req.http().queryParams().get(source.substring("method.request.querystring.".length()));
            return v == null || v.isEmpty() ? null : v.get(v.size() - 1);
        }
        if (source.startsWith("method.request.path.")) {
            return match.pathParameters().get(source.substring("method.request.path.".length()));
        }
        if (source.startsWith("stageVariables.")) {
            JsonNode v = stage.path("variables").get(source.substring("stageVariables.".length()));
            return v == null ? null : v.asText();
        }
        if (source.equals("context.requestId")) {
            return req.requestId();
        }
        return null;
    }
}
