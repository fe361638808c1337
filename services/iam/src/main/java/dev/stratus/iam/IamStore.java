package dev.stratus.iam;

import dev.stratus.platform.state.DocumentStore;
import dev.stratus.storage.Storage;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * All of IAM's state, per account and without region (IAM is global): roles, users, customer-managed policies
 * and access keys, plus the built-in AWS-managed policies. Writers hold {@link #lock} around read-modify-write.
 */
final class IamStore {
    final Object lock = new Object();
    final EntityStore<RoleRecord> roles;
    final EntityStore<UserRecord> users;
    /** Customer-managed policies keyed {@code account/lower-case name}: names are unique in an account. */
    final DocumentStore<ManagedPolicyRecord> policies;
    /** Instance profiles keyed {@code account/lower-case name}. */
    final DocumentStore<InstanceProfileRecord> instanceProfiles;
    /** Access keys keyed by id, so a request's key is found in one read. */
    final DocumentStore<AccessKeyRecord> accessKeys;
    final AwsManagedPolicies awsPolicies = AwsManagedPolicies.load();

    private final Clock clock;

    IamStore(Storage storage, Clock clock) {
        this.clock = clock;
        roles = new EntityStore<>(storage, "iam.roles", RoleRecord.class, "role");
        users = new EntityStore<>(storage, "iam.users", UserRecord.class, "user");
        policies = new DocumentStore<>(storage, "iam.policies", ManagedPolicyRecord.class);
        accessKeys = new DocumentStore<>(storage, "iam.access-keys", AccessKeyRecord.class);
        instanceProfiles = new DocumentStore<>(storage, "iam.instance-profiles", InstanceProfileRecord.class);
    }

    /** Now, in epoch milliseconds truncated to the second as IAM's dates are. */
    long now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS).toEpochMilli();
    }

    /** The key of a named resource (policy, instance profile): names are unique in an account, whatever the case. */
    static String nameKey(String account, String name) {
        return account + "/" + name.toLowerCase(Locale.ROOT);
    }

    /** The instance profiles of the account holding the role. */
    List<InstanceProfileRecord> profilesHolding(String account, String roleName) {
        return instanceProfiles.list(account + "/", p -> p.holds(roleName));
    }

    /** The managed policy with exactly this ARN visible to {@code account}: its own, or an AWS-managed one. */
    Optional<ManagedPolicyRecord> findPolicy(String account, String arn) {
        IamArns.Parsed p = IamArns.parse(arn);
        if (!p.type().equals("policy")) {
            return Optional.empty();
        }
        if (p.account().equals(IamArns.AWS_ACCOUNT)) {
            return awsPolicies.find(arn);
        }
        if (!p.account().equals(account)) {
            return Optional.empty();
        }
        return policies.get(nameKey(account, p.name())).filter(r -> r.arn().equals(arn));
    }

    /** How many roles and users of the account each managed policy ARN is attached to. */
    Map<String, Integer> attachmentCounts(String account) {
        Map<String, Integer> counts = new HashMap<>();
        for (RoleRecord r : roles.list(account)) {
            r.policies().attached().forEach(arn -> counts.merge(arn, 1, Integer::sum));
        }
        for (UserRecord u : users.list(account)) {
            u.policies().attached().forEach(arn -> counts.merge(arn, 1, Integer::sum));
        }
        return counts;
    }

    /** How many roles and users of the account use each managed policy ARN as their permissions boundary. */
    Map<String, Integer> boundaryCounts(String account) {
        Map<String, Integer> counts = new HashMap<>();
        for (RoleRecord r : roles.list(account)) {
            if (r.permissionsBoundary() != null) {
                counts.merge(r.permissionsBoundary(), 1, Integer::sum);
            }
        }
        for (UserRecord u : users.list(account)) {
            if (u.permissionsBoundary() != null) {
                counts.merge(u.permissionsBoundary(), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** The access keys of one user (null: of the account root), oldest first. */
    List<AccessKeyRecord> accessKeysOf(String account, String userName) {
        return accessKeys.list("", k -> k.account().equals(account)
                && (userName == null ? k.userName() == null : userName.equalsIgnoreCase(k.userName())))
                .stream().sorted(java.util.Comparator.comparingLong(AccessKeyRecord::created)
                        .thenComparing(AccessKeyRecord::accessKeyId)).toList();
    }
}
