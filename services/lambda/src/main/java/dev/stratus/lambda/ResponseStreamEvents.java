package dev.stratus.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.lambda.runtime.EnvironmentPool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The closing events of an InvokeWithResponseStream answer, as the value tree the restJson codec frames. */
final class ResponseStreamEvents {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ResponseStreamEvents() {
    }

    /**
     * The payload left in the reply as one {@code PayloadChunk} (a buffered function streams in one piece; a streamed
     * response's pieces went out before and leave none), then {@code InvokeComplete}; a failed invocation sends no
     * chunk here and puts its {@code errorType} in {@code ErrorCode} and the error document in {@code ErrorDetails}.
     */
    static ArrayNode of(EnvironmentPool.InvokeResult r, boolean tail) {
        ArrayNode events = JsonNodeFactory.instance.arrayNode();
        if (!r.reply().failed() && r.reply().body().length > 0) {
            events.addObject().putObject("PayloadChunk").set("Payload", BinaryNode.valueOf(r.reply().body()));
        }
        ObjectNode complete = events.addObject().putObject("InvokeComplete");
        if (r.reply().failed()) {
            complete.put("ErrorCode", errorType(r.reply().body(), r.reply().errorType()));
            complete.put("ErrorDetails", new String(r.reply().body(), StandardCharsets.UTF_8));
        }
        if (tail) {
            complete.put("LogResult", Base64.getEncoder().encodeToString(r.logTail()));
        }
        return events;
    }

    private static String errorType(byte[] body, String fallback) {
        try {
            JsonNode doc = MAPPER.readTree(body);
            if (doc != null && doc.hasNonNull("errorType")) {
                return doc.get("errorType").asText();
            }
        } catch (IOException e) {
            // not a JSON error document: the runtime's error type header stands
        }
        return fallback;
    }
}
