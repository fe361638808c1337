package dev.stratus.sts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.stratus.platform.OperationRegistry;
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.AwsException;

/**
 * Finds the role an AssumeRole call names by asking IAM in-process (GetRole in the role's account), and answers
 * as STS does when there is no such role: AccessDenied, because to the caller a missing role and a forbidden one
 * look the same.
 */
final class RoleLookup {
    /** The role, as far as STS needs it. */
    record Role(String account, String name, String id, int maxSessionDuration) {
    }

    private final OperationRegistry registry;

    RoleLookup(OperationRegistry registry) {
        this.registry = registry;
    }

    Role find(RequestContext ctx, String roleArn, String action) {
        String[] parts = roleArn.split(":", 6);
        if (parts.length != 6 || !parts[0].equals("arn") || !parts[2].equals("iam")
                || !parts[5].startsWith("role/") || parts[5].endsWith("/")) {
            throw new AwsException("ValidationError", roleArn + " is invalid", 400);
        }
        String account = parts[4];
        String name = parts[5].substring(parts[5].lastIndexOf('/') + 1);
        if (registry.service("iam") == null) {
            // no IAM in this process: trust the ARN
            return new Role(account, name, "AROA" + account, 3600);
        }
        RequestContext inAccount = new RequestContext(ctx.requestId(), account, ctx.region(), null,
                "arn:aws:iam::" + account + ":root", ctx.receivedAt());
        JsonNode role;
        try {
            var getRole = JsonNodeFactory.instance.objectNode().put("RoleName", name);
            role = registry.call("iam", "GetRole", inAccount, getRole).path("Role");
        } catch (AwsException e) {
            if (!e.code().equals("NoSuchEntity") && !e.code().equals("ValidationError")) {
                throw e;
            }
            throw denied(ctx, roleArn, action);
        }
        if (!role.path("Arn").asText().equals(roleArn)) {
            // same name under another path is another resource
            throw denied(ctx, roleArn, action);
        }
        return new Role(account, role.path("RoleName").asText(), role.path("RoleId").asText(),
                role.path("MaxSessionDuration").asInt(3600));
    }

    private static AwsException denied(RequestContext ctx, String roleArn, String action) {
        if (action.equals("AssumeRoleWithWebIdentity")) {
            // an unsigned call has no caller to name
            return new AwsException("AccessDenied", "Not authorized to perform sts:" + action, 403);
        }
        return new AwsException("AccessDenied", "User: " + ctx.principalArn() + " is not authorized to perform: sts:"
                + action + " on resource: " + roleArn, 403);
    }
}
