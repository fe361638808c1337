package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Picks the route of an HTTP API for a request as API Gateway does: the most specific matching route wins
 * (literal segment over {param} over greedy {param+}, position by position; an exact method over ANY), and
 * {@code $default} catches whatever no other route matches.
 */
final class HttpRouteMatcher {
    /** The chosen route and the path parameters it captured. */
    record Match(ObjectNode route, Map<String, String> pathParameters) {
    }

    private static final int LITERAL = 0;
    private static final int PARAM = 1;
    private static final int GREEDY = 2;

    private HttpRouteMatcher() {
    }

    /** @param path the decoded request path without the stage, starting with '/' */
    static Match match(Collection<ObjectNode> routes, String method, String path) {
        List<String> segments = segments(path);
        Match best = null;
        int[] bestRank = null;
        ObjectNode fallback = null;
        for (ObjectNode route : routes) {
            String key = route.path("RouteKey").asText();
            if (key.equals("$default")) {
                fallback = route;
                continue;
            }
            int space = key.indexOf(' ');
            String routeMethod = key.substring(0, space);
            if (!routeMethod.equals("ANY") && !routeMethod.equals(method)) {
                continue;
            }
            Map<String, String> params = new LinkedHashMap<>();
            int[] rank = rank(segments(key.substring(space + 1)), segments, params);
            if (rank == null) {
                continue;
            }
            rank[rank.length - 1] = routeMethod.equals("ANY") ? 1 : 0;
            if (bestRank == null || compare(rank, bestRank) < 0) {
                best = new Match(route, params);
                bestRank = rank;
            }
        }
        if (best == null && fallback != null) {
            return new Match(fallback, Map.of());
        }
        return best;
    }

    /** The kinds of the route's segments (lower is more specific) then one slot for the method, or null. */
    private static int[] rank(List<String> want, List<String> got, Map<String, String> params) {
        int[] rank = new int[Math.max(want.size(), got.size()) + 1];
        for (int i = 0; i < want.size(); i++) {
            String w = want.get(i);
            if (w.startsWith("{") && w.endsWith("+}")) {
                if (got.size() <= i) {
                    return null;
                }
                params.put(w.substring(1, w.length() - 2), String.join("/", got.subList(i, got.size())));
                for (int j = i; j < rank.length - 1; j++) {
                    rank[j] = GREEDY;
                }
                return rank;
            }
            if (i >= got.size()) {
                return null;
            }
            if (w.startsWith("{") && w.endsWith("}")) {
                params.put(w.substring(1, w.length() - 1), got.get(i));
                rank[i] = PARAM;
            } else if (w.equals(got.get(i))) {
                rank[i] = LITERAL;
            } else {
                return null;
            }
        }
        return want.size() == got.size() ? rank : null;
    }

    private static int compare(int[] a, int[] b) {
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (a[i] != b[i]) {
                return Integer.compare(a[i], b[i]);
            }
        }
        return Integer.compare(a.length, b.length);
    }

    private static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }
}
