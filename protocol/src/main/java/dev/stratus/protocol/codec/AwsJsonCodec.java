package dev.stratus.protocol.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.HttpResponse;
import dev.stratus.protocol.model.OperationModel;
import dev.stratus.protocol.model.ServiceModel;
import java.io.IOException;
import java.util.Map;

/** The awsJson1_0 and awsJson1_1 protocols: POST /, operation in X-Amz-Target, JSON bodies. */
public final class AwsJsonCodec implements ProtocolCodec {
    static final ObjectMapper MAPPER = newMapper();
    /** Longest object member name parsed: above AWS's largest name limit (DynamoDB's 65535-byte names). */
    static final int MAX_NAME_CHARS = 1 << 20;

    static ObjectMapper newMapper() {
        ObjectMapper m = new ObjectMapper();
        m.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(JsonValues.MAX_DEPTH * 2).maxNumberLength(1000)
                // Names of object members (DynamoDB attribute names) may be up to 64 KB; a longer one fails the
                // model's length check with AWS's message rather than the parser's.
                .maxNameLength(MAX_NAME_CHARS).build());
        // "{...} trailing" is malformed, as AWS's parsers say; BigDecimals (timestamps) print without exponents.
        m.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        m.enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
        return m;
    }

    @Override
    public OperationModel resolve(ServiceModel model, HttpRequest request) {
        String target = request.header("X-Amz-Target");
        if (target == null) {
            throw new AwsException("UnknownOperationException", "Missing X-Amz-Target header", 400);
        }
        int dot = target.lastIndexOf('.');
        OperationModel op = model.operation(target.substring(dot + 1));
        if (op == null || !prefixIs(target, dot, model.targetPrefix())) {
            throw new AwsException("UnknownOperationException", null, 400);
        }
        return op;
    }

    /** Whether the target's part before its last dot ("" without a dot) is {@code prefix}, without a substring. */
    private static boolean prefixIs(String target, int dot, String prefix) {
        int length = Math.max(dot, 0);
        return prefix != null && prefix.length() == length && target.startsWith(prefix);
    }

    @Override
    public ObjectNode decode(OperationModel operation, HttpRequest request) {
        JsonNode body = parseBody(request.body());
        if (operation.input() == null) {
            return MAPPER.createObjectNode();
        }
        return JsonValues.readStructure(operation.input(), body);
    }

    /** Parses a JSON object body (empty means {}); anything else is a SerializationException. */
    static JsonNode parseBody(byte[] body) {
        if (body.length == 0) {
            return MAPPER.createObjectNode();
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw AwsException.serialization("Malformed JSON: " + e.getOriginalMessage());
        } catch (IOException | RuntimeException e) {
            throw AwsException.serialization("Malformed JSON body");
        }
        if (node == null || node.isMissingNode()) {
            return MAPPER.createObjectNode();
        }
        if (!node.isObject()) {
            throw AwsException.serialization(node.isArray() ? "Start of list found where not expected"
                    : "Expected a JSON object as the request body");
        }
        return node;
    }

    @Override
    public HttpResponse encode(OperationModel operation, JsonNode output, String requestId) {
        JsonNode body = operation.output() == null ? MAPPER.createObjectNode() : JsonOutput.body(operation.output(), output);
        return HttpResponse.of(200, contentType(operation.service()), write(body));
    }

    @Override
    public HttpResponse encodeError(ServiceModel model, OperationModel operation, AwsException error, String requestId) {
        ObjectNode body = MAPPER.createObjectNode();
        String code = ProtocolCodec.shapeCode(model, error);
        body.put("__type", code);
        if (error.getMessage() != null) {
            body.put("message", error.getMessage());
        }
        putFields(body, error);
        int status = ProtocolCodec.statusOf(model, error);
        HttpResponse response = HttpResponse.of(status, contentType(model), write(body)).header("x-amzn-ErrorType", code);
        if (model != null && model.awsQueryCompatible()) {
            // SDKs of query-compatible services (SQS, CloudWatch) read the former query code from this header.
            response.header("x-amzn-query-error", ProtocolCodec.wireCode(model, error) + ";"
                    + (error.senderFault() && status < 500 ? "Sender" : "Receiver"));
        }
        return response;
    }

    /** Adds an error's extra members to a JSON error body. */
    static void putFields(ObjectNode body, AwsException error) {
        for (Map.Entry<String, Object> f : error.fields().entrySet()) {
            body.set(f.getKey(), f.getValue() instanceof JsonNode n ? n : MAPPER.valueToTree(f.getValue()));
        }
    }

    private static String contentType(ServiceModel model) {
        return "application/x-amz-json-" + (model == null ? "1.0" : model.jsonVersion());
    }

    static byte[] write(JsonNode node) {
        return JsonTreeWriter.toBytes(node);
    }
}
