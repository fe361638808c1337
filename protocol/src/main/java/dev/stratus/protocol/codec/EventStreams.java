package dev.stratus.protocol.codec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.protocol.model.Member;
import dev.stratus.protocol.model.Shape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
            event.fields().forEachRemaining(e -> {
                Member m = stream.member(e.getKey());
                if (m != null) {
                    out.writeBytes(event(e.getKey(), m.shape(), e.getValue()));
                }
            });
        }
        return out.toByteArray();
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
