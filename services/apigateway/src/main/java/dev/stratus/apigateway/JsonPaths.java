package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSONPath subset mapping templates use in {@code $input.json} and {@code $input.path}: {@code $}, {@code .name},
 * {@code ['name']}, {@code [index]} (negative from the end), {@code [*]} and {@code .*}. A wildcard makes the result
 * the list of matches.
 */
final class JsonPaths {
    private JsonPaths() {
    }

    /** The node at {@code path} in {@code root}, or null when nothing is there. */
    static JsonNode select(JsonNode root, String path) {
        String p = path.strip();
        if (!p.startsWith("$")) {
            throw new IllegalArgumentException("JSONPath must start with $: " + path);
        }
        List<JsonNode> current = new ArrayList<>();
        if (root != null) {
            current.add(root);
        }
        boolean many = false;
        int i = 1;
        while (i < p.length()) {
            char c = p.charAt(i);
            List<JsonNode> next = new ArrayList<>();
            if (c == '.') {
                int end = i + 1;
                while (end < p.length() && p.charAt(end) != '.' && p.charAt(end) != '[') {
                    end++;
                }
                String name = p.substring(i + 1, end);
                if (name.equals("*")) {
                    many = true;
                    current.forEach(n -> n.forEach(next::add));
                } else {
                    current.forEach(n -> addIfPresent(next, n.get(name)));
                }
                i = end;
            } else if (c == '[') {
                int end = p.indexOf(']', i);
                if (end < 0) {
                    throw new IllegalArgumentException("Unclosed [ in JSONPath " + path);
                }
                String inside = p.substring(i + 1, end).strip();
                if (inside.equals("*")) {
                    many = true;
                    current.forEach(n -> n.forEach(next::add));
                } else if (inside.startsWith("'") || inside.startsWith("\"")) {
                    String name = inside.substring(1, inside.length() - 1);
                    current.forEach(n -> addIfPresent(next, n.get(name)));
                } else {
                    int index = Integer.parseInt(inside);
                    for (JsonNode n : current) {
                        if (n.isArray()) {
                            addIfPresent(next, n.get(index < 0 ? n.size() + index : index));
                        }
                    }
                }
                i = end + 1;
            } else {
                throw new IllegalArgumentException("Unsupported JSONPath " + path);
            }
            current = next;
        }
        if (many) {
            ArrayNode list = JsonNodeFactory.instance.arrayNode();
            current.forEach(list::add);
            return list;
        }
        return current.isEmpty() ? null : current.get(0);
    }

    private static void addIfPresent(List<JsonNode> out, JsonNode n) {
        if (n != null) {
            out.add(n);
        }
    }
}
