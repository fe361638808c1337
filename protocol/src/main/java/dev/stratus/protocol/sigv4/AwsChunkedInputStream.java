package dev.stratus.protocol.sigv4;

import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.HttpRequest;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Decodes an {@code aws-chunked} body as it streams: {@code <hex size>[;chunk-signature=<sig>]\r\n<data>\r\n}
 * chunks, a zero-size final chunk, then optional trailing headers ({@code x-amz-checksum-crc32:...}) and a blank
 * line. With a {@link ChunkSignatureChain} every chunk signature (and the trailer signature) is verified when the
 * chunk ends, so a consumer sees an error before end-of-stream whenever any byte was not what the client signed.
 *
 * <p>Framing errors are {@link AwsException}s (IncompleteBody, InvalidRequest, SignatureDoesNotMatch) thrown
 * from {@code read}; the trailers are available from {@link #trailers()} once the stream returned -1.
 */
public final class AwsChunkedInputStream extends InputStream {
    /** Longest chunk-size line or trailer line accepted; a real one is under 200 bytes. */
    public static final int MAX_LINE_BYTES = 4096;
    /** Most trailing headers accepted (clients send one checksum and perhaps a signature). */
    public static final int MAX_TRAILERS = 32;
    /** Longest chunk size, in hex digits (a signed 64-bit size). */
    static final int MAX_SIZE_DIGITS = 15;
    static final String TRAILER_SIGNATURE = "x-amz-trailer-signature";

    private enum State { HEADER, DATA, DONE }

    private final InputStream in;
    private final StreamingPayload mode;
    private final ChunkSignatureChain chain;
    private final long decodedContentLength;
    private final Map<String, String> trailers = new LinkedHashMap<>();
    private State state = State.HEADER;
    private long remaining;
    private long decoded;
    private String chunkSignature;
    private MessageDigest chunkDigest;

    /**
     * @param chain verifies chunk signatures when the mode has them; null decodes without verifying (dev mode)
     * @param decodedContentLength x-amz-decoded-content-length, or -1 when the client sent none
     */
    public AwsChunkedInputStream(InputStream raw, StreamingPayload mode, ChunkSignatureChain chain,
                                 long decodedContentLength) {
        this.in = raw instanceof BufferedInputStream ? raw : new BufferedInputStream(raw, 16 * 1024);
        this.mode = mode;
        this.chain = mode.signedChunks() ? chain : null;
        this.decodedContentLength = decodedContentLength;
    }

    /** The request's {@code x-amz-decoded-content-length}, or -1 when it has none. */
    public static long decodedContentLength(HttpRequest request) {
        String v = request.header("X-Amz-Decoded-Content-Length");
        if (v == null) {
            return -1;
        }
        try {
            long n = Long.parseLong(v.strip());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new AwsException("InvalidArgument", "x-amz-decoded-content-length must be a non-negative integer",
                400);
    }

    /** The trailing headers (lower-case names, signature excluded); complete once the stream is exhausted. */
    public Map<String, String> trailers() {
        return Collections.unmodifiableMap(trailers);
    }

    /** Decoded bytes delivered so far. */
    public long decodedBytes() {
        return decoded;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (state == State.HEADER) {
            readChunkHeader();
        }
        if (state == State.DONE) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw incomplete();
        }
        if (chunkDigest != null) {
            chunkDigest.update(b, off, n);
        }
        remaining -= n;
        decoded += n;
        if (decodedContentLength >= 0 && decoded > decodedContentLength) {
            throw lengthMismatch();
        }
        if (remaining == 0) {
            endChunk();
        }
        return n;
    }

    private void readChunkHeader() throws IOException {
        String line = readLine();
        if (line == null) {
            throw incomplete();
        }
        int semi = line.indexOf(';');
        String hex = (semi < 0 ? line : line.substring(0, semi)).strip();
        long size = parseSize(hex);
        chunkSignature = semi < 0 ? null : extension(line.substring(semi + 1), "chunk-signature");
        if (chain != null && chunkSignature == null) {
            throw invalid("Chunk " + hex + " has no chunk-signature");
        }
        chunkDigest = chain != null ? SigV4Crypto.sha256() : null;
        if (size == 0) {
            verifyChunk();
            readTrailers();
            return;
        }
        remaining = size;
        state = State.DATA;
    }

    private void endChunk() throws IOException {
        int cr = in.read();
        int lf = in.read();
        if (cr < 0 || lf < 0) {
            throw incomplete();
        }
        if (cr != '\r' || lf != '\n') {
            throw invalid("Chunk data is not followed by CRLF");
        }
        verifyChunk();
        state = State.HEADER;
    }

    private void verifyChunk() {
        if (chain == null) {
            return;
        }
        String hash = SigV4Crypto.hex(chunkDigest.digest());
        if (!chain.acceptChunk(hash, chunkSignature)) {
            throw signatureMismatch();
        }
    }

    private void readTrailers() throws IOException {
        String trailerSignature = null;
        StringBuilder canonical = new StringBuilder();
        while (true) {
            String line = readLine();
            if (line == null || line.isEmpty()) {
                // a client may close the stream right after its last trailer line instead of sending a blank one
                break;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw invalid("Malformed trailing header");
            }
            String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if (name.equals(TRAILER_SIGNATURE)) {
                trailerSignature = value;
                continue;
            }
            if (trailers.size() >= MAX_TRAILERS) {
                throw invalid("More than " + MAX_TRAILERS + " trailing headers");
            }
            trailers.put(name, value);
            canonical.append(name).append(':').append(value).append('\n');
        }
        if (chain != null && mode.trailer()) {
            if (trailerSignature == null) {
                throw invalid("Trailing headers have no " + TRAILER_SIGNATURE);
            }
            if (!chain.acceptTrailer(canonical.toString(), trailerSignature)) {
                throw signatureMismatch();
            }
        }
        if (decodedContentLength >= 0 && decoded != decodedContentLength) {
            throw lengthMismatch();
        }
        state = State.DONE;
    }

    /** Reads one CRLF-terminated line (at most MAX_LINE_BYTES); null at a clean end of stream. */
    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        while (true) {
            int c = in.read();
            if (c < 0) {
                if (line.size() == 0) {
                    return null;
                }
                throw incomplete();
            }
            if (c == '\r') {
                int lf = in.read();
                if (lf != '\n') {
                    throw lf < 0 ? incomplete() : invalid("Bare CR in chunk framing");
                }
                return line.toString(StandardCharsets.ISO_8859_1);
            }
            if (line.size() >= MAX_LINE_BYTES) {
                throw invalid("Chunk header or trailer line longer than " + MAX_LINE_BYTES + " bytes");
            }
            line.write(c);
        }
    }

    private static long parseSize(String hex) {
        if (hex.isEmpty() || hex.length() > MAX_SIZE_DIGITS) {
            throw invalid("Invalid chunk size '" + hex + "'");
        }
        long size = 0;
        for (int i = 0; i < hex.length(); i++) {
            int d = Character.digit(hex.charAt(i), 16);
            if (d < 0) {
                throw invalid("Invalid chunk size '" + hex + "'");
            }
            size = size * 16 + d;
        }
        return size;
    }

    private static String extension(String extensions, String name) {
        for (String ext : extensions.split(";")) {
            int eq = ext.indexOf('=');
            if (eq > 0 && ext.substring(0, eq).strip().equals(name)) {
                return ext.substring(eq + 1).strip();
            }
        }
        return null;
    }

    private static AwsException incomplete() {
        return new AwsException("IncompleteBody", "The request body terminated unexpectedly", 400);
    }

    private static AwsException invalid(String message) {
        return new AwsException("InvalidRequest", message, 400);
    }

    private static AwsException signatureMismatch() {
        return new AwsException("SignatureDoesNotMatch", "The request signature we calculated does not match the "
                + "signature you provided. Check your key and signing method.", 403);
    }

    private AwsException lengthMismatch() {
        return new AwsException("IncompleteBody", "You did not provide the number of bytes specified by the "
                + "x-amz-decoded-content-length HTTP header (" + decodedContentLength + ")", 400);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
