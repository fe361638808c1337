package dev.stratus.lambda;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Renders a function as Lambda's {@code FunctionConfiguration}. */
final class FunctionConfigurations {
    private static final DateTimeFormatter LAST_MODIFIED = DateTimeFormatter
            .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);

    private FunctionConfigurations() {
    }

    static String lastModified(Instant at) {
        return LAST_MODIFIED.format(at);
    }

    /** The configuration; {@code state} and {@code updateStatus} override the stored ones in create/update answers. */
    static ObjectNode render(FunctionRecord f, String state, String updateStatus) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("FunctionName", f.name());
        n.put("FunctionArn", f.versionArn());
        if (f.runtime() != null) {
            n.put("Runtime", f.runtime());
        }
        n.put("Role", f.role());
        if (f.handler() != null) {
            n.put("Handler", f.handler());
        }
        n.put("CodeSize", f.codeSize());
        n.put("Description", f.description() == null ? "" : f.description());
        n.put("Timeout", f.timeout());
        n.put("MemorySize", f.memorySize());
        n.put("LastModified", f.lastModified());
        n.put("CodeSha256", f.codeSha256());
        n.put("Version", f.version());
        if (!f.environment().isEmpty()) {
            ObjectNode vars = n.putObject("Environment").putObject("Variables");
            f.environment().forEach(vars::put);
        }
        if (!f.layers().isEmpty()) {
            var layers = n.putArray("Layers");
            f.layers().forEach(l -> layers.addObject().put("Arn", l.arn()).put("CodeSize", l.codeSize()));
        }
        n.putObject("TracingConfig").put("Mode", f.tracingMode());
        n.put("RevisionId", f.revisionId());
        n.put("State", state);
        if ("Pending".equals(state)) {
            n.put("StateReason", "The function is being created.");
            n.put("StateReasonCode", "Creating");
        }
        n.put("LastUpdateStatus", updateStatus);
        n.put("PackageType", "Zip");
        var arch = n.putArray("Architectures");
        f.architectures().forEach(arch::add);
        n.putObject("EphemeralStorage").put("Size", f.ephemeralStorage());
        n.putObject("SnapStart").put("ApplyOn", "None").put("OptimizationStatus", "Off");
        n.putObject("LoggingConfig").put("LogFormat", "Text").put("LogGroup", "/aws/lambda/" + f.name());
        return n;
    }

    static ObjectNode render(FunctionRecord f) {
        return render(f, "Active", "Successful");
    }
}
