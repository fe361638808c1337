package dev.stratus.platform;

import dev.stratus.protocol.HttpResponse;
import dev.stratus.protocol.model.ServiceModel;
import java.util.Map;

/** An AWS service: its model and one {@link Operation} per operation it implements. */
public interface Service extends AutoCloseable {

    /** The model directory name and health key, e.g. {@code logs}. */
    String name();

    ServiceModel model();

    /** Implemented operations by their model name. Operations absent here answer "not implemented". */
    Map<String, Operation> operations();

    /** The error code this service uses for constraint violations (ValidationException, ValidationError, ...). */
    default String validationErrorCode() {
        return "ValidationException";
    }

    /**
     * A non-AWS resource the service serves under {@code /_stratus/<name>/} (SNS's signing certificate), or null
     * when it has none at {@code path} (the whole request path).
     */
    default HttpResponse resource(String method, String path) {
        return null;
    }

    /** Told once the edge is listening, with the URL clients (and functions) reach Stratus at. */
    default void edgeStarted(String endpoint) {
    }

    /** Extra facts for {@code /_stratus/health} (e.g. Lambda's execution driver); empty by default. */
    default Map<String, Object> healthDetails() {
        return Map.of();
    }

    /** The largest request body the edge buffers in memory for this service (streamed bodies are not counted). */
    default long maxRequestBytes() {
        return dev.stratus.platform.edge.EdgeHandler.MAX_BODY_BYTES;
    }

    /** The error for a buffered body over {@link #maxRequestBytes()}, in the service's own words. */
    default dev.stratus.protocol.AwsException requestTooLarge(long limit) {
        return new dev.stratus.protocol.AwsException("RequestEntityTooLarge",
                "Request body exceeds the limit of " + limit + " bytes", 413);
    }

    /**
     * Whether the edge hands {@code operation} its body unread, as a {@link dev.stratus.protocol.StreamingBody} in
     * place of its streaming blob payload (S3 PutObject), instead of buffering it; the operation then enforces its
     * own size limit while reading.
     */
    default boolean streamsRequestBody(dev.stratus.protocol.model.OperationModel operation) {
        return false;
    }

    /** Raw HTTP requests this service answers before AWS routing (none by default). */
    default HttpFrontDoor frontDoor() {
        return null;
    }

    /** WebSocket upgrades this service accepts on the edge's port (none by default). */
    default WebSocketDoor webSocketDoor() {
        return null;
    }

    /**
     * Adds what a service sends on every answer beyond the operation's output, from the raw request (S3's CORS
     * headers for a request with an {@code Origin}); called for results and errors alike. Returns {@code response}.
     */
    default HttpResponse finishResponse(dev.stratus.protocol.HttpRequest request, HttpResponse response) {
        return response;
    }

    /** Starts background work (sweepers, workers); called once after every service is registered. */
    default void start() {
    }

    @Override
    default void close() {
    }
}
