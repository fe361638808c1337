package dev.stratus.protocol.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.HttpResponse;
import dev.stratus.protocol.model.Member;
import dev.stratus.protocol.model.OperationModel;
import dev.stratus.protocol.model.ServiceModel;
import dev.stratus.protocol.model.Shape;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The restJson1 protocol (Lambda, API Gateway v1 and v2, the API Gateway management API): operations chosen by
 * method and URI, members bound to the URI, query string and headers, JSON bodies.
 *
 * <p>Errors carry the code in {@code x-amzn-ErrorType} and a body {@code {"message": ...}} under the member name
 * the error shape declares ({@code Message} for some Lambda errors), plus Lambda's {@code "Type": "User"}.
 */
public final class RestJsonCodec extends RestCodec {
    /** Lambda's error shapes all carry a Type member; so do its errors that are not in the model. */
    private static final Map<ServiceModel, Boolean> TYPED_ERRORS = new ConcurrentHashMap<>();

    @Override
    AwsException noOperation(ServiceModel model, HttpRequest request, String path, Map<String, List<String>> query) {
        return new AwsException("UnknownOperationException", "No operation of " + model.serviceId() + " matches "
                + request.method() + " " + path, 404);
    }

    @Override
    AwsException malformedValue(ServiceModel model, String parameter, String value, Shape expected) {
        return badRequest(model, "Invalid value '" + value + "' for " + parameter + ": expected "
                + describe(expected.type()));
    }

    @Override
    AwsException malformedBody(ServiceModel model, String detail) {
        return badRequest(model, detail);
    }

    /**
     * The service's error for a request it cannot read: Lambda answers InvalidRequestContentException ("Could not
     * parse request body into json: ..."), API Gateway BadRequestException, others SerializationException.
     */
    static AwsException badRequest(ServiceModel model, String detail) {
        if (model.errorShape("InvalidRequestContentException") != null) {
            return new AwsException("InvalidRequestContentException", "Could not parse request body into json: "
                    + detail, 400);
        }
        if (model.errorShape("BadRequestException") != null) {
            return new AwsException("BadRequestException", detail, 400);
        }
        return AwsException.serialization(detail);
    }

    private static String describe(String type) {
        return switch (type) {
            case "integer", "long" -> "an integer";
            case "boolean" -> "true or false";
            case "timestamp" -> "a date";
            case "blob" -> "base64 data";
            default -> "a " + type;
        };
    }

    @Override
    ObjectNode readBody(ServiceModel model, Shape shape, byte[] body) {
        try {
            return JsonValues.readStructure(shape, AwsJsonCodec.parseBody(body));
        } catch (AwsException e) {
            throw "SerializationException".equals(e.code()) ? badRequest(model, e.getMessage()) : e;
        }
    }

    @Override
    byte[] writeBody(OperationModel operation, Shape output, JsonNode value) {
        return AwsJsonCodec.write(JsonOutput.body(output, value));
    }

    @Override
    byte[] writePayload(OperationModel operation, Member payload, JsonNode value) {
        return AwsJsonCodec.write(JsonOutput.body(payload.shape(), value));
    }

    @Override
    String contentType() {
        return "application/json";
    }

    @Override
    public HttpResponse encodeError(ServiceModel model, OperationModel operation, AwsException error, String requestId) {
        String code = ProtocolCodec.shapeCode(model, error);
        Shape shape = model == null ? null : model.errorShape(code);
        ObjectNode body = AwsJsonCodec.MAPPER.createObjectNode();
        HttpRequest.Headers headers = new HttpRequest.Headers();
        int status = ProtocolCodec.statusOf(model, error);
        if (typedErrors(model, shape) && !error.fields().containsKey("Type")) {
            body.put("Type", error.senderFault() && status < 500 ? "User" : "Service");
        }
        if (error.getMessage() != null) {
            body.put(messageKey(shape), error.getMessage());
        }
        for (Map.Entry<String, Object> f : error.fields().entrySet()) {
            Member m = shape == null ? null : shape.member(f.getKey());
            JsonNode v = f.getValue() instanceof JsonNode n ? n : AwsJsonCodec.MAPPER.valueToTree(f.getValue());
            if (m != null && "header".equals(m.location())) {
                String text = RestBindings.headerText(m, v);
                if (text != null) {
                    headers.set(m.wireName(), text);
                }
            } else {
                body.set(m != null ? m.wireName() : f.getKey(), v);
            }
        }
        headers.set("Content-Type", contentType());
        headers.set("x-amzn-ErrorType", code);
        return new HttpResponse(status, headers, AwsJsonCodec.write(body));
    }

    /** The body key of the message: the error shape's own spelling ("message" or "Message"). */
    private static String messageKey(Shape shape) {
        if (shape != null) {
            for (Member m : shape.members().values()) {
                if (m.name().equalsIgnoreCase("message")) {
                    return m.wireName();
                }
            }
        }
        return "message";
    }

    private static boolean typedErrors(ServiceModel model, Shape shape) {
        if (model == null) {
            return false;
        }
        if (shape != null) {
            return shape.member("Type") != null;
        }
        return TYPED_ERRORS.computeIfAbsent(model, m -> {
            long errors = m.shapes().values().stream().filter(Shape::isException).count();
            return errors > 0 && m.shapes().values().stream()
                    .filter(Shape::isException).allMatch(s -> s.member("Type") != null);
        });
    }
}
