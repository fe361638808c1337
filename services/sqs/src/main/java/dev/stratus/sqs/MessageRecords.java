package dev.stratus.sqs;

import dev.stratus.platform.state.DocumentStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a message is stored: a version byte, then its fields in a fixed order (strings and blobs length-prefixed, -1
 * for null). Every send writes one, so it is cheap to write and small (the JSON it replaced cost a sixth of a send's
 * CPU and twice the bytes). A receive or visibility change writes only a {@link #encodeDelivery delivery record}
 * (receive count, visibility, receipt token) beside it, which overrides the state in the message record. Records of
 * earlier versions still read: JSON, and version 1 (without the body's MD5, computed when read).
 */
final class MessageRecords {
    private static final byte VERSION_1 = 1;
    /** Version 2 adds the body's MD5 after the body. */
    private static final byte VERSION = 2;
    private static final byte DELIVERY_VERSION = 1;
    private static final int NULL = -1;

    private MessageRecords() {
    }

    static byte[] encode(SqsMessage m) {
        byte[][] strings = {
            utf8(m.messageId()), utf8(m.body()), utf8(m.bodyMd5()), utf8(m.traceHeader()), utf8(m.senderId()),
            utf8(m.receiptToken()),
            utf8(m.groupId()), utf8(m.deduplicationId()), utf8(m.sequenceNumber()), utf8(m.deadLetterSourceArn())};
        Map<String, MessageAttribute> attributes = m.attributes() == null ? Map.of() : m.attributes();
        byte[][] attrs = new byte[attributes.size() * 3][];
        int i = 0;
        for (Map.Entry<String, MessageAttribute> e : attributes.entrySet()) {
            MessageAttribute a = e.getValue();
            attrs[i++] = utf8(e.getKey());
            attrs[i++] = utf8(a.dataType());
            attrs[i++] = a.binaryValue() != null ? a.binaryValue() : utf8(a.stringValue());
        }
        int size = 1 + 8 * 4 + 4 + 4;
        for (byte[] s : strings) {
            size += 4 + (s == null ? 0 : s.length);
        }
        for (byte[] s : attrs) {
            size += 4 + (s == null ? 0 : s.length);
        }
        size += attributes.size();
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(VERSION).putLong(m.seq()).putLong(m.sentAt()).putLong(m.visibleAt()).putLong(m.firstReceiveAt())
                .putInt(m.receiveCount());
        for (byte[] s : strings) {
            bytes(out, s);
        }
        out.putInt(attributes.size());
        i = 0;
        for (MessageAttribute a : attributes.values()) {
            bytes(out, attrs[i++]);
            bytes(out, attrs[i++]);
            out.put((byte) (a.binaryValue() != null ? 1 : 0));
            bytes(out, attrs[i++]);
        }
        return out.array();
    }

    static SqsMessage decode(byte[] bytes) {
        if (bytes.length > 0 && bytes[0] == '{') {
            return fromJson(bytes);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        byte version = in.get();
        if (version != VERSION && version != VERSION_1) {
            throw new IllegalStateException("unknown SQS message record version " + bytes[0]);
        }
        long seq = in.getLong();
        long sentAt = in.getLong();
        long visibleAt = in.getLong();
        long firstReceiveAt = in.getLong();
        int receiveCount = in.getInt();
        String messageId = string(in);
        String body = string(in);
        String bodyMd5 = version == VERSION_1 ? MessageDigests.md5Hex(body) : string(in);
        String traceHeader = string(in);
        String senderId = string(in);
        String receiptToken = string(in);
        String groupId = string(in);
        String deduplicationId = string(in);
        String sequenceNumber = string(in);
        String deadLetterSourceArn = string(in);
        int count = in.getInt();
        Map<String, MessageAttribute> attributes = count == 0 ? Map.of() : new TreeMap<>();
        for (int i = 0; i < count; i++) {
            String name = string(in);
            String dataType = string(in);
            boolean binary = in.get() == 1;
            byte[] value = bytes(in);
            attributes.put(name, binary ? new MessageAttribute(dataType, null, value)
                    : new MessageAttribute(dataType, value == null ? null : new String(value, StandardCharsets.UTF_8),
                    null));
        }
        return new SqsMessage(seq, messageId, body, bodyMd5, attributes, traceHeader, senderId, sentAt, visibleAt,
                receiveCount,
                firstReceiveAt, receiptToken, groupId, deduplicationId, sequenceNumber, deadLetterSourceArn);
    }

    /** A message's delivery state alone: version, visibleAt, firstReceiveAt, receiveCount, receipt token. */
    static byte[] encodeDelivery(SqsMessage m) {
        byte[] token = utf8(m.receiptToken());
        ByteBuffer out = ByteBuffer.allocate(1 + 8 + 8 + 4 + 4 + (token == null ? 0 : token.length));
        out.put(DELIVERY_VERSION).putLong(m.visibleAt()).putLong(m.firstReceiveAt()).putInt(m.receiveCount());
        bytes(out, token);
        return out.array();
    }

    /** The message with the delivery state of a delivery record (which is newer than the message record's). */
    static SqsMessage withDelivery(SqsMessage m, byte[] delivery) {
        ByteBuffer in = ByteBuffer.wrap(delivery);
        if (in.get() != DELIVERY_VERSION) {
            throw new IllegalStateException("unknown SQS delivery record version " + delivery[0]);
        }
        long visibleAt = in.getLong();
        long firstReceiveAt = in.getLong();
        int receiveCount = in.getInt();
        return m.withDelivery(visibleAt, receiveCount, firstReceiveAt, string(in));
    }

    /** The flat JSON shape earlier versions stored a message in. */
    record JsonRecord(long seq, String messageId, String body, Map<String, MessageAttribute> attributes,
                              String traceHeader, String senderId, long sentAt, long visibleAt, int receiveCount,
                              long firstReceiveAt, String receiptToken, String groupId, String deduplicationId,
                              String sequenceNumber, String deadLetterSourceArn) {
    }

    private static SqsMessage fromJson(byte[] bytes) {
        JsonRecord j;
        try {
            j = DocumentStore.MAPPER.readValue(bytes, JsonRecord.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SqsMessage(j.seq(), j.messageId(), j.body(), MessageDigests.md5Hex(j.body()), j.attributes(),
                j.traceHeader(), j.senderId(), j.sentAt(), j.visibleAt(), j.receiveCount(), j.firstReceiveAt(),
                j.receiptToken(), j.groupId(), j.deduplicationId(), j.sequenceNumber(), j.deadLetterSourceArn());
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static void bytes(ByteBuffer out, byte[] b) {
        if (b == null) {
            out.putInt(NULL);
        } else {
            out.putInt(b.length).put(b);
        }
    }

    private static byte[] bytes(ByteBuffer in) {
        int n = in.getInt();
        if (n == NULL) {
            return null;
        }
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }

    private static String string(ByteBuffer in) {
        int n = in.getInt();
        if (n == NULL) {
            return null;
        }
        String s = new String(in.array(), in.position(), n, StandardCharsets.UTF_8);
        in.position(in.position() + n);
        return s;
    }
}
