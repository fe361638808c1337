package dev.stratus.protocol;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A blob too large to hold in memory (an S3 object body), read once from its stream. It travels in the canonical
 * tree as a {@link POJONode} in place of a {@code BinaryNode}, for members whose shape is {@code "streaming": true}.
 *
 * <p>Whoever takes the node owns the stream and must read or close it; {@link #bytes(JsonNode)} does both for
 * in-process callers that want the whole body.
 */
public final class StreamingBody implements AutoCloseable {
    private final long length;
    private final InputStream stream;
    private final Supplier<Map<String, String>> trailers;

    /**
     * @param length the number of bytes the stream holds, or -1 when unknown (chunked without a decoded length)
     * @param trailers the aws-chunked trailing headers, complete once the stream returned -1 (lower-case names)
     */
    public StreamingBody(long length, InputStream stream, Supplier<Map<String, String>> trailers) {
        this.length = length;
        this.stream = stream;
        this.trailers = trailers == null ? Map::of : trailers;
    }

    public StreamingBody(long length, InputStream stream) {
        this(length, stream, null);
    }

    /** The byte count, or -1 when not known before reading. */
    public long length() {
        return length;
    }

    /** The body's bytes; read it once. */
    public InputStream stream() {
        return stream;
    }

    /** Headers that followed an aws-chunked body ({@code x-amz-checksum-crc32}); empty until the stream ended. */
    public Map<String, String> trailers() {
        return trailers.get();
    }

    /** The node that carries this body in a value tree. */
    public JsonNode node() {
        return new POJONode(this);
    }

    /** The streaming body a node carries, or null when it is none (a BinaryNode, text, null). */
    public static StreamingBody of(JsonNode node) {
        return node instanceof POJONode p && p.getPojo() instanceof StreamingBody b ? b : null;
    }

    /**
     * The whole blob a node holds, whether it is a BinaryNode, a streaming body (read and closed here) or text;
     * empty for null or a missing node. For in-process callers of operations whose output may stream.
     */
    public static byte[] bytes(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return new byte[0];
        }
        StreamingBody body = of(node);
        try {
            if (body != null) {
                try (InputStream in = body.stream) {
                    return in.readAllBytes();
                }
            }
            if (node.isBinary()) {
                return node.binaryValue();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return node.asText().getBytes(StandardCharsets.UTF_8);
    }

    /** A stream over a node's blob: the streaming body's own, or one over its bytes. */
    public static InputStream open(JsonNode node) {
        StreamingBody body = of(node);
        return body != null ? body.stream : new java.io.ByteArrayInputStream(bytes(node));
    }

    @Override
    public void close() {
        try {
            stream.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }

    /** How the body shows when a tree holding it is printed (its bytes are never serialized). */
    @JsonValue
    @Override
    public String toString() {
        return "StreamingBody[" + length + " bytes]";
    }
}
