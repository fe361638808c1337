package dev.stratus.protocol.codec;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes a canonical tree straight to a streaming generator. Databind's tree serialization consults its feature
 * configuration at every node, which showed up as the top frame of a GetItem profile.
 */
public final class JsonTreeWriter {
    /** BigDecimals (timestamps) print without exponents, as AWS prints them. */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

    private JsonTreeWriter() {
    }

    /**
     * The tree as UTF-8 bytes. The builder's first block comes from Jackson's buffer recycler (as in
     * {@code ObjectMapper.writeValueAsBytes}), so a response allocates its final array and not also a buffer
     * grown in steps from 512 bytes.
     */
    static byte[] toBytes(JsonNode node) {
        BufferRecycler recycler = FACTORY._getBufferRecycler();
        ByteArrayBuilder out = new ByteArrayBuilder(recycler);
        try {
            try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
                write(node, g);
            }
            return out.getClearAndRelease();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            out.release();
            recycler.releaseToPool();
        }
    }

    /** Writes {@code n} to {@code g} node by node (binary as Base64 text, as awsJson has it). */
    public static void write(JsonNode n, JsonGenerator g) throws IOException {
        switch (n.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    g.writeFieldName(e.getKey());
                    write(e.getValue(), g);
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode item : n) {
                    write(item, g);
                }
                g.writeEndArray();
            }
            case STRING -> g.writeString(n.textValue());
            case NUMBER -> {
                switch (n.numberType()) {
                    case INT -> g.writeNumber(n.intValue());
                    case LONG -> g.writeNumber(n.longValue());
                    case BIG_INTEGER -> g.writeNumber(n.bigIntegerValue());
                    case FLOAT -> g.writeNumber(n.floatValue());
                    case DOUBLE -> g.writeNumber(n.doubleValue());
                    default -> g.writeNumber(n.decimalValue());
                }
            }
            case BOOLEAN -> g.writeBoolean(n.booleanValue());
            case BINARY -> g.writeString(Base64.getEncoder().encodeToString(n.binaryValue()));
            case NULL, MISSING -> g.writeNull();
            case POJO -> g.writeString(n.asText());
        }
    }
}
