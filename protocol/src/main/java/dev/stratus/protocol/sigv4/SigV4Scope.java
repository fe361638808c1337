package dev.stratus.protocol.sigv4;

import dev.stratus.protocol.HttpRequest;
import java.util.List;
import java.util.Map;

/**
 * The SigV4 facts of a request, from its {@code Authorization} header or presigned query string: access key,
 * credential scope (date, region, service), signed headers and signature. Nothing here is verified.
 *
 * @param presigned true when the signature came from the query string ({@code X-Amz-Signature})
 */
public record SigV4Scope(String accessKeyId, String date, String region, String service, List<String> signedHeaders,
                         String signature, boolean presigned) {

    public static final String ALGORITHM = "AWS4-HMAC-SHA256";

    /** Parses the request's SigV4 authorization, or returns null when it carries none (or is malformed). */
    public static SigV4Scope of(HttpRequest request) {
        String auth = request.header("Authorization");
        if (auth != null) {
            return fromHeader(auth);
        }
        if (request.rawQuery().contains("X-Amz-Credential")) {
            Map<String, List<String>> q = request.queryParams();
            String cred = first(q, "X-Amz-Credential");
            String headers = first(q, "X-Amz-SignedHeaders");
            return fromCredential(cred, headers == null ? List.of() : List.of(headers.split(";")),
                    first(q, "X-Amz-Signature"), true);
        }
        return null;
    }

    /**
     * Parses {@code AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...} by index, without splitting:
     * this runs for every request, and the splits and trims were a tenth of a small request's allocation.
     */
    static SigV4Scope fromHeader(String auth) {
        int end = auth.length();
        int i = 0;
        while (i < end && auth.charAt(i) <= ' ') {
            i++;
        }
        while (end > i && auth.charAt(end - 1) <= ' ') {
            end--;
        }
        if (!auth.startsWith(ALGORITHM, i)) {
            return null;
        }
        String cred = null;
        String headers = null;
        String sig = null;
        for (i += ALGORITHM.length(); i < end; ) {
            int comma = auth.indexOf(',', i);
            int partEnd = comma < 0 || comma > end ? end : comma;
            int eq = auth.indexOf('=', i);
            if (eq >= 0 && eq < partEnd) {
                int keyStart = skipSpace(auth, i, eq);
                int keyEnd = trimEnd(auth, keyStart, eq);
                int valueStart = skipSpace(auth, eq + 1, partEnd);
                String value = auth.substring(valueStart, trimEnd(auth, valueStart, partEnd));
                if (is(auth, keyStart, keyEnd, "Credential")) {
                    cred = value;
                } else if (is(auth, keyStart, keyEnd, "SignedHeaders")) {
                    headers = value;
                } else if (is(auth, keyStart, keyEnd, "Signature")) {
                    sig = value;
                }
                // other components are ignored
            }
            i = partEnd + 1;
        }
        return fromCredential(cred, headers == null ? List.of() : new SemicolonList(headers), sig, false);
    }

    private static int skipSpace(String s, int from, int to) {
        while (from < to && s.charAt(from) <= ' ') {
            from++;
        }
        return from;
    }

    private static int trimEnd(String s, int from, int to) {
        while (to > from && s.charAt(to - 1) <= ' ') {
            to--;
        }
        return to;
    }

    private static boolean is(String s, int from, int to, String word) {
        return to - from == word.length() && s.startsWith(word, from);
    }

    /**
     * {@code key/date/region/service/aws4_request}, or null when malformed. Read by index; as {@code split("/")}
     * did, empty segments after the fifth are ignored.
     */
    private static SigV4Scope fromCredential(String cred, List<String> headers, String sig, boolean presigned) {
        if (cred == null) {
            return null;
        }
        int s1 = cred.indexOf('/');
        int s2 = s1 < 0 ? -1 : cred.indexOf('/', s1 + 1);
        int s3 = s2 < 0 ? -1 : cred.indexOf('/', s2 + 1);
        int s4 = s3 < 0 ? -1 : cred.indexOf('/', s3 + 1);
        if (s4 < 0 || s1 == 0) {
            return null;
        }
        int s5 = cred.indexOf('/', s4 + 1);
        int last = s5 < 0 ? cred.length() : s5;
        if (!is(cred, s4 + 1, last, "aws4_request")) {
            return null;
        }
        for (int i = last; i < cred.length(); i++) {
            if (cred.charAt(i) != '/') {
                return null;
            }
        }
        return new SigV4Scope(cred.substring(0, s1), cred.substring(s1 + 1, s2), cred.substring(s2 + 1, s3),
                cred.substring(s3 + 1, s4), headers, sig, presigned);
    }

    /**
     * The {@code ;}-separated signed header names, split on first use: only strict mode reads them, so dev mode
     * never pays for the split.
     */
    private static final class SemicolonList extends java.util.AbstractList<String> {
        private final String names;
        private List<String> split;

        SemicolonList(String names) {
            this.names = names;
        }

        private List<String> split() {
            List<String> s = split;
            if (s == null) {
                s = List.of(names.split(";"));
                split = s;
            }
            return s;
        }

        @Override
        public String get(int index) {
            return split().get(index);
        }

        @Override
        public int size() {
            return split().size();
        }
    }

    private static String first(Map<String, List<String>> q, String name) {
        List<String> v = q.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** The credential scope string, {@code date/region/service/aws4_request}. */
    public String credentialScope() {
        return date + "/" + region + "/" + service + "/aws4_request";
    }
}
