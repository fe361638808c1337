package dev.stratus.platform.iam;

import dev.stratus.platform.RequestContext;
import java.time.Instant;
import java.util.LinkedHashMap;
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

    /**
     * The global condition keys Stratus knows for a caller ({@code aws:SecureTransport}, {@code aws:CurrentTime},
     * {@code aws:EpochTime}, and for a signed caller {@code aws:PrincipalArn}, {@code aws:PrincipalAccount},
     * {@code aws:username}), in a map a service adds its own keys to.
     */
    public static Map<String, List<String>> globalConditionKeys(RequestContext ctx, Instant now) {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        String endpoint = ctx.endpoint();
        keys.put("aws:SecureTransport", List.of(String.valueOf(endpoint != null && endpoint.startsWith("https:"))));
        keys.put("aws:CurrentTime", List.of(now.toString()));
        keys.put("aws:EpochTime", List.of(Long.toString(now.getEpochSecond())));
        if (!ctx.anonymous()) {
            keys.put("aws:PrincipalArn", List.of(ctx.principalArn()));
            keys.put("aws:PrincipalAccount", List.of(ctx.accountId()));
            int user = ctx.principalArn().indexOf(":user/");
            if (user > 0) {
                String path = ctx.principalArn().substring(user + ":user/".length());
                keys.put("aws:username", List.of(path.substring(path.lastIndexOf('/') + 1)));
            }
        }
        return keys;
    }

    /** This request for another resource (a copy's source object, one key of a multi-object delete). */
    public AccessRequest on(String action, String resource) {
        return new AccessRequest(principalArn, principalAccount, action, resource, conditionKeys);
    }
}
