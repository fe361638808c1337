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

    static SigV4Scope fromHeader(String auth) {
        String a = auth.trim();
        if (!a.startsWith(ALGORITHM)) {
            return null;
        }
        String cred = null;
        String headers = null;
        String sig = null;
        for (String part : a.substring(ALGORITHM.length()).split(",")) {
            String p = part.trim();
            int eq = p.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String k = p.substring(0, eq).trim();
            String v = p.substring(eq + 1).trim();
            switch (k) {
                case "Credential" -> cred = v;
                case "SignedHeaders" -> headers = v;
                case "Signature" -> sig = v;
                default -> {
                    // ignore unknown components
                }
            }
        }
        return fromCredential(cred, headers == null ? List.of() : List.of(headers.split(";")), sig, false);
    }

    private static SigV4Scope fromCredential(String cred, List<String> headers, String sig, boolean presigned) {
        if (cred == null) {
            return null;
        }
        String[] parts = cred.split("/");
        if (parts.length != 5 || !"aws4_request".equals(parts[4]) || parts[0].isEmpty()) {
            return null;
        }
        return new SigV4Scope(parts[0], parts[1], parts[2], parts[3], headers, sig, presigned);
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
