package dev.stratus.protocol.sigv4;

import dev.stratus.protocol.HttpRequest;
import java.util.Locale;

/**
 * The {@code x-amz-content-sha256} values that announce an aws-chunked body, and what each one promises:
 * signed chunks, trailing headers, or both.
 */
public enum StreamingPayload {
    /** Every chunk carries a chunk-signature; no trailer. */
    SIGNED("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", true, false),
    /** Signed chunks, then trailing headers closed by x-amz-trailer-signature. */
    SIGNED_WITH_TRAILER("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER", true, true),
    /** Plain chunks, then trailing headers (usually a checksum) without a signature. */
    UNSIGNED_WITH_TRAILER("STREAMING-UNSIGNED-PAYLOAD-TRAILER", false, true);

    private final String contentSha256;
    private final boolean signedChunks;
    private final boolean trailer;

    StreamingPayload(String contentSha256, boolean signedChunks, boolean trailer) {
        this.contentSha256 = contentSha256;
        this.signedChunks = signedChunks;
        this.trailer = trailer;
    }

    /** The literal x-amz-content-sha256 value. */
    public String contentSha256() {
        return contentSha256;
    }

    public boolean signedChunks() {
        return signedChunks;
    }

    public boolean trailer() {
        return trailer;
    }

    /** The streaming kind an x-amz-content-sha256 value names, or null when it names none of them. */
    public static StreamingPayload of(String contentSha256) {
        if (contentSha256 == null) {
            return null;
        }
        String v = contentSha256.strip();
        for (StreamingPayload p : values()) {
            if (p.contentSha256.equals(v)) {
                return p;
            }
        }
        return null;
    }

    /**
     * The streaming kind of a request: from x-amz-content-sha256, else UNSIGNED_WITH_TRAILER when only
     * {@code Content-Encoding: aws-chunked} says the body is chunked; null for a plain body.
     */
    public static StreamingPayload of(HttpRequest request) {
        StreamingPayload p = of(request.header("X-Amz-Content-Sha256"));
        if (p != null) {
            return p;
        }
        for (String encoding : request.headers().all("Content-Encoding")) {
            for (String e : encoding.split(",")) {
                if (e.strip().toLowerCase(Locale.ROOT).equals("aws-chunked")) {
                    return UNSIGNED_WITH_TRAILER;
                }
            }
        }
        return null;
    }
}
