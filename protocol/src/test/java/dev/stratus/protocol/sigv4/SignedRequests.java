package dev.stratus.protocol.sigv4;

import dev.stratus.protocol.HttpRequest;
import java.nio.charset.StandardCharsets;

/** Builds {@link HttpRequest}s for SigV4 tests from the pieces a published example lists. */
final class SignedRequests {
    private SignedRequests() {
    }

    /** A request from its method, raw path and query, "Name: value" header lines and body. */
    static HttpRequest request(String method, String rawPath, String rawQuery, String body, String... headerLines) {
        HttpRequest.Headers headers = new HttpRequest.Headers();
        for (String line : headerLines) {
            int colon = line.indexOf(':');
            headers.add(line.substring(0, colon), line.substring(colon + 1));
        }
        return new HttpRequest(method, rawPath, rawQuery, headers,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    /** The same request with one more header (e.g. the Authorization a signer produced). */
    static HttpRequest withHeader(HttpRequest r, String name, String value) {
        HttpRequest.Headers headers = new HttpRequest.Headers();
        r.headers().asMap().forEach((k, vs) -> vs.forEach(v -> headers.add(k, v)));
        headers.add(name, value);
        return new HttpRequest(r.method(), r.rawPath(), r.rawQuery(), headers, r.body());
    }
}
