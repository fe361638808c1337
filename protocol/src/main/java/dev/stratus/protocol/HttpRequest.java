package dev.stratus.protocol;

import dev.stratus.protocol.sigv4.ChunkSignatureChain;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An HTTP request as the protocol layer sees it: method, raw path and query, headers (case-insensitive), body.
 *
 * @param rawPath the path as sent, still percent-encoded
 * @param rawQuery the query string as sent (without '?'), or empty
 * @param body the buffered body; empty when the body is left in {@code bodyStream}
 * @param bodyStream the unread body of an operation that streams its payload (S3 PutObject), or null when the
 *     body is buffered
 * @param chunkSignatures verifies the chunk signatures of an aws-chunked body while it is unframed (strict mode, a
 *     STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER] body); null when they are not checked
 */
public record HttpRequest(String method, String rawPath, String rawQuery, Headers headers, byte[] body,
                          java.io.InputStream bodyStream, ChunkSignatureChain chunkSignatures) {

    public HttpRequest {
        rawQuery = rawQuery == null ? "" : rawQuery;
        body = body == null ? new byte[0] : body;
    }

    public HttpRequest(String method, String rawPath, String rawQuery, Headers headers, byte[] body) {
        this(method, rawPath, rawQuery, headers, body, null, null);
    }

    public HttpRequest(String method, String rawPath, String rawQuery, Headers headers, byte[] body,
                       java.io.InputStream bodyStream) {
        this(method, rawPath, rawQuery, headers, body, bodyStream, null);
    }

    /** This request with its aws-chunked body's signatures checked by {@code chain} as it is unframed. */
    public HttpRequest withChunkSignatures(ChunkSignatureChain chain) {
        return new HttpRequest(method, rawPath, rawQuery, headers, body, bodyStream, chain);
    }

    public String header(String name) {
        return headers.first(name);
    }

    /** The decoded path. */
    public String path() {
        return decode(rawPath, false);
    }

    /** Query parameters, decoded, in order; a name without '=' maps to "". */
    public Map<String, List<String>> queryParams() {
        return parseForm(rawQuery);
    }

    public static Map<String, List<String>> parseForm(String form) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (form == null || form.isEmpty()) {
            return out;
        }
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), true);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true);
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    /** Percent-decodes; '+' becomes a space only in form encoding. Malformed escapes are kept literally. */
    public static String decode(String s, boolean form) {
        if (s.indexOf('%') < 0 && (!form || s.indexOf('+') < 0)) {
            return s;
        }
        try {
            return URLDecoder.decode(form ? s : s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /** Case-insensitive, multi-valued, order-keeping headers. */
    public static final class Headers {
        private final Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

        public Headers add(String name, String value) {
            map.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            return this;
        }

        public Headers set(String name, String value) {
            List<String> list = new ArrayList<>();
            list.add(value);
            map.put(name, list);
            return this;
        }

        public String first(String name) {
            List<String> v = map.get(name);
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        public List<String> all(String name) {
            List<String> v = map.get(name);
            return v == null ? List.of() : Collections.unmodifiableList(v);
        }

        public boolean contains(String name) {
            return map.containsKey(name);
        }

        public Map<String, List<String>> asMap() {
            return Collections.unmodifiableMap(map);
        }

        public static String lower(String name) {
            return name.toLowerCase(Locale.ROOT);
        }
    }
}
