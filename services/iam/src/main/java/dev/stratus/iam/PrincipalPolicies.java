package dev.stratus.iam;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.platform.iam.IdentityPolicies;
import dev.stratus.platform.state.DocumentStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The identity policies IAM holds for a principal other services authorize: an IAM user's (signing with its access
 * key) or a role's (an STS assumed-role session), inline and attached, each attached one at its default version.
 */
final class PrincipalPolicies implements IdentityPolicies {
    private final IamStore store;

    PrincipalPolicies(IamStore store) {
        this.store = store;
    }

    @Override
    public List<JsonNode> of(String principalArn) {
        Optional<? extends PolicyHolder<?>> holder = holder(principalArn);
        if (holder.isEmpty()) {
            return List.of();
        }
        String account = accountOf(principalArn);
        PermissionPolicies policies = holder.get().policies();
        List<JsonNode> out = new ArrayList<>();
        policies.inline().values().forEach(doc -> parse(doc).ifPresent(out::add));
        for (String arn : policies.attached()) {
            store.findPolicy(account, arn).flatMap(p -> parse(p.defaultVersion().document())).ifPresent(out::add);
        }
        return out;
    }

    /** The user of {@code arn:aws:iam::A:user/path/name} or the role of {@code arn:aws:sts::A:assumed-role/R/S}. */
    private Optional<? extends PolicyHolder<?>> holder(String arn) {
        String account = accountOf(arn);
        if (account == null) {
            return Optional.empty();
        }
        String resource = arn.substring(arn.indexOf(':', arn.indexOf("::") + 2) + 1);
        if (arn.startsWith("arn:aws:iam::") && resource.startsWith("user/")) {
            return store.users.find(account, resource.substring(resource.lastIndexOf('/') + 1));
        }
        if (arn.startsWith("arn:aws:sts::") && resource.startsWith("assumed-role/")) {
            String[] parts = resource.split("/");
            return parts.length < 2 ? Optional.empty() : store.roles.find(account, parts[1]);
        }
        return Optional.empty();
    }

    private static String accountOf(String arn) {
        if (arn == null || !(arn.startsWith("arn:aws:iam::") || arn.startsWith("arn:aws:sts::"))) {
            return null;
        }
        int start = arn.indexOf("::") + 2;
        int end = arn.indexOf(':', start);
        return end < 0 ? null : arn.substring(start, end);
    }

    private static Optional<JsonNode> parse(String document) {
        try {
            return Optional.ofNullable(DocumentStore.MAPPER.readTree(document));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
