package dev.stratus.lambda.esm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.stratus.platform.OperationRegistry;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.state.DocumentStore;
import java.io.IOException;

/** Invokes a mapping's function synchronously through Lambda's own Invoke, as the event source poller does on AWS. */
final class FunctionInvoker {
    private final OperationRegistry registry;

    /**
     * What the function did with a batch: whether it failed, and what it returned (null when nothing, or when
     * {@code unreadable} because it was not JSON).
     */
    record Outcome(boolean failed, JsonNode response, boolean unreadable) {
    }

    FunctionInvoker(OperationRegistry registry) {
        this.registry = registry;
    }

    /** Throws AwsException when Lambda refuses the call (throttled, function gone). */
    Outcome invoke(EventSourceMapping m, JsonNode event) {
        byte[] payload;
        try {
            payload = DocumentStore.MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        var in = JsonNodeFactory.instance.objectNode()
                .put("FunctionName", m.functionArn())
                .put("InvocationType", "RequestResponse");
        in.set("Payload", BinaryNode.valueOf(payload));
        JsonNode out = registry.call("lambda", "Invoke", RequestContext.internal(m.accountId(), m.region()), in);
        boolean failed = out.hasNonNull("FunctionError");
        try {
            byte[] body = out.path("Payload").binaryValue();
            JsonNode response = body == null || body.length == 0 ? null : DocumentStore.MAPPER.readTree(body);
            return new Outcome(failed, response, false);
        } catch (IOException e) {
            return new Outcome(failed, null, true);
        }
    }
}
