package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.platform.iam.PolicyEvaluator;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates a Lambda authorizer's IAM policy against the method ARN of a request, as API Gateway does: an explicit
 * Deny wins, otherwise an Allow is needed; Action and Resource take {@code *} and {@code ?} wildcards.
 */
final class AuthorizerPolicy {
    /** The outcome for one method ARN. */
    enum Verdict { ALLOW, DENY, NO_MATCH }

    private AuthorizerPolicy() {
    }

    /** Whether the policy document is shaped like one (a Statement object or list of them, each with an Effect). */
    static boolean isWellFormed(JsonNode policy) {
        if (policy == null || !policy.isObject()) {
            return false;
        }
        for (JsonNode s : statements(policy)) {
            String effect = s.path("Effect").asText("");
            if (!s.isObject() || !(effect.equals("Allow") || effect.equals("Deny"))) {
                return false;
            }
        }
        return true;
    }

    static Verdict evaluate(JsonNode policy, String methodArn) {
        boolean allowed = false;
        for (JsonNode s : statements(policy)) {
            if (!matchesAny(s.get("Action"), "execute-api:Invoke") || !matchesAny(s.get("Resource"), methodArn)) {
                continue;
            }
            if (s.path("Effect").asText().equals("Deny")) {
                return Verdict.DENY;
            }
            allowed = true;
        }
        return allowed ? Verdict.ALLOW : Verdict.NO_MATCH;
    }

    private static List<JsonNode> statements(JsonNode policy) {
        JsonNode s = policy.get("Statement");
        List<JsonNode> out = new ArrayList<>();
        if (s == null) {
            return out;
        }
        if (s.isArray()) {
            s.forEach(out::add);
        } else {
            out.add(s);
        }
        return out;
    }

    private static boolean matchesAny(JsonNode patterns, String value) {
        if (patterns == null) {
            return false;
        }
        if (patterns.isArray()) {
            for (JsonNode p : patterns) {
                if (PolicyEvaluator.glob(p.asText(), value)) {
                    return true;
                }
            }
            return false;
        }
        return PolicyEvaluator.glob(patterns.asText(), value);
    }
}
