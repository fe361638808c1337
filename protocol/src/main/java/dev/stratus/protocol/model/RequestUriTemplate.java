package dev.stratus.protocol.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A REST request URI such as {@code /2015-03-31/functions/{FunctionName}/invocations?Qualifier} parsed for matching.
 *
 * <p>Segments are literals or labels; a label ending in {@code +} is greedy. A literal query part after '?'
 * (e.g. {@code ?tagging} or {@code ?List=ALL}) must be present in the request to match. The one exception is S3's
 * {@code x-id=GetObject}: newer SDKs send it as a hint, older ones and the CLI do not, so it only has to agree
 * when present.
 */
public final class RequestUriTemplate {
    /** The operation-name hint S3 SDKs may add; it never decides a match on its own. */
    static final String OPTIONAL_HINT = "x-id";
    private final List<String> segments = new ArrayList<>();
    private final Map<String, String> requiredQuery = new LinkedHashMap<>();
    private final boolean trailingSlash;
    private final int literalCount;

    RequestUriTemplate(String uri) {
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        if (q >= 0) {
            for (String part : uri.substring(q + 1).split("&")) {
                if (part.isEmpty()) {
                    continue;
                }
                int eq = part.indexOf('=');
                requiredQuery.put(eq < 0 ? part : part.substring(0, eq), eq < 0 ? null : part.substring(eq + 1));
            }
        }
        trailingSlash = path.length() > 1 && path.endsWith("/");
        int literals = 0;
        for (String seg : path.split("/")) {
            if (!seg.isEmpty()) {
                segments.add(seg);
                if (!seg.startsWith("{")) {
                    literals++;
                }
            }
        }
        literalCount = literals;
    }

    /** How specific the template is: more literal segments and query requirements win over labels. */
    public int specificity() {
        return literalCount * 100 + requiredQuery.size() * 10 + segments.size();
    }

    /**
     * Matches a raw (still encoded) request path and its query parameters.
     *
     * @return the decoded label values, or null when the path does not match
     */
    public Map<String, String> match(String rawPath, Map<String, List<String>> query) {
        for (Map.Entry<String, String> rq : requiredQuery.entrySet()) {
            List<String> v = query.get(rq.getKey());
            if (v == null && OPTIONAL_HINT.equals(rq.getKey())) {
                continue;
            }
            if (v == null || (rq.getValue() != null && !v.contains(rq.getValue()))) {
                return null;
            }
        }
        String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        List<String> parts = path.isEmpty() ? List.of() : List.of(path.split("/", -1));
        Map<String, String> labels = new LinkedHashMap<>();
        int i = 0;
        for (int s = 0; s < segments.size(); s++) {
            String seg = segments.get(s);
            if (seg.startsWith("{") && seg.endsWith("+}")) {
                if (i >= parts.size()) {
                    return null;
                }
                String rest = String.join("/", parts.subList(i, parts.size()));
                if (rest.isEmpty()) {
                    return null;
                }
                labels.put(seg.substring(1, seg.length() - 2), decode(rest));
                return s == segments.size() - 1 ? labels : null;
            }
            if (i >= parts.size()) {
                return null;
            }
            String part = parts.get(i++);
            if (seg.startsWith("{")) {
                if (part.isEmpty()) {
                    return null;
                }
                labels.put(seg.substring(1, seg.length() - 1), decode(part));
            } else if (!seg.equals(part)) {
                return null;
            }
        }
        if (i == parts.size()) {
            return labels;
        }
        // A single trailing empty segment ("/foo/") matches a template with or without the trailing slash.
        if (i == parts.size() - 1 && parts.get(i).isEmpty()) {
            return labels;
        }
        return null;
    }

    /** The literal query parameter names of the template (e.g. {@code tagging}, {@code list-type}). */
    public java.util.Set<String> literalQueryNames() {
        return java.util.Collections.unmodifiableSet(requiredQuery.keySet());
    }

    public boolean trailingSlash() {
        return trailingSlash;
    }

    private static String decode(String s) {
        return dev.stratus.protocol.HttpRequest.decode(s, false);
    }
}
