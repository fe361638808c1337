package dev.stratus.protocol.codec;

import dev.stratus.protocol.HttpRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Removes SigV4 streaming framing ({@code Content-Encoding: aws-chunked}) from a body: the AWS SDKs send S3
 * uploads as {@code <hex-size>[;chunk-signature=...]\r\n<bytes>\r\n ... 0\r\n<trailers>\r\n}, with checksums such
 * as {@code x-amz-checksum-crc32} as trailers. Chunk signatures are not verified here.
 */
final class AwsChunked {
    /** A hex size longer than this cannot be a chunk of a body we accepted. */
    private static final int MAX_SIZE_DIGITS = 16;

    /** The de-chunked body and the trailer headers that followed it. */
    record Decoded(byte[] body, Map<String, String> trailers) {
    }

    /** Thrown when the framing is broken. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private AwsChunked() {
    }

    /** Whether the request's body is aws-chunked framed. */
    static boolean applies(HttpRequest request) {
        String sha = request.header("x-amz-content-sha256");
        if (sha != null && sha.startsWith("STREAMING-")) {
            return true;
        }
        String enc = request.header("Content-Encoding");
        return enc != null && enc.toLowerCase(Locale.ROOT).contains("aws-chunked");
    }

    static Decoded decode(byte[] in) throws Malformed {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(0, in.length - 128));
        int pos = 0;
        while (true) {
            int eol = lineEnd(in, pos);
            String header = new String(in, pos, eol - pos, StandardCharsets.US_ASCII);
            pos = eol + 2;
            int semi = header.indexOf(';');
            String hex = (semi < 0 ? header : header.substring(0, semi)).trim();
            if (hex.isEmpty() || hex.length() > MAX_SIZE_DIGITS) {
                throw new Malformed("Invalid chunk size");
            }
            long size;
            try {
                size = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw new Malformed("Invalid chunk size");
            }
            if (size == 0) {
                return new Decoded(out.toByteArray(), trailers(in, pos));
            }
            if (size < 0 || size > in.length - pos) {
                throw new Malformed("Chunk extends beyond the body");
            }
            out.write(in, pos, (int) size);
            pos += (int) size;
            if (pos + 1 >= in.length || in[pos] != '\r' || in[pos + 1] != '\n') {
                throw new Malformed("Chunk is not followed by CRLF");
            }
            pos += 2;
        }
    }

    private static Map<String, String> trailers(byte[] in, int pos) throws Malformed {
        Map<String, String> out = new LinkedHashMap<>();
        while (pos < in.length) {
            int eol = lineEnd(in, pos);
            String line = new String(in, pos, eol - pos, StandardCharsets.US_ASCII);
            pos = eol + 2;
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                out.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        return out;
    }

    /** The index of the next CRLF from {@code pos}; a final line may end without one. */
    private static int lineEnd(byte[] in, int pos) throws Malformed {
        for (int i = pos; i + 1 < in.length; i++) {
            if (in[i] == '\r' && in[i + 1] == '\n') {
                return i;
            }
        }
        if (pos >= in.length) {
            throw new Malformed("Body ended before the final chunk");
        }
        return in.length; // an unterminated last line
    }
}
