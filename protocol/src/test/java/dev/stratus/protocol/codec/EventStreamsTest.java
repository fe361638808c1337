package dev.stratus.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.stratus.protocol.StreamedEvents;
import dev.stratus.protocol.model.ServiceModel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class EventStreamsTest {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** A decoded message: its headers and payload, with both CRCs checked. */
    record Message(Map<String, String> headers, byte[] payload) {
    }

    static Message read(ByteBuffer b) {
        int start = b.position();
        int total = b.getInt();
        int headersLength = b.getInt();
        int preludeCrc = b.getInt();
        assertThat(preludeCrc).isEqualTo(crc(b.array(), start, 8));
        Map<String, String> headers = new LinkedHashMap<>();
        int headersEnd = b.position() + headersLength;
        while (b.position() < headersEnd) {
            byte[] name = new byte[b.get()];
            b.get(name);
            assertThat(b.get()).isEqualTo((byte) 7);
            byte[] value = new byte[b.getShort() & 0xffff];
            b.get(value);
            headers.put(new String(name, StandardCharsets.UTF_8), new String(value, StandardCharsets.UTF_8));
        }
        byte[] payload = new byte[total - 12 - headersLength - 4];
        b.get(payload);
        assertThat(b.getInt()).isEqualTo(crc(b.array(), start, total - 4));
        return new Message(headers, payload);
    }

    static int crc(byte[] data, int offset, int length) {
        CRC32 c = new CRC32();
        c.update(data, offset, length);
        return (int) c.getValue();
    }

    @Test
    void lambdaResponseStreamEventsAreFramedWithPreludeHeadersAndCrcs() {
        var stream = ServiceModel.load("lambda").shape("InvokeWithResponseStreamResponseEvent");
        var events = F.arrayNode();
        events.addObject().putObject("PayloadChunk").set("Payload", BinaryNode.valueOf("hello".getBytes()));
        events.addObject().putObject("InvokeComplete").put("LogResult", "bG9n");
        ByteBuffer b = ByteBuffer.wrap(EventStreams.write(stream, events));

        Message chunk = read(b);
        assertThat(chunk.headers()).containsEntry(":event-type", "PayloadChunk")
                .containsEntry(":message-type", "event").containsEntry(":content-type", "application/octet-stream");
        assertThat(new String(chunk.payload(), StandardCharsets.UTF_8)).isEqualTo("hello");
        Message complete = read(b);
        assertThat(complete.headers()).containsEntry(":event-type", "InvokeComplete")
                .containsEntry(":content-type", "application/json");
        assertThat(new String(complete.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"LogResult\":\"bG9n\"}");
        assertThat(b.hasRemaining()).isFalse();
    }

    @Test
    void streamedEventsAreFramedOneAtATimeAsTheyArrive() throws Exception {
        var stream = ServiceModel.load("lambda").shape("InvokeWithResponseStreamResponseEvent");
        BlockingQueue<JsonNode> queue =
                new LinkedBlockingQueue<>();
        AtomicBoolean closed = new AtomicBoolean();
        JsonNode end = F.nullNode();
        StreamedEvents events = new StreamedEvents() {
            @Override
            public JsonNode next() throws InterruptedException {
                var e = queue.take();
                return e == end ? null : e;
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };
        var first = F.objectNode();
        first.putObject("PayloadChunk").set("Payload", BinaryNode.valueOf("one".getBytes()));
        queue.add(first);
        try (var in = EventStreams.open(stream, events)) {
            byte[] buffer = new byte[64 * 1024];
            // The first event is readable whole while the second does not exist yet.
            int n = in.read(buffer);
            assertThat(in.available()).isZero();
            Message one = read(ByteBuffer.wrap(Arrays.copyOf(buffer, n)));
            assertThat(new String(one.payload(), StandardCharsets.UTF_8)).isEqualTo("one");

            var second = F.objectNode();
            second.putObject("InvokeComplete");
            queue.add(second);
            queue.add(end);
            ByteBuffer rest = ByteBuffer.wrap(in.readAllBytes());
            assertThat(read(rest).headers()).containsEntry(":event-type", "InvokeComplete");
            assertThat(rest.hasRemaining()).isFalse();
        }
        assertThat(closed).isTrue();
    }
}
