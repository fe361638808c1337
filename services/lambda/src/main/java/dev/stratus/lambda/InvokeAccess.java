package dev.stratus.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.Operation;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.auth.CredentialResolver;
import dev.stratus.platform.iam.AccessRequest;
import dev.stratus.platform.iam.Decision;
import dev.stratus.platform.iam.IdentityPolicies;
import dev.stratus.platform.iam.PolicyEvaluator;
import dev.stratus.protocol.AwsException;
import java.time.Clock;

/**
 * Strict mode's authorization of Invoke and InvokeWithResponseStream, as Lambda evaluates {@code
 * lambda:InvokeFunction}: the caller's identity policies (an account root may do anything in its account) and the
 * function's resource policy for the qualifier invoked. An explicit Deny in either refuses; within the function's
 * account an Allow in either grants; a caller of another account needs an Allow in both, and the invocation then
 * runs in the function's account. Refusals are 403 AccessDeniedException with Lambda's message.
 *
 * <p>In-process calls (API Gateway integrations, event source mappings, S3/SNS notifications, destinations) carry
 * no access key: they act as the root of the account whose resource calls, and are not checked here, since the
 * service principal they stand for ({@code apigateway.amazonaws.com}) is not represented in the request context.
 */
final class InvokeAccess {
    static final String ACTION = "lambda:InvokeFunction";

    private final FunctionOperations functions;
    private final PermissionOperations permissions;
    private final CredentialResolver credentials;
    private final Clock clock;

    InvokeAccess(FunctionOperations functions, PermissionOperations permissions, CredentialResolver credentials,
                 Clock clock) {
        this.functions = functions;
        this.permissions = permissions;
        this.credentials = credentials;
        this.clock = clock;
    }

    /** {@code operation} behind this check; a caller another account's policy lets in acts in the owner's account. */
    Operation guard(Operation operation) {
        return (ctx, in) -> operation.call(authorize(ctx, in), in);
    }

    /** The context the invocation runs in (the function owner's account), or AccessDeniedException. */
    RequestContext authorize(RequestContext ctx, ObjectNode in) {
        if (ctx.accessKeyId() == null && !ctx.anonymous()) {
            return ctx; // an in-process call (see the class comment)
        }
        String functionName = in.get("FunctionName").asText();
        String owner = ownerAccount(functionName);
        RequestContext ownerCtx = owner == null || owner.equals(ctx.accountId()) ? ctx : ctx.inAccount(owner);
        FunctionRecord f = functions.findVersion(ownerCtx, in);
        String qualifier = FunctionNames.parse(functionName,
                in.hasNonNull("Qualifier") ? in.get("Qualifier").asText() : null).qualifier();
        String resource = InvokeOperation.invokedArn(f, qualifier);
        AccessRequest request = new AccessRequest(ctx.anonymous() ? null : ctx.principalArn(),
                ctx.anonymous() ? null : ctx.accountId(), ACTION, resource,
                AccessRequest.globalConditionKeys(ctx, clock.instant()));
        Decision identity = IdentityPolicies.decision(credentials::identityPolicies, request);
        Decision resourcePolicy = PolicyEvaluator.evaluate(permissions.policy(f, qualifier), request);
        String refused = "User: " + ctx.principalArn() + " is not authorized to perform: " + ACTION
                + " on resource: " + resource;
        if (identity == Decision.DENY) {
            throw accessDenied(refused + " with an explicit deny in an identity-based policy");
        }
        if (resourcePolicy == Decision.DENY) {
            throw accessDenied(refused + " with an explicit deny in a resource-based policy");
        }
        boolean sameAccount = f.accountId().equals(request.principalAccount());
        if (sameAccount ? identity == Decision.ALLOW || resourcePolicy == Decision.ALLOW
                : identity == Decision.ALLOW && resourcePolicy == Decision.ALLOW) {
            return ownerCtx;
        }
        // Another account is refused for want of the function's grant first; one's own account for its identity's.
        String missing = !sameAccount && resourcePolicy != Decision.ALLOW ? "resource-based" : "identity-based";
        throw accessDenied(refused + " because no " + missing + " policy allows the " + ACTION + " action");
    }

    /** The account a full or partial function ARN names ({@code 123456789012:function:f}); null for a bare name. */
    static String ownerAccount(String functionName) {
        if (functionName.startsWith("arn:")) {
            String[] parts = functionName.split(":");
            return parts.length > 4 && !parts[4].isEmpty() ? parts[4] : null;
        }
        int function = functionName.indexOf(":function:");
        return function > 0 ? functionName.substring(0, function) : null;
    }

    private static AwsException accessDenied(String message) {
        return new AwsException("AccessDeniedException", message, 403);
    }
}
