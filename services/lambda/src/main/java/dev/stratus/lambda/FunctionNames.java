package dev.stratus.lambda;

import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.AwsException;

/** Reads the {@code FunctionName} parameter: a name, a partial ARN or a full ARN, with an optional qualifier. */
final class FunctionNames {
    private FunctionNames() {
    }

    /** A function reference: its name and the qualifier (version or alias) if one was given. */
    record Ref(String name, String qualifier) {
    }

    static Ref parse(String functionName, String qualifierParam) {
        String s = functionName;
        if (s.startsWith("arn:")) {
            String[] parts = s.split(":");
            // arn:aws:lambda:region:account:function:name[:qualifier]
            s = String.join(":", java.util.Arrays.copyOfRange(parts, 6, parts.length));
        } else if (s.contains(":function:")) {
            s = s.substring(s.indexOf(":function:") + ":function:".length());
        }
        String qualifier = qualifierParam;
        int colon = s.indexOf(':');
        if (colon >= 0) {
            String q = s.substring(colon + 1);
            s = s.substring(0, colon);
            if (qualifier != null && !qualifier.equals(q)) {
                throw new AwsException("InvalidParameterValueException",
                        "The derived qualifier from the function name does not match the specified qualifier.");
            }
            qualifier = q;
        }
        return new Ref(s, qualifier);
    }

    static AwsException notFound(RequestContext ctx, String name) {
        return new AwsException("ResourceNotFoundException",
                "Function not found: " + ctx.arn("lambda", "function:" + name));
    }
}
