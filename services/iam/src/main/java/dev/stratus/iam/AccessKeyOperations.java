package dev.stratus.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.auth.CredentialResolver;
import dev.stratus.protocol.AwsException;
import java.util.List;
import java.util.Optional;

/**
 * IAM access keys ({@code AKIA...}): created for a user (or the account root), and a credential source so that
 * requests signed with an active key act as its user.
 */
final class AccessKeyOperations implements CredentialResolver.Source {
    /** Access keys one user may have (IAM quota). */
    static final int MAX_KEYS_PER_USER = 2;

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final IamStore store;

    AccessKeyOperations(IamStore store) {
        this.store = store;
    }

    @Override
    public Optional<CredentialResolver.Credential> find(String accessKeyId) {
        if (accessKeyId == null || !accessKeyId.startsWith(IamIds.ACCESS_KEY)) {
            return Optional.empty();
        }
        return store.accessKeys.get(accessKeyId)
                .filter(k -> AccessKeyRecord.ACTIVE.equals(k.status()))
                .map(k -> new CredentialResolver.Credential(k.accessKeyId(), k.secretAccessKey(), k.account(),
                        k.principalArn(), null));
    }

    JsonNode createAccessKey(RequestContext ctx, ObjectNode input) {
        String account = ctx.accountId();
        String userName = Callers.userName(ctx, input.path("UserName").asText(null));
        synchronized (store.lock) {
            String owner = null;
            String principal = IamArns.root(account);
            if (userName != null) {
                UserRecord user = store.users.require(account, userName);
                owner = user.name();
                principal = user.arn();
            }
            if (store.accessKeysOf(account, owner).size() >= MAX_KEYS_PER_USER) {
                throw IamErrors.limitExceeded("Cannot exceed quota for AccessKeysPerUser: " + MAX_KEYS_PER_USER);
            }
            AccessKeyRecord key = new AccessKeyRecord(IamIds.accessKeyId(), IamIds.secretAccessKey(), account, owner,
                    principal, AccessKeyRecord.ACTIVE, store.now());
            store.accessKeys.put(key.accessKeyId(), key);
            ObjectNode out = key.metadata().put("SecretAccessKey", key.secretAccessKey());
            return F.objectNode().set("AccessKey", out);
        }
    }

    JsonNode listAccessKeys(RequestContext ctx, ObjectNode input) {
        String userName = Callers.userName(ctx, input.path("UserName").asText(null));
        String owner = userName == null ? null : store.users.require(ctx.accountId(), userName).name();
        List<AccessKeyRecord> keys = store.accessKeysOf(ctx.accountId(), owner);
        List<AccessKeyRecord> byId = keys.stream()
                .sorted(java.util.Comparator.comparing(AccessKeyRecord::accessKeyId)).toList();
        return Pages.page(byId, AccessKeyRecord::accessKeyId, AccessKeyRecord::metadata, input, "AccessKeyMetadata",
                F.objectNode());
    }

    JsonNode updateAccessKey(RequestContext ctx, ObjectNode input) {
        synchronized (store.lock) {
            AccessKeyRecord key = ownKey(ctx, input);
            store.accessKeys.put(key.accessKeyId(), key.withStatus(input.path("Status").asText()));
        }
        return null;
    }

    JsonNode deleteAccessKey(RequestContext ctx, ObjectNode input) {
        synchronized (store.lock) {
            store.accessKeys.delete(ownKey(ctx, input).accessKeyId());
        }
        return null;
    }

    /** Stratus does not track use, so it answers as IAM does for a key never used. */
    JsonNode getAccessKeyLastUsed(RequestContext ctx, ObjectNode input) {
        ObjectNode out = F.objectNode();
        store.accessKeys.get(input.path("AccessKeyId").asText())
                .filter(k -> k.account().equals(ctx.accountId()) && k.userName() != null)
                .ifPresent(k -> out.put("UserName", k.userName()));
        out.putObject("AccessKeyLastUsed").put("ServiceName", "N/A").put("Region", "N/A");
        return out;
    }

    /** The key named in the input, if it belongs to the named (or calling) user. */
    private AccessKeyRecord ownKey(RequestContext ctx, ObjectNode input) {
        String id = input.path("AccessKeyId").asText();
        String userName = Callers.userName(ctx, input.path("UserName").asText(null));
        if (userName != null) {
            store.users.require(ctx.accountId(), userName);
        }
        return store.accessKeys.get(id)
                .filter(k -> k.account().equals(ctx.accountId()))
                .filter(k -> userName == null ? k.userName() == null : userName.equalsIgnoreCase(k.userName()))
                .orElseThrow(() -> new AwsException("NoSuchEntity", "The Access Key with id " + id
                        + " cannot be found."));
    }
}
