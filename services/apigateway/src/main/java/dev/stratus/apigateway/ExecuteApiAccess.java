package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.StratusConfig;
import dev.stratus.platform.auth.CredentialResolver;
import dev.stratus.platform.iam.AccessRequest;
import dev.stratus.platform.iam.Decision;
import dev.stratus.platform.iam.IdentityPolicies;
import dev.stratus.platform.iam.PolicyEvaluator;
import dev.stratus.platform.state.DocumentStore;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Strict mode's IAM check of an AWS_IAM invocation: {@code execute-api:Invoke} on the method (or route) ARN against
 * the signer's identity policies and the API's resource policy, as API Gateway combines them. An explicit Deny in
 * either refuses; in the API's account an Allow in either grants (an account root is allowed by its identity);
 * a caller from another account needs both. Methods without IAM meet the resource policy as an anonymous caller.
 * Dev mode lets everyone in.
 */
final class ExecuteApiAccess {
    static final String ACTION = "execute-api:Invoke";
    /** Who an unsigned invocation is to a resource policy (only its condition keys matter). */
    private static final RequestContext ANONYMOUS = RequestContext.anonymousCaller("", "", java.time.Instant.EPOCH);

    private final StratusConfig.AuthMode mode;
    private final CredentialResolver credentials;
    private final Clock clock;

    ExecuteApiAccess(StratusConfig.AuthMode mode, CredentialResolver credentials, Clock clock) {
        this.mode = mode;
        this.credentials = credentials;
        this.clock = clock;
    }

    /**
     * Null when {@code caller} may invoke {@code resourceArn}, else AWS's refusal message.
     *
     * @param apiAccount     the account that owns the API
     * @param resourcePolicy the API's resource policy (JSON text), or null
     * @param sourceIp       the client address for {@code aws:SourceIp}
     */
    String refusal(RequestContext caller, String resourceArn, String apiAccount, String resourcePolicy,
                   String sourceIp) {
        if (mode != StratusConfig.AuthMode.STRICT) {
            return null;
        }
        AccessRequest request = new AccessRequest(caller.principalArn(), caller.accountId(), ACTION, resourceArn,
                withSourceIp(AccessRequest.globalConditionKeys(caller, clock.instant()), sourceIp));
        Decision identity = IdentityPolicies.decision(credentials::identityPolicies, request);
        JsonNode policy = parse(resourcePolicy, resourceArn);
        Decision resource = policy == null ? Decision.NONE : PolicyEvaluator.evaluate(policy, request);
        String refused = "User: " + caller.principalArn() + " is not authorized to perform: " + ACTION
                + " on resource: " + resourceArn;
        if (identity == Decision.DENY || resource == Decision.DENY) {
            return refused + " with an explicit deny";
        }
        boolean allowed = caller.accountId().equals(apiAccount)
                ? identity == Decision.ALLOW || resource == Decision.ALLOW
                : identity == Decision.ALLOW && resource == Decision.ALLOW;
        return allowed ? null : refused;
    }

    /**
     * Null when the resource policy lets an unauthenticated caller invoke {@code resourceArn}, else AWS's refusal
     * ("User: anonymous ..."). Only strict mode checks.
     *
     * @param implicitDenies whether no matching Allow refuses (methods without authorization); otherwise (a Lambda
     *                       authorizer decided) only an explicit Deny does
     */
    String anonymousRefusal(String resourceArn, String resourcePolicy, String sourceIp, boolean implicitDenies) {
        if (mode != StratusConfig.AuthMode.STRICT) {
            return null;
        }
        JsonNode policy = parse(resourcePolicy, resourceArn);
        if (policy == null) {
            return null;
        }
        Decision decision = PolicyEvaluator.evaluate(policy, new AccessRequest(null, null, ACTION, resourceArn,
                withSourceIp(AccessRequest.globalConditionKeys(ANONYMOUS, clock.instant()), sourceIp)));
        String refused = "User: anonymous is not authorized to perform: " + ACTION + " on resource: " + resourceArn;
        if (decision == Decision.DENY) {
            return refused + " with an explicit deny";
        }
        return decision == Decision.ALLOW || !implicitDenies ? null : refused;
    }

    /** The resource policy with AWS's {@code execute-api:/...} shorthand expanded to the invoked API's ARN. */
    private static JsonNode parse(String policy, String resourceArn) {
        if (policy == null || policy.isBlank()) {
            return null;
        }
        try {
            return ResourcePolicyShorthand.expand(DocumentStore.MAPPER.readTree(policy), resourceArn);
        } catch (IOException e) {
            return null;
        }
    }

    /** {@code keys} with {@code aws:SourceIp}, the client address, when it is known. */
    private static Map<String, List<String>> withSourceIp(Map<String, List<String>> keys, String sourceIp) {
        if (sourceIp != null) {
            keys.put("aws:SourceIp", List.of(sourceIp));
        }
        return keys;
    }
}
