package dev.stratus.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The invocation record Lambda sends to OnSuccess and OnFailure destinations (format version 1.0). */
final class InvocationRecords {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** Why an event left the queue, as {@code requestContext.condition} names it. */
    enum Condition { Success, RetriesExhausted, EventAgeExceeded }

    private InvocationRecords() {
    }

    /**
     * The record for an event; {@code executedVersion}, {@code functionError} and {@code response} describe the last
     * attempt (all null when the function never ran, and then the record has no response part).
     */
    static ObjectNode record(AsyncEvent e, Condition condition, int invokeCount, Instant at, String executedVersion,
                             String functionError, byte[] response) {
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.put("version", "1.0");
        r.put("timestamp", TIMESTAMP.format(at));
        ObjectNode request = r.putObject("requestContext");
        request.put("requestId", e.requestId());
        request.put("functionArn", e.qualifiedArn());
        request.put("condition", condition.name());
        request.put("approximateInvokeCount", invokeCount);
        r.set("requestPayload", json(e.payload()));
        if (executedVersion != null) {
            ObjectNode response0 = r.putObject("responseContext");
            response0.put("statusCode", 200);
            response0.put("executedVersion", executedVersion);
            if (functionError != null) {
                response0.put("functionError", functionError);
            }
            r.set("responsePayload", json(response));
        }
        return r;
    }

    /** A payload as JSON when it is JSON, else as a string. */
    static JsonNode json(byte[] payload) {
        if (payload == null || payload.length == 0) {
            return JsonNodeFactory.instance.nullNode();
        }
        try {
            JsonNode n = JSON.readTree(payload);
            return n == null ? JsonNodeFactory.instance.nullNode() : n;
        } catch (IOException notJson) {
            return JsonNodeFactory.instance.textNode(new String(payload, StandardCharsets.UTF_8));
        }
    }

    /** The {@code errorMessage} of an error document, for a dead letter's ErrorMessage attribute. */
    static String errorMessage(byte[] response) {
        JsonNode n = json(response);
        return n.path("errorMessage").asText(n.isTextual() ? n.asText() : "");
    }
}
