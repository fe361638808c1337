package dev.stratus.protocol.codec;

import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.sigv4.SigV4Crypto;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A streamed request body as sent on the wire: a client that stops early (closed socket, short body) becomes
 * S3's 400 IncompleteBody thrown from {@code read}, and a body signed with a hex {@code x-amz-content-sha256}
 * is checked against it when it ends, since the authenticator could not hash a body it never saw.
 */
final class RequestBodyStream extends InputStream {
    static final String INCOMPLETE =
            "You did not provide the number of bytes specified by the Content-Length HTTP header";

    private final InputStream in;
    private final long declaredLength;
    private final String contentSha256;
    private final MessageDigest sha256;
    private long read;
    private boolean ended;

    /**
     * @param declaredLength the Content-Length, or -1 when the body is chunked by HTTP
     * @param contentSha256 the hex SHA-256 the request was signed with, or null when it named no hash
     */
    RequestBodyStream(InputStream in, long declaredLength, String contentSha256) {
        this.in = in;
        this.declaredLength = declaredLength;
        this.contentSha256 = contentSha256;
        this.sha256 = contentSha256 == null ? null : newSha256();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (ended) {
            return -1;
        }
        int n;
        try {
            n = in.read(b, off, len);
        } catch (IOException | RuntimeException e) {
            // Helidon reports a closed connection as an unchecked exception; to the service both mean a short body.
            throw new AwsException("IncompleteBody", INCOMPLETE, 400);
        }
        if (n < 0) {
            ended = true;
            if (declaredLength >= 0 && read < declaredLength) {
                throw new AwsException("IncompleteBody", INCOMPLETE, 400);
            }
            checkSha256();
            return -1;
        }
        read += n;
        if (sha256 != null) {
            sha256.update(b, off, n);
        }
        return n;
    }

    private void checkSha256() {
        if (sha256 == null) {
            return;
        }
        String actual = HexFormat.of().formatHex(sha256.digest());
        if (!SigV4Crypto.signaturesEqual(actual, contentSha256.toLowerCase(java.util.Locale.ROOT))) {
            throw new AwsException("XAmzContentSHA256Mismatch",
                    "The provided 'x-amz-content-sha256' header does not match what was computed.", 400)
                    .with("ClientComputedContentSHA256", contentSha256)
                    .with("S3ComputedContentSHA256", actual);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
