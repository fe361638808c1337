package dev.stratus.protocol.codec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.protocol.StreamedEvents;
import dev.stratus.protocol.model.Member;
import dev.stratus.protocol.model.Shape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Writes an {@code eventstream} output member in AWS's event-stream framing ({@code application/vnd.amazon.eventstream}):
 * per event a prelude (total length, headers length, prelude CRC32), string headers {@code :event-type},
 * {@code :message-type} and {@code :content-type}, the payload and a message CRC32, all big-endian.
 *
 * <p>The value tree of an event stream is an array of events, each an object with one member named after the
 * event (e.g. {@code {"PayloadChunk": {"Payload": <blob>}}}).
 */
final class EventStreams {
    static final String CONTENT_TYPE = "application/vnd.amazon.eventstream";
    /** The header value type code for a string (UTF-8 with a 2-byte length). */
    private static final byte STRING_VALUE = 7;
    private static final int PRELUDE_BYTES = 12;
    private static final int CRC_BYTES = 4;

    private EventStreams() {
    }

    /** Whether {@code shape} is an event stream union. */
    static boolean isEventStream(Shape shape) {
        return shape.json().path("eventstream").asBoolean(false);
    }

    /** The framed events of {@code events} (an array) for the event stream {@code stream}. */
    static byte[] write(Shape stream, JsonNode events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (events == null || !events.isArray()) {
            return out.toByteArray();
        }
        for (JsonNode event : events) {
            out.writeBytes(frame(stream, event));
        }
        return out.toByteArray();
    }

    /** One element of an event array ({@code {"PayloadChunk": {...}}}) framed; empty for an unknown event. */
    private static byte[] frame(Shape stream, JsonNode event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        event.fields().forEachRemaining(e -> {
            Member m = stream.member(e.getKey());
            if (m != null) {
                out.writeBytes(event(e.getKey(), m.shape(), e.getValue()));
            }
        });
        return out.toByteArray();
    }

    /**
     * The framed events of {@code events} as they are produced: each read frames the next event once the previous
     * one has been read, so a reader that copies what is {@link InputStream#available()} sees every event whole as
     * soon as it exists. Closing the stream closes the events.
     */
    static InputStream open(Shape stream, StreamedEvents events) {
        return new InputStream() {
            private byte[] frame = new byte[0];
            private int pos;
            private boolean ended;

            /** Frames events until one has bytes; false at the end of the stream. */
            private boolean fill() throws IOException {
                while (pos == frame.length) {
                    if (ended) {
                        return false;
                    }
                    JsonNode event;
                    try {
                        event = events.next();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted while waiting for the next event");
                    }
                    if (event == null) {
                        ended = true;
                        return false;
                    }
                    frame = frame(stream, event);
                    pos = 0;
                }
                return true;
            }

            @Override
            public int read() throws IOException {
                return fill() ? frame[pos++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                if (!fill()) {
                    return -1;
                }
                int n = Math.min(len, frame.length - pos);
                System.arraycopy(frame, pos, b, off, n);
                pos += n;
                return n;
            }

            @Override
            public int available() {
                return frame.length - pos;
            }

            @Override
            public void close() {
                ended = true;
                events.close();
            }
        };
    }

    /** One event: its payload member's bytes as they are, or its other members as a JSON document. */
    private static byte[] event(String type, Shape shape, JsonNode value) {
        String contentType = "application/json";
        byte[] payload = null;
        for (Member m : shape.members().values()) {
            if (m.json().path("eventpayload").asBoolean(false)) {
                JsonNode v = value.get(m.name());
                switch (m.shape().type()) {
                    case "blob" -> {
                        contentType = "application/octet-stream";
                        payload = binary(v);
                    }
                    case "string" -> {
                        contentType = "text/plain";
                        payload = v == null ? new byte[0] : v.asText().getBytes(StandardCharsets.UTF_8);
                    }
                    default -> payload = AwsJsonCodec.write(JsonOutput.body(m.shape(), v));
                }
            }
        }
        if (payload == null) {
            payload = AwsJsonCodec.write(JsonOutput.body(shape, value));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(":event-type", type);
        headers.put(":content-type", contentType);
        headers.put(":message-type", "event");
        return message(headers, payload);
    }

    /** One framed message with string headers. */
    static byte[] message(Map<String, String> headers, byte[] payload) {
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        headers.forEach((name, value) -> {
            byte[] n = name.getBytes(StandardCharsets.UTF_8);
            byte[] v = value.getBytes(StandardCharsets.UTF_8);
            h.write(n.length);
            h.writeBytes(n);
            h.write(STRING_VALUE);
            h.write((v.length >>> 8) & 0xff);
            h.write(v.length & 0xff);
            h.writeBytes(v);
        });
        byte[] headerBytes = h.toByteArray();
        int total = PRELUDE_BYTES + headerBytes.length + payload.length + CRC_BYTES;
        ByteBuffer b = ByteBuffer.allocate(total);
        b.putInt(total).putInt(headerBytes.length).putInt(crc(b.array(), 0, 8));
        b.put(headerBytes).put(payload);
        b.putInt(crc(b.array(), 0, total - CRC_BYTES));
        return b.array();
    }

    private static int crc(byte[] data, int offset, int length) {
        CRC32 c = new CRC32();
        c.update(data, offset, length);
        return (int) c.getValue();
    }

    private static byte[] binary(JsonNode v) {
        if (v == null || v.isNull()) {
            return new byte[0];
        }
        try {
            return v.isBinary() ? v.binaryValue() : v.asText().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
