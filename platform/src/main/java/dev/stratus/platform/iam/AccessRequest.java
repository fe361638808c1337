package dev.stratus.platform.iam;

import java.util.List;
import java.util.Map;

/**
 * One request as IAM policies see it: who (principal ARN and account; both null when anonymous), which action
 * ({@code s3:GetObject}), on which resource ARN, and the condition keys in context ({@code aws:SecureTransport},
 * {@code s3:prefix}, ...; names compared case-insensitively).
 */
public record AccessRequest(String principalArn, String principalAccount, String action, String resource,
                            Map<String, List<String>> conditionKeys) {
    public AccessRequest {
        conditionKeys = conditionKeys == null ? Map.of() : conditionKeys;
    }

    public boolean anonymous() {
        return principalArn == null;
    }

    /** This request for another resource (a copy's source object, one key of a multi-object delete). */
    public AccessRequest on(String action, String resource) {
        return new AccessRequest(principalArn, principalAccount, action, resource, conditionKeys);
    }
}
