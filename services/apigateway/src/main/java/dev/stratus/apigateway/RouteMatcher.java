package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the resource and method of a deployed tree for a request path: literal segments win over {param}, which
 * wins over {proxy+}; the method must match exactly or be ANY.
 */
final class RouteMatcher {
    /** A match: the resource, its method, and the path parameters taken from the request path. */
    record Match(ObjectNode resource, ObjectNode method, Map<String, String> pathParameters) {
    }

    private final Map<String, ObjectNode> resources;

    RouteMatcher(Map<String, ObjectNode> resources) {
        this.resources = resources;
    }

    /** The match for {@code path} (decoded, starting with '/'), or null. */
    Match match(String httpMethod, String path) {
        ObjectNode root = resources.values().stream().filter(r -> !r.has("parentId")).findFirst().orElse(null);
        if (root == null) {
            return null;
        }
        List<String> segments = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                segments.add(s);
            }
        }
        List<Candidate> candidates = new ArrayList<>();
        walk(root, segments, 0, new LinkedHashMap<>(), candidates);
        if (candidates.isEmpty()) {
            return null;
        }
        // The most specific resource decides; a method it lacks is not looked for in less specific ones.
        Candidate c = candidates.get(0);
        JsonNode methods = c.resource.path("resourceMethods");
        JsonNode m = methods.has(httpMethod) ? methods.get(httpMethod) : methods.get("ANY");
        return m instanceof ObjectNode method ? new Match(c.resource, method, c.params) : null;
    }

    private record Candidate(ObjectNode resource, Map<String, String> params) {
    }

    /** Collects every resource matching the whole path, most specific first. */
    private void walk(ObjectNode node, List<String> segments, int index, Map<String, String> params,
                      List<Candidate> out) {
        if (index == segments.size()) {
            out.add(new Candidate(node, params));
            return;
        }
        String id = node.path("id").asText();
        List<ObjectNode> children = resources.values().stream()
                .filter(r -> id.equals(r.path("parentId").asText(null)))
                .sorted(Comparator.comparingInt(RouteMatcher::rank)).toList();
        String segment = segments.get(index);
        for (ObjectNode child : children) {
            String part = child.path("pathPart").asText();
            if (rank(child) == 0) {
                if (part.equals(segment)) {
                    walk(child, segments, index + 1, params, out);
                }
            } else if (rank(child) == 1) {
                Map<String, String> p = new LinkedHashMap<>(params);
                p.put(part.substring(1, part.length() - 1), segment);
                walk(child, segments, index + 1, p, out);
            } else {
                Map<String, String> p = new LinkedHashMap<>(params);
                p.put(part.substring(1, part.length() - 2), String.join("/", segments.subList(index, segments.size())));
                out.add(new Candidate(child, p));
            }
        }
    }

    /** 0 for a literal, 1 for {param}, 2 for a greedy {param+}. */
    private static int rank(ObjectNode resource) {
        String part = resource.path("pathPart").asText();
        if (!part.startsWith("{")) {
            return 0;
        }
        return part.endsWith("+}") ? 2 : 1;
    }
}
