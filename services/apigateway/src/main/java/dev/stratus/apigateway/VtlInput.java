package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code $input} of a mapping template: the payload ({@code body}, {@code json(path)}, {@code path(path)}) and the
 * method request's parameters ({@code params()}, {@code params(name)}). Public for Velocity's introspection.
 */
public final class VtlInput {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String body;
    private final Map<String, Map<String, String>> params;
    private JsonNode parsed;

    VtlInput(String body, Map<String, Map<String, String>> params) {
        this.body = body;
        this.params = params;
    }

    /** The raw payload ($input.body). */
    public String getBody() {
        return body;
    }

    /** The JSON text at a JSONPath of the payload ($input.json('$.x')); empty when nothing is there. */
    public String json(String path) {
        JsonNode n = JsonPaths.select(parsed(), path);
        return n == null ? "" : n.toString();
    }

    /** The value at a JSONPath of the payload as a map, list, string, number or boolean ($input.path('$.x')). */
    public Object path(String path) {
        return toJava(JsonPaths.select(parsed(), path));
    }

    /** All parameters: {"path": {...}, "querystring": {...}, "header": {...}}. */
    public Map<String, Map<String, String>> params() {
        return params;
    }

    /** One parameter by name, looked up in path, query string, then headers; empty when absent. */
    public String params(String name) {
        for (String where : List.of("path", "querystring", "header")) {
            Map<String, String> m = params.get(where);
            if (m != null && m.containsKey(name)) {
                return m.get(name);
            }
        }
        if (params.get("header") != null) {
            for (Map.Entry<String, String> h : params.get("header").entrySet()) {
                if (h.getKey().equalsIgnoreCase(name)) {
                    return h.getValue();
                }
            }
        }
        return "";
    }

    private JsonNode parsed() {
        if (parsed == null) {
            try {
                parsed = body == null || body.isBlank() ? MAPPER.createObjectNode() : MAPPER.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("Invalid JSON in payload: " + e.getMessage());
            }
        }
        return parsed;
    }

    /** A JSON value as the Java values templates work with (LinkedHashMap, ArrayList, String, numbers, Boolean). */
    static Object toJava(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            n.fields().forEachRemaining(e -> m.put(e.getKey(), toJava(e.getValue())));
            return m;
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            n.forEach(e -> l.add(toJava(e)));
            return l;
        }
        if (n.isIntegralNumber()) {
            return n.canConvertToInt() ? (Object) n.intValue() : (Object) n.longValue();
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        return n.asText();
    }
}
