package dev.stratus.lambda;

import dev.stratus.lambda.runtime.FunctionSpec;
import dev.stratus.platform.auth.CredentialResolver;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Temporary credentials for a function's execution role, as Lambda hands to every environment. They are registered
 * with the credential chain, so strict mode accepts calls a function makes back to Stratus.
 */
final class FunctionCredentials {
    private static final String KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private final SecureRandom random = new SecureRandom();
    private final Map<String, CredentialResolver.Credential> byKey = new ConcurrentHashMap<>();
    private final Map<String, CredentialResolver.Credential> byFunction = new ConcurrentHashMap<>();

    FunctionCredentials(CredentialResolver resolver) {
        resolver.addSource(id -> Optional.ofNullable(byKey.get(id)));
    }

    Map<String, String> forFunction(FunctionSpec spec, String roleArn) {
        CredentialResolver.Credential c = byFunction.computeIfAbsent(spec.arn() + "|" + roleArn, k -> {
            CredentialResolver.Credential minted = mint(spec, roleArn);
            byKey.put(minted.accessKeyId(), minted);
            return minted;
        });
        return Map.of("AWS_ACCESS_KEY_ID", c.accessKeyId(), "AWS_SECRET_ACCESS_KEY", c.secretAccessKey(),
                "AWS_SESSION_TOKEN", c.sessionToken());
    }

    private CredentialResolver.Credential mint(FunctionSpec spec, String roleArn) {
        StringBuilder key = new StringBuilder("ASIA");
        for (int i = 0; i < 16; i++) {
            key.append(KEY_ALPHABET.charAt(random.nextInt(KEY_ALPHABET.length())));
        }
        byte[] secret = new byte[30];
        random.nextBytes(secret);
        byte[] token = new byte[96];
        random.nextBytes(token);
        String roleName = roleArn == null ? "lambda" : roleArn.substring(roleArn.lastIndexOf('/') + 1);
        String principal = "arn:aws:sts::" + spec.accountId() + ":assumed-role/" + roleName + "/" + spec.name();
        return new CredentialResolver.Credential(key.toString(), Base64.getEncoder().encodeToString(secret),
                spec.accountId(), principal, Base64.getEncoder().encodeToString(token));
    }
}
