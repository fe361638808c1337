package dev.stratus.lambda.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;

/**
 * A response the runtime posts with {@code Lambda-Runtime-Function-Response-Mode: streaming} as a chunked body:
 * relayed piece by piece to the invocation's {@link ResponseSink} as it arrives (InvokeWithResponseStream), or
 * buffered whole when its caller wants the whole payload (Invoke).
 */
final class StreamedResponse {
    /** AWS's maximum streamed response payload (200 MB since July 2025; it was 20 MB). */
    static final long MAX_STREAMED_BYTES = 200L * 1024 * 1024;
    /** A bigger chunk reaches the caller in pieces of this size, so no piece has to be held whole. */
    static final int MAX_PIECE_BYTES = 64 * 1024;

    private StreamedResponse() {
    }

    /** Whether a request is a streamed response post, to be read as it arrives. */
    static boolean isStreamed(String method, String path, Map<String, String> headers) {
        return method.equals("POST") && path.endsWith("/response")
                && "streaming".equalsIgnoreCase(headers.get("lambda-runtime-function-response-mode"));
    }

    /**
     * Reads the whole body: each chunk goes to {@code sink} as it arrives, or, without a sink, into the returned
     * bytes. Returns null when the body passed {@code limit} bytes (what came after was skipped).
     */
    static byte[] read(ChunkedBody chunks, ResponseSink sink, long limit) throws IOException, InterruptedException {
        ByteArrayOutputStream buffered = sink == null ? new ByteArrayOutputStream() : null;
        long total = 0;
        boolean tooLarge = false;
        long n;
        while ((n = chunks.next()) > 0) {
            if (tooLarge || total + n > limit) {
                tooLarge = true;
                chunks.skip(n);
                continue;
            }
            total += n;
            for (long left = n; left > 0; ) {
                byte[] piece = chunks.read((int) Math.min(left, MAX_PIECE_BYTES));
                left -= piece.length;
                if (sink != null) {
                    sink.write(piece);
                } else {
                    buffered.writeBytes(piece);
                }
            }
        }
        if (tooLarge) {
            return null;
        }
        return buffered == null ? new byte[0] : buffered.toByteArray();
    }
}
