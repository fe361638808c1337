package dev.stratus.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An AWS error: the code, message and HTTP status a service answers with, rendered by each wire protocol.
 *
 * <p>A status of 0 means "take it from the service model" (the error shape's {@code httpStatusCode}),
 * falling back to 400. Extra members (e.g. DynamoDB's {@code CancellationReasons}) travel in {@link #fields()}.
 */
public class AwsException extends RuntimeException {
    private final String code;
    private final int status;
    private final boolean senderFault;
    private final Map<String, Object> fields = new LinkedHashMap<>();

    public AwsException(String code, String message, int status, boolean senderFault) {
        super(message, null, false, false);
        this.code = code;
        this.status = status;
        this.senderFault = senderFault;
    }

    public AwsException(String code, String message, int status) {
        this(code, message, status, status < 500);
    }

    /** An error whose status comes from the service model. */
    public AwsException(String code, String message) {
        this(code, message, 0, true);
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public boolean senderFault() {
        return senderFault;
    }

    /** Extra members serialized next to the message (JSON protocols) or inside the error element (XML). */
    public Map<String, Object> fields() {
        return fields;
    }

    public AwsException with(String field, Object value) {
        fields.put(field, value);
        return this;
    }

    public static AwsException serialization(String message) {
        return new AwsException("SerializationException", message, 400);
    }

    public static AwsException internal(String message) {
        return new AwsException("InternalFailure", message, 500, false);
    }
}
