package dev.stratus.protocol.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.HttpResponse;
import dev.stratus.protocol.model.OperationModel;
import dev.stratus.protocol.model.ServiceModel;

/**
 * One wire protocol, driven by the service model: finds the operation a request names, decodes its input into
 * the canonical tree, and renders outputs and errors as the protocol does.
 *
 * <p>The canonical tree is a Jackson tree shaped like awsJson: structures and maps are objects, lists arrays,
 * timestamps numbers of epoch seconds ({@link Timestamps}), blobs {@code BinaryNode}s.
 */
public interface ProtocolCodec {

    /** The operation this request calls; throws the protocol's unknown-operation error. */
    OperationModel resolve(ServiceModel model, HttpRequest request);

    /** The operation's input as a canonical tree; throws on a body or value the wire cannot carry. */
    ObjectNode decode(OperationModel operation, HttpRequest request);

    /** Renders a successful output (null means an empty output). */
    HttpResponse encode(OperationModel operation, JsonNode output, String requestId);

    /** Renders an error; {@code operation} may be null when the request never resolved. */
    HttpResponse encodeError(ServiceModel model, OperationModel operation, AwsException error, String requestId);

    /**
     * Whether this request names an operation of {@code model}: lets a router choose among services that share a
     * signing name and endpoint (API Gateway v1 and v2 both sign as {@code apigateway}).
     */
    default boolean claims(ServiceModel model, HttpRequest request) {
        try {
            resolve(model, request);
            return true;
        } catch (AwsException e) {
            return false;
        }
    }

    /** The status of an error: its own, else the model's, else 400 (500 for server faults). */
    static int statusOf(ServiceModel model, AwsException e) {
        if (e.status() > 0) {
            return e.status();
        }
        var shape = model == null ? null : model.errorShape(e.code());
        if (shape != null && shape.errorStatus() > 0) {
            return shape.errorStatus();
        }
        return e.senderFault() ? 400 : 500;
    }

    /**
     * The query protocol's code: the model's error.code for a shape named {@code code} (IAM's
     * {@code NoSuchEntityException} answers {@code NoSuchEntity}), else {@code code} itself.
     */
    static String wireCode(ServiceModel model, AwsException e) {
        var shape = model == null ? null : model.errorShape(e.code());
        return shape != null ? shape.errorCode() : e.code();
    }

    /**
     * The JSON and REST protocols' code: the error shape's name, whichever of name or query code the service threw
     * (SQS's {@code QueueDoesNotExist}, never {@code AWS.SimpleQueueService.NonExistentQueue}); else {@code code}.
     */
    static String shapeCode(ServiceModel model, AwsException e) {
        var shape = model == null ? null : model.errorShape(e.code());
        return shape != null ? shape.name() : e.code();
    }
}
