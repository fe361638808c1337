package dev.stratus.dynamodb.value;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.codec.JsonTreeWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * The JSON of items and stream records kept in storage, read and written with the streaming parser and generator:
 * databind's readTree and tree serialisation build a deserialization context per call and consult their feature
 * configuration at every node, which made up much of the CPU and garbage of a GetItem or PutItem.
 */
public final class StoredJson {
    /** Attribute names may be up to 65535 bytes, above Jackson's default cap on member names (50000). */
    private static final StreamReadConstraints READ_LIMITS = StreamReadConstraints.builder().maxNameLength(1 << 20).build();
    /** BigDecimals print without exponents, as the protocol codec prints them. */
    private static final JsonFactory FACTORY = JsonFactory.builder().streamReadConstraints(READ_LIMITS)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private StoredJson() {
    }

    /** A mapper that reads back any stored item (for readers that map records rather than trees). */
    public static ObjectMapper newMapper() {
        ObjectMapper mapper = new ObjectMapper();
        mapper.getFactory().setStreamReadConstraints(READ_LIMITS);
        return mapper;
    }

    /** Parses stored JSON into a tree, as databind's readTree does (last duplicate member wins); null if empty. */
    public static JsonNode read(byte[] bytes) {
        try (JsonParser p = FACTORY.createParser(bytes)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return null;
            }
            return value(p, t);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode value(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT -> {
                ObjectNode o = NODES.objectNode();
                for (JsonToken n = p.nextToken(); n != JsonToken.END_OBJECT; n = p.nextToken()) {
                    String name = p.currentName();
                    o.set(name, value(p, p.nextToken()));
                }
                return o;
            }
            case START_ARRAY -> {
                ArrayNode a = NODES.arrayNode();
                for (JsonToken n = p.nextToken(); n != JsonToken.END_ARRAY; n = p.nextToken()) {
                    a.add(value(p, n));
                }
                return a;
            }
            case VALUE_STRING -> {
                return NODES.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return switch (p.getNumberType()) {
                    case INT -> NODES.numberNode(p.getIntValue());
                    case LONG -> NODES.numberNode(p.getLongValue());
                    default -> NODES.numberNode(p.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return NODES.numberNode(p.getDoubleValue());
            }
            case VALUE_TRUE -> {
                return NODES.booleanNode(true);
            }
            case VALUE_FALSE -> {
                return NODES.booleanNode(false);
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> throw new IOException("unexpected token in stored JSON: " + t);
        }
    }

    /** Serialises a tree (as the protocol codec writes it: binaries as base64 text), into an array of exact size. */
    public static byte[] write(JsonNode node) {
        ExactOutput out = new ExactOutput();
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            JsonTreeWriter.write(node, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toBytes();
    }

    /**
     * Collects the generator's output: it buffers up to 8000 bytes and hands them over in one call when closed, so an
     * item of that size is copied once into an array of its exact length (no growing builder, no final copy).
     */
    private static final class ExactOutput extends OutputStream {
        private byte[] buffer;
        private int length;

        @Override
        public void write(int b) {
            ensure(1);
            buffer[length++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (buffer == null) {
                buffer = Arrays.copyOfRange(b, off, off + len);
                length = len;
                return;
            }
            ensure(len);
            System.arraycopy(b, off, buffer, length, len);
            length += len;
        }

        private void ensure(int extra) {
            if (buffer == null) {
                buffer = new byte[Math.max(extra, 256)];
            } else if (length + extra > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + extra));
            }
        }

        byte[] toBytes() {
            if (buffer == null) {
                return new byte[0];
            }
            return length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
        }
    }
}
