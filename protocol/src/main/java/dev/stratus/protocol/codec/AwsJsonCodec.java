package dev.stratus.protocol.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
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

    static ObjectMapper newMapper() {
        ObjectMapper m = new ObjectMapper();
        m.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(JsonValues.MAX_DEPTH * 2).maxNumberLength(1000).build());
        return m;
    }

    @Override
    public OperationModel resolve(ServiceModel model, HttpRequest request) {
        String target = request.header("X-Amz-Target");
        if (target == null) {
            throw new AwsException("UnknownOperationException", "Missing X-Amz-Target header", 400);
        }
        int dot = target.lastIndexOf('.');
        String prefix = dot < 0 ? "" : target.substring(0, dot);
        OperationModel op = model.operation(target.substring(dot + 1));
        if (op == null || !prefix.equals(model.targetPrefix())) {
            throw new AwsException("UnknownOperationException", null, 400);
        }
        return op;
    }

    @Override
    public ObjectNode decode(OperationModel operation, HttpRequest request) {
        JsonNode body = parseBody(request.body());
        if (operation.input() == null) {
            return MAPPER.createObjectNode();
        }
        return JsonValues.readStructure(operation.input(), body);
    }

    static JsonNode parseBody(byte[] body) {
        if (body.length == 0) {
            return MAPPER.createObjectNode();
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw AwsException.serialization("Malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
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
        byte[] body = write(output == null ? MAPPER.createObjectNode() : output);
        return HttpResponse.of(200, contentType(operation.service()), body);
    }

    @Override
    public HttpResponse encodeError(ServiceModel model, OperationModel operation, AwsException error, String requestId) {
        ObjectNode body = MAPPER.createObjectNode();
        String code = ProtocolCodec.wireCode(model, error);
        body.put("__type", code);
        if (error.getMessage() != null) {
            body.put("message", error.getMessage());
        }
        for (Map.Entry<String, Object> f : error.fields().entrySet()) {
            body.set(f.getKey(), MAPPER.valueToTree(f.getValue()));
        }
        return HttpResponse.of(ProtocolCodec.statusOf(model, error), contentType(model), write(body))
                .header("x-amzn-ErrorType", code);
    }

    private static String contentType(ServiceModel model) {
        return "application/x-amz-json-" + (model == null ? "1.0" : model.jsonVersion());
    }

    static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
