package dev.stratus.lambda.runtime;

import java.nio.charset.StandardCharsets;

/**
 * What a runtime posted for an invocation or for its init: a response, or an error with the
 * {@code Lambda-Runtime-Function-Error-Type} header and the error document.
 *
 * @param errorType null for a successful response
 */
public record RuntimeReply(String errorType, byte[] body) {

    public static RuntimeReply success(byte[] body) {
        return new RuntimeReply(null, body);
    }

    public static RuntimeReply error(String errorType, byte[] body) {
        return new RuntimeReply(errorType, body);
    }

    /** An error produced by the platform itself (timeout, crash), shaped as Lambda renders one. */
    public static RuntimeReply platformError(String errorType, String message) {
        String json = "{\"errorType\":\"" + Json.escape(errorType) + "\",\"errorMessage\":\"" + Json.escape(message)
                + "\"}";
        return new RuntimeReply(errorType, json.getBytes(StandardCharsets.UTF_8));
    }

    public boolean failed() {
        return errorType != null;
    }
}
