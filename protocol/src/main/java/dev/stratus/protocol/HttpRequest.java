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
        forEachFormPair(form, (name, value) -> out.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value));
        return out;
    }

    /** Calls {@code action} with each decoded name and value of a form, in order; a name without '=' has "". */
    public static void forEachFormPair(String form, java.util.function.BiConsumer<String, String> action) {
        if (form == null) {
            return;
        }
        int length = form.length();
        for (int start = 0; start < length; ) {
            int amp = form.indexOf('&', start);
            int end = amp < 0 ? length : amp;
            if (end > start) {
                int eq = form.indexOf('=', start);
                if (eq < 0 || eq > end) {
                    action.accept(decode(form.substring(start, end), true), "");
                } else {
                    action.accept(decode(form.substring(start, eq), true), decode(form.substring(eq + 1, end), true));
                }
            }
            start = end + 1;
        }
    }

    /**
     * The decoded value of the first {@code name} parameter of a form, or null: one parameter found without
     * building the whole map (routing and resolving a query call only need {@code Action}).
     */
    public static String formValue(String form, String name) {
        if (form == null) {
            return null;
        }
        int length = form.length();
        for (int start = 0; start < length; ) {
            int amp = form.indexOf('&', start);
            int end = amp < 0 ? length : amp;
            int eq = form.indexOf('=', start);
            int nameEnd = eq < 0 || eq > end ? end : eq;
            if (end > start && namesMatch(form, start, nameEnd, name)) {
                return nameEnd == end ? "" : decode(form.substring(nameEnd + 1, end), true);
            }
            start = end + 1;
        }
        return null;
    }

    private static boolean namesMatch(String form, int start, int end, String name) {
        for (int i = start; i < end; i++) {
            char c = form.charAt(i);
            if (c == '%' || c == '+') {
                return decode(form.substring(start, end), true).equals(name);
            }
        }
        return end - start == name.length() && form.startsWith(name, start);
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

    /**
     * Case-insensitive, multi-valued, order-keeping headers. Headers the HTTP server already parsed are read in place
     * through a {@link Source} until something asks for all of them or changes them: most requests need two or three
     * of their headers, and copying every one into a map was a tenth of a small request's allocation.
     */
    public static final class Headers {
        /** Headers parsed elsewhere (the HTTP server's), looked up by name in any case without being copied. */
        public interface Source {
            /** Every value of the header, in the order received; empty when absent. Names match in any case. */
            List<String> all(String name);

            /** Calls {@code action} once per header value, in the order received, with the name as sent. */
            void forEach(java.util.function.BiConsumer<String, String> action);
        }

        private final Source source;
        /** The headers as a map; null while they are still read from {@link #source} (volatile: safely published). */
        private volatile Map<String, List<String>> map;

        public Headers() {
            this.source = null;
            this.map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        }

        private Headers(Source source) {
            this.source = source;
        }

        /** Headers read from {@code source} until they are changed or listed in full. */
        public static Headers over(Source source) {
            return new Headers(source);
        }

        /** The map, copied from the source on first need (synchronized: a request may be read by two threads). */
        private Map<String, List<String>> map() {
            Map<String, List<String>> m = map;
            if (m != null) {
                return m;
            }
            synchronized (this) {
                if (map == null) {
                    Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                    source.forEach((name, value) -> copy.computeIfAbsent(name, k -> new ArrayList<>()).add(value));
                    map = copy;
                }
                return map;
            }
        }

        public Headers add(String name, String value) {
            map().computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            return this;
        }

        public Headers set(String name, String value) {
            List<String> list = new ArrayList<>(1);
            list.add(value);
            map().put(name, list);
            return this;
        }

        public String first(String name) {
            List<String> v = values(name);
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        public List<String> all(String name) {
            List<String> v = values(name);
            return v == null || v.isEmpty() ? List.of() : Collections.unmodifiableList(v);
        }

        public boolean contains(String name) {
            List<String> v = values(name);
            return v != null && !v.isEmpty();
        }

        /** The values of one header, or null: from the source while no map exists. */
        private List<String> values(String name) {
            Map<String, List<String>> m = map;
            return m != null ? m.get(name) : source.all(name);
        }

        public Map<String, List<String>> asMap() {
            return Collections.unmodifiableMap(map());
        }

        public static String lower(String name) {
            return name.toLowerCase(Locale.ROOT);
        }
    }
}
