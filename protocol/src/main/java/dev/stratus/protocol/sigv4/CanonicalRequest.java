package dev.stratus.protocol.sigv4;

import dev.stratus.protocol.HttpRequest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * The SigV4 canonical request of an HTTP request, rebuilt on the server side exactly as a signer builds it.
 *
 * @param uri the canonical URI: for S3 each path segment URI-encoded once; for every other service the
 *            normalized path (no empty, "." or ".." segments) URI-encoded once more on top of its wire encoding
 * @param query the canonical query string: names and values URI-encoded, sorted by name then value
 * @param headers the canonical headers, one {@code name:value\n} line per signed header
 */
public record CanonicalRequest(String method, String uri, String query, String headers, String signedHeaders,
                               String payloadHash) {

    /** The newline-joined text whose SHA-256 goes into the string to sign. */
    public String text() {
        return method + '\n' + uri + '\n' + query + '\n' + headers + '\n' + signedHeaders + '\n' + payloadHash;
    }

    /** The string to sign: algorithm, request time, credential scope and the hash of this canonical request. */
    public String stringToSign(String amzDate, String credentialScope) {
        return SigV4Scope.ALGORITHM + '\n' + amzDate + '\n' + credentialScope + '\n' + SigV4Crypto.sha256Hex(text());
    }

    /**
     * Builds the canonical request of {@code request}.
     *
     * @param s3 S3 signs the path as sent (single encoding, no normalization)
     * @param presigned leaves {@code X-Amz-Signature} out of the canonical query string
     */
    public static CanonicalRequest of(HttpRequest request, List<String> signedHeaders, String payloadHash,
                                      boolean s3, boolean presigned) {
        List<String> names = new ArrayList<>(signedHeaders.size());
        for (String h : signedHeaders) {
            names.add(h.toLowerCase(Locale.ROOT));
        }
        return new CanonicalRequest(request.method(), canonicalUri(request.rawPath(), s3),
                canonicalQuery(request.rawQuery(), presigned), canonicalHeaders(request.headers(), names),
                String.join(";", names), payloadHash);
    }

    /** The canonical URI of a raw (still percent-encoded) path. */
    public static String canonicalUri(String rawPath, boolean s3) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        if (!s3) {
            return UriEncoding.encode(normalize(rawPath), true);
        }
        // S3 keys are signed segment by segment as AWS encodes them; re-encoding the decoded segment makes a
        // client that left a reserved character such as '$' unescaped on the wire sign the same string.
        StringBuilder out = new StringBuilder(rawPath.length() + 8);
        int start = 0;
        while (true) {
            int slash = rawPath.indexOf('/', start);
            String segment = slash < 0 ? rawPath.substring(start) : rawPath.substring(start, slash);
            out.append(UriEncoding.encode(HttpRequest.decode(segment, false), false));
            if (slash < 0) {
                break;
            }
            out.append('/');
            start = slash + 1;
        }
        return out.charAt(0) == '/' ? out.toString() : "/" + out;
    }

    /** Removes empty, "." and ".." segments, keeping a trailing slash the path had. */
    static String normalize(String path) {
        Deque<String> segments = new ArrayDeque<>();
        for (String s : path.split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                segments.pollLast();
            } else {
                segments.addLast(s);
            }
        }
        if (segments.isEmpty()) {
            return "/";
        }
        String joined = "/" + String.join("/", segments);
        return path.endsWith("/") ? joined + "/" : joined;
    }

    /** The canonical query string of a raw query (names and values decoded, then encoded the AWS way). */
    public static String canonicalQuery(String rawQuery, boolean presigned) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = HttpRequest.decode(eq < 0 ? pair : pair.substring(0, eq), false);
            if (presigned && name.equals("X-Amz-Signature")) {
                continue;
            }
            String value = eq < 0 ? "" : HttpRequest.decode(pair.substring(eq + 1), false);
            pairs.add(new String[] {UriEncoding.encode(name, false), UriEncoding.encode(value, false)});
        }
        pairs.sort((a, b) -> {
            int c = a[0].compareTo(b[0]);
            return c != 0 ? c : a[1].compareTo(b[1]);
        });
        StringBuilder out = new StringBuilder(rawQuery.length() + 16);
        for (String[] p : pairs) {
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(p[0]).append('=').append(p[1]);
        }
        return out.toString();
    }

    /** One {@code name:value\n} line per signed header; several values of one header are joined with ','. */
    static String canonicalHeaders(HttpRequest.Headers headers, List<String> lowerCaseNames) {
        StringBuilder out = new StringBuilder(256);
        for (String name : lowerCaseNames) {
            out.append(name).append(':');
            List<String> values = headers.all(name);
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                appendTrimmed(out, values.get(i));
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** Appends the value without leading or trailing whitespace and with inner runs of spaces made one. */
    private static void appendTrimmed(StringBuilder out, String value) {
        String v = value.strip();
        boolean space = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                space = true;
                continue;
            }
            if (space) {
                out.append(' ');
                space = false;
            }
            out.append(c);
        }
    }
}
