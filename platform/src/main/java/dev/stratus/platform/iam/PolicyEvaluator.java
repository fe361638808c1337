package dev.stratus.platform.iam;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Evaluates IAM policy documents (identity or resource policies) against one {@link AccessRequest}, as IAM's
 * evaluation logic does within one policy type: an explicit Deny in any matching statement wins, else an Allow in
 * any matching statement, else nothing. A statement matches when its Principal/NotPrincipal (resource policies),
 * Action/NotAction, Resource/NotResource and every Condition hold; combining the answers of several policy types
 * (same- or cross-account) is the caller's job.
 *
 * <p>Not evaluated: policy variables ({@code ${aws:username}}), permission boundaries, session policies, SCPs.
 */
public final class PolicyEvaluator {
    private PolicyEvaluator() {
    }

    /** The decision of all {@code policies} together (documents that are not JSON objects are skipped). */
    public static Decision evaluate(Iterable<JsonNode> policies, AccessRequest request) {
        Decision result = Decision.NONE;
        for (JsonNode policy : policies) {
            result = result.and(evaluate(policy, request));
            if (result == Decision.DENY) {
                return result;
            }
        }
        return result;
    }

    /** The decision of one policy document. */
    public static Decision evaluate(JsonNode policy, AccessRequest request) {
        if (policy == null || !policy.isObject()) {
            return Decision.NONE;
        }
        boolean allowed = false;
        for (JsonNode statement : values(policy.get("Statement"))) {
            if (!matches(statement, request)) {
                continue;
            }
            String effect = statement.path("Effect").asText();
            if (effect.equals("Deny")) {
                return Decision.DENY;
            }
            allowed |= effect.equals("Allow");
        }
        return allowed ? Decision.ALLOW : Decision.NONE;
    }

    private static boolean matches(JsonNode s, AccessRequest r) {
        if (s.has("Principal") && !principalMatches(s.get("Principal"), r)) {
            return false;
        }
        if (s.has("NotPrincipal") && principalMatches(s.get("NotPrincipal"), r)) {
            return false;
        }
        if (s.has("Action") && !anyMatch(s.get("Action"), r.action(), true)) {
            return false;
        }
        if (s.has("NotAction") && anyMatch(s.get("NotAction"), r.action(), true)) {
            return false;
        }
        if (s.has("Resource") && !anyMatch(s.get("Resource"), r.resource(), false)) {
            return false;
        }
        if (s.has("NotResource") && anyMatch(s.get("NotResource"), r.resource(), false)) {
            return false;
        }
        return PolicyConditions.hold(s.get("Condition"), r.conditionKeys());
    }

    /**
     * Whether a Principal element names the caller: {@code "*"} (anyone, anonymous included), an account id or its
     * root ARN (every principal of that account), or the caller's own ARN (a role's ARN covers its sessions).
     */
    static boolean principalMatches(JsonNode principal, AccessRequest r) {
        if (principal.isTextual()) {
            return principal.asText().equals("*");
        }
        for (JsonNode p : values(principal.get("AWS"))) {
            String v = p.asText();
            if (v.equals("*")) {
                return true;
            }
            if (r.anonymous()) {
                continue;
            }
            if (v.equals(r.principalAccount()) || v.equals("arn:aws:iam::" + r.principalAccount() + ":root")
                    || v.equals(r.principalArn()) || v.equals(roleOfSession(r.principalArn()))) {
                return true;
            }
        }
        return false;
    }

    /** {@code arn:aws:sts::A:assumed-role/R/S} → {@code arn:aws:iam::A:role/R}; null for other ARNs. */
    static String roleOfSession(String arn) {
        String prefix = "arn:aws:sts::";
        if (arn == null || !arn.startsWith(prefix)) {
            return null;
        }
        String[] parts = arn.substring(prefix.length()).split(":", 2);
        if (parts.length < 2 || !parts[1].startsWith("assumed-role/")) {
            return null;
        }
        String[] role = parts[1].substring("assumed-role/".length()).split("/");
        return "arn:aws:iam::" + parts[0] + ":role/" + role[0];
    }

    private static boolean anyMatch(JsonNode patterns, String value, boolean ignoreCase) {
        if (value == null) {
            return false;
        }
        String v = ignoreCase ? value.toLowerCase(Locale.ROOT) : value;
        for (JsonNode p : values(patterns)) {
            String pattern = ignoreCase ? p.asText().toLowerCase(Locale.ROOT) : p.asText();
            if (glob(pattern, v)) {
                return true;
            }
        }
        return false;
    }

    /** IAM's wildcards: {@code *} any run of characters, {@code ?} exactly one. */
    public static boolean glob(String pattern, String value) {
        int p = 0;
        int v = 0;
        int star = -1;
        int mark = 0;
        while (v < value.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == value.charAt(v))) {
                p++;
                v++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = v;
            } else if (star >= 0) {
                p = star + 1;
                v = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    /** A policy element that may be one value or a list of them. */
    static List<JsonNode> values(JsonNode node) {
        List<JsonNode> out = new ArrayList<>();
        if (node == null || node.isNull() || node.isMissingNode()) {
            return out;
        }
        if (node.isArray()) {
            node.forEach(out::add);
        } else {
            out.add(node);
        }
        return out;
    }
}
