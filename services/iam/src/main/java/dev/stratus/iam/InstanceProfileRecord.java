package dev.stratus.iam;

import java.util.ArrayList;
import java.util.List;

/**
 * A stored instance profile: a container for (at most) one role that EC2 hands to instances.
 *
 * @param roleNames the names of the roles in the profile
 * @param created epoch milliseconds
 */
record InstanceProfileRecord(String account, String name, String path, String id, String arn, long created,
                             List<String> roleNames, List<Tag> tags) implements Tagged<InstanceProfileRecord> {
    /** Roles one instance profile may hold (IAM quota). */
    static final int MAX_ROLES = 1;

    InstanceProfileRecord {
        roleNames = roleNames == null ? List.of() : List.copyOf(roleNames);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    boolean holds(String roleName) {
        return roleNames.stream().anyMatch(r -> r.equalsIgnoreCase(roleName));
    }

    InstanceProfileRecord withRole(String roleName) {
        List<String> l = new ArrayList<>(roleNames);
        l.add(roleName);
        return new InstanceProfileRecord(account, name, path, id, arn, created, l, tags);
    }

    InstanceProfileRecord withoutRole(String roleName) {
        List<String> l = new ArrayList<>(roleNames);
        l.removeIf(r -> r.equalsIgnoreCase(roleName));
        return new InstanceProfileRecord(account, name, path, id, arn, created, l, tags);
    }

    @Override
    public InstanceProfileRecord withTags(List<Tag> newTags) {
        return new InstanceProfileRecord(account, name, path, id, arn, created, roleNames, newTags);
    }
}
