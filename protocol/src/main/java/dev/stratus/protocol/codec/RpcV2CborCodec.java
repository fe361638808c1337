package dev.stratus.protocol.codec;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.HttpResponse;
import dev.stratus.protocol.model.Member;
import dev.stratus.protocol.model.OperationModel;
import dev.stratus.protocol.model.ServiceModel;
import dev.stratus.protocol.model.Shape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * Smithy RPC v2 CBOR: {@code POST /service/{ServiceName}/operation/{Operation}} with {@code smithy-protocol:
 * rpc-v2-cbor}, CBOR bodies shaped like awsJson's (member names, byte strings for blobs, tag 1 epoch seconds for
 * timestamps). Current SDKs and the CLI speak it to CloudWatch.
 */
public final class RpcV2CborCodec implements ProtocolCodec {
    /** The header that marks (and must answer) an rpcv2Cbor request. */
    public static final String PROTOCOL_HEADER = "smithy-protocol";
    public static final String PROTOCOL = "rpc-v2-cbor";
    private static final int EPOCH_SECONDS_TAG = 1;
    private static final CBORMapper MAPPER = newMapper();

    private static CBORMapper newMapper() {
        CBORFactory factory = CBORFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(JsonValues.MAX_DEPTH * 2).maxNumberLength(1000).build()).build();
        return new CBORMapper(factory);
    }

    /** Whether the request says it speaks this protocol. */
    public static boolean isCbor(HttpRequest request) {
        return PROTOCOL.equals(request.header(PROTOCOL_HEADER));
    }

    @Override
    public OperationModel resolve(ServiceModel model, HttpRequest request) {
        String path = request.path();
        int at = path.lastIndexOf("/operation/");
        if (!path.startsWith("/service/") || at < 0) {
            throw new AwsException("UnknownOperationException", null, 404);
        }
        OperationModel op = model.operation(path.substring(at + "/operation/".length()));
        if (op == null) {
            throw new AwsException("UnknownOperationException", null, 404);
        }
        return op;
    }

    @Override
    public ObjectNode decode(OperationModel operation, HttpRequest request) {
        JsonNode body = parse(request.body());
        if (operation.input() == null) {
            return MAPPER.createObjectNode();
        }
        return JsonValues.readStructure(operation.input(), body);
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return MAPPER.createObjectNode();
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (IOException | RuntimeException e) {
            throw AwsException.serialization("Malformed CBOR body");
        }
        if (node == null || node.isMissingNode() || node.isNull()) {
            return MAPPER.createObjectNode();
        }
        if (!node.isObject()) {
            throw AwsException.serialization("Expected a CBOR map as the request body");
        }
        return node;
    }

    @Override
    public HttpResponse encode(OperationModel operation, JsonNode output, String requestId) {
        byte[] body = write(g -> {
            if (operation.output() == null || output == null || output.isNull()) {
                g.writeStartObject();
                g.writeEndObject();
            } else {
                structure(g, operation.output(), output, 0);
            }
        });
        return cbor(HttpResponse.of(200, "application/cbor", body));
    }

    @Override
    public HttpResponse encodeError(ServiceModel model, OperationModel operation, AwsException error, String requestId) {
        String code = ProtocolCodec.shapeCode(model, error);
        byte[] body = write(g -> {
            g.writeStartObject();
            g.writeStringField("__type", code);
            if (error.getMessage() != null) {
                g.writeStringField("message", error.getMessage());
            }
            for (Map.Entry<String, Object> f : error.fields().entrySet()) {
                g.writeFieldName(f.getKey());
                g.writeTree(f.getValue() instanceof JsonNode n ? n : MAPPER.valueToTree(f.getValue()));
            }
            g.writeEndObject();
        });
        int status = ProtocolCodec.statusOf(model, error);
        HttpResponse response = cbor(HttpResponse.of(status, "application/cbor", body));
        if (model != null && model.awsQueryCompatible()) {
            // SDKs of query-compatible services (CloudWatch) read the former query code from this header.
            response.header("x-amzn-query-error", ProtocolCodec.wireCode(model, error) + ";"
                    + (error.senderFault() && status < 500 ? "Sender" : "Receiver"));
        }
        return response;
    }

    private static HttpResponse cbor(HttpResponse response) {
        return response.header(PROTOCOL_HEADER, PROTOCOL);
    }

    private interface Writing {
        void to(CBORGenerator g) throws IOException;
    }

    private static byte[] write(Writing writing) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (CBORGenerator g = (CBORGenerator) MAPPER.getFactory().createGenerator(out)) {
            writing.to(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void structure(CBORGenerator g, Shape shape, JsonNode v, int depth) throws IOException {
        g.writeStartObject();
        for (Member m : shape.members().values()) {
            JsonNode child = v.get(m.name());
            if (child != null && !child.isNull() && m.location() == null) {
                g.writeFieldName(m.name());
                value(g, m.shape(), child, depth + 1);
            }
        }
        g.writeEndObject();
    }

    /** Writes one value as its shape says: timestamps tagged, blobs as byte strings, floats as doubles. */
    private static void value(CBORGenerator g, Shape shape, JsonNode v, int depth) throws IOException {
        if (depth > JsonValues.MAX_DEPTH * 2 || shape.document()) {
            g.writeTree(v);
            return;
        }
        switch (shape.type()) {
            case "structure", "union" -> {
                if (v.isObject()) {
                    structure(g, shape, v, depth);
                } else {
                    g.writeTree(v);
                }
            }
            case "list" -> {
                g.writeStartArray();
                for (JsonNode item : v) {
                    if (item == null || item.isNull()) {
                        g.writeNull();
                    } else {
                        value(g, shape.listMember().shape(), item, depth + 1);
                    }
                }
                g.writeEndArray();
            }
            case "map" -> {
                g.writeStartObject();
                for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    g.writeFieldName(e.getKey());
                    if (e.getValue() == null || e.getValue().isNull()) {
                        g.writeNull();
                    } else {
                        value(g, shape.mapValue().shape(), e.getValue(), depth + 1);
                    }
                }
                g.writeEndObject();
            }
            case "timestamp" -> {
                g.writeTag(EPOCH_SECONDS_TAG);
                if (v.isIntegralNumber()) {
                    g.writeNumber(v.longValue());
                } else {
                    g.writeNumber(v.doubleValue());
                }
            }
            case "blob" -> g.writeBinary(v.isBinary() ? v.binaryValue() : v.asText().getBytes(
                    java.nio.charset.StandardCharsets.UTF_8));
            case "double", "float" -> g.writeNumber(v.doubleValue());
            case "integer", "long", "short", "byte" -> g.writeNumber(v.longValue());
            default -> g.writeTree(v);
        }
    }
}
