package dev.stratus.platform.iam;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The identity-based policies that apply to a principal (an IAM user's inline and attached policies, an
 * assumed role's); IAM registers one with the {@link dev.stratus.platform.auth.CredentialResolver}.
 */
@FunctionalInterface
public interface IdentityPolicies {
    /** The policy documents of {@code principalArn}, or empty when this source does not know it. */
    List<JsonNode> of(String principalArn);

    /**
     * What the caller's identity policies say about {@code request}: an account root may do anything (ALLOW), an
     * anonymous caller has none (NONE), anyone else what {@code policies} of their ARN say.
     */
    static Decision decision(IdentityPolicies policies, AccessRequest request) {
        if (request.anonymous()) {
            return Decision.NONE;
        }
        if (request.principalArn().equals("arn:aws:iam::" + request.principalAccount() + ":root")) {
            return Decision.ALLOW;
        }
        return PolicyEvaluator.evaluate(policies.of(request.principalArn()), request);
    }
}
