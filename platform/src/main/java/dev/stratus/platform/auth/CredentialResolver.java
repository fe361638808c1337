package dev.stratus.platform.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.platform.iam.IdentityPolicies;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Finds the secret and identity behind an access key: configured keys first, then sources services add
 * (STS session credentials, IAM user access keys); and the identity policies of the principal a key acts as.
 */
public final class CredentialResolver {
    /** A known access key: its secret, account, the principal it acts as, and an optional session token. */
    public record Credential(String accessKeyId, String secretAccessKey, String accountId, String principalArn,
                             String sessionToken) {
    }

    /** A source of credentials. */
    @FunctionalInterface
    public interface Source {
        Optional<Credential> find(String accessKeyId);
    }

    private final List<Source> sources = new CopyOnWriteArrayList<>();
    private final List<IdentityPolicies> policySources = new CopyOnWriteArrayList<>();

    public CredentialResolver(Map<String, Credential> configured) {
        Map<String, Credential> copy = Map.copyOf(configured);
        sources.add(id -> Optional.ofNullable(copy.get(id)));
    }

    public void addSource(Source source) {
        sources.add(source);
    }

    /** Adds a source of the identity policies of the principals its credentials act as (IAM users, roles). */
    public void addPolicySource(IdentityPolicies source) {
        policySources.add(source);
    }

    /** The identity-based policies of a principal, from every source that knows it (empty for account roots). */
    public List<JsonNode> identityPolicies(String principalArn) {
        List<JsonNode> out = new ArrayList<>();
        for (IdentityPolicies s : policySources) {
            out.addAll(s.of(principalArn));
        }
        return out;
    }

    public Optional<Credential> find(String accessKeyId) {
        for (Source s : sources) {
            Optional<Credential> c = s.find(accessKeyId);
            if (c.isPresent()) {
                return c;
            }
        }
        return Optional.empty();
    }

    /** The account a dev-mode key acts in: the key itself when it is 12 digits, else the default account. */
    public static String devAccount(String accessKeyId) {
        if (accessKeyId != null && accessKeyId.length() == 12 && accessKeyId.chars().allMatch(Character::isDigit)) {
            return accessKeyId;
        }
        return dev.stratus.platform.RequestContext.DEFAULT_ACCOUNT;
    }
}
