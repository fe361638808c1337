package dev.stratus.lambda.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a {@code Transfer-Encoding: chunked} request body chunk by chunk: the caller reads or skips each chunk's
 * data itself, so a body can be buffered whole or relayed as it arrives. Trailers (a streamed response's error)
 * join the request's headers when the last chunk is reached.
 */
final class ChunkedBody {
    private final InputStream in;
    private final Map<String, String> headers;
    private boolean started;
    private boolean ended;

    ChunkedBody(InputStream in, Map<String, String> headers) {
        this.in = in;
        this.headers = headers;
    }

    /**
     * The size of the next chunk, whose data the caller then reads or skips in full; 0 after the last chunk (its
     * trailers read), and from then on.
     */
    long next() throws IOException {
        if (ended) {
            return 0;
        }
        if (started) {
            LoopbackHttpServer.readLine(in); // the CRLF after the previous chunk's data
        }
        started = true;
        String size = LoopbackHttpServer.readLine(in);
        if (size == null) {
            throw new IOException("truncated chunked body");
        }
        int semi = size.indexOf(';');
        long n = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).strip(), 16);
        if (n < 0) {
            throw new IOException("negative chunk size");
        }
        if (n == 0) {
            ended = true;
            readTrailers();
        }
        return n;
    }

    /** {@code n} bytes of the current chunk's data. */
    byte[] read(int n) throws IOException {
        byte[] data = in.readNBytes(n);
        if (data.length < n) {
            throw new IOException("truncated chunk");
        }
        return data;
    }

    /** Skips {@code n} bytes of the current chunk's data. */
    void skip(long n) throws IOException {
        in.skipNBytes(n);
    }

    /** Reads and drops whatever of the body is left, so the connection can carry the next request. */
    void drain() throws IOException {
        long n;
        while ((n = next()) > 0) {
            skip(n);
        }
    }

    private void readTrailers() throws IOException {
        while (true) {
            String t = LoopbackHttpServer.readLine(in);
            if (t == null || t.isEmpty()) {
                return;
            }
            int colon = t.indexOf(':');
            if (colon > 0) {
                headers.put(t.substring(0, colon).strip().toLowerCase(Locale.ROOT), t.substring(colon + 1).strip());
            }
        }
    }
}
