package dev.stratus.protocol;

import java.nio.charset.StandardCharsets;

/**
 * An HTTP response produced by a codec: status, headers and a body, either fully built or, for large blobs (S3
 * GetObject), a {@link StreamingBody} the HTTP server copies out.
 *
 * @param stream the body to stream instead of {@code body}, or null
 */
public record HttpResponse(int status, HttpRequest.Headers headers, byte[] body, StreamingBody stream) {

    public HttpResponse {
        body = body == null ? new byte[0] : body;
    }

    public HttpResponse(int status, HttpRequest.Headers headers, byte[] body) {
        this(status, headers, body, null);
    }

    public static HttpResponse of(int status, String contentType, byte[] body) {
        HttpRequest.Headers h = new HttpRequest.Headers();
        if (contentType != null) {
            h.set("Content-Type", contentType);
        }
        return new HttpResponse(status, h, body);
    }

    public static HttpResponse text(int status, String contentType, String body) {
        return of(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    public HttpResponse header(String name, String value) {
        headers.set(name, value);
        return this;
    }
}
