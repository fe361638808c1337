package dev.stratus.iam;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.codec.Timestamps;
import java.time.Instant;
import java.util.List;

/**
 * A stored IAM role.
 *
 * @param trustPolicy the decoded AssumeRolePolicyDocument
 * @param created epoch milliseconds
 * @param permissionsBoundary a managed policy ARN, or null
 */
record RoleRecord(String account, String name, String path, String id, String arn, long created,
                  String trustPolicy, String description, int maxSessionDuration, String permissionsBoundary,
                  List<Tag> tags, PermissionPolicies policies) implements PolicyHolder<RoleRecord>, Tagged<RoleRecord> {
    /** MaxSessionDuration when CreateRole gives none: one hour. */
    static final int DEFAULT_MAX_SESSION_SECONDS = 3600;

    RoleRecord {
        tags = tags == null ? List.of() : List.copyOf(tags);
        policies = policies == null ? PermissionPolicies.none() : policies;
    }

    @Override
    public RoleRecord withPolicies(PermissionPolicies p) {
        return new RoleRecord(account, name, path, id, arn, created, trustPolicy, description, maxSessionDuration,
                permissionsBoundary, tags, p);
    }

    RoleRecord withTrustPolicy(String document) {
        return new RoleRecord(account, name, path, id, arn, created, document, description, maxSessionDuration,
                permissionsBoundary, tags, policies);
    }

    RoleRecord withSettings(String newDescription, int newMaxSession) {
        return new RoleRecord(account, name, path, id, arn, created, trustPolicy, newDescription, newMaxSession,
                permissionsBoundary, tags, policies);
    }

    RoleRecord withBoundary(String boundaryArn) {
        return new RoleRecord(account, name, path, id, arn, created, trustPolicy, description, maxSessionDuration,
                boundaryArn, tags, policies);
    }

    @Override
    public RoleRecord withTags(List<Tag> newTags) {
        return new RoleRecord(account, name, path, id, arn, created, trustPolicy, description, maxSessionDuration,
                permissionsBoundary, newTags, policies);
    }

    /**
     * The Role structure. ListRoles leaves out tags, the permissions boundary and RoleLastUsed, as IAM does;
     * GetRole ({@code detailed}) has them.
     */
    ObjectNode toNode(boolean detailed) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("Path", path).put("RoleName", name).put("RoleId", id).put("Arn", arn);
        n.set("CreateDate", Timestamps.node(Instant.ofEpochMilli(created)));
        n.put("AssumeRolePolicyDocument", PolicyDocuments.encode(trustPolicy));
        if (description != null) {
            n.put("Description", description);
        }
        n.put("MaxSessionDuration", maxSessionDuration);
        if (detailed) {
            PermissionPolicies.putBoundary(n, permissionsBoundary);
            Tag.putIfAny(n, tags);
            n.putObject("RoleLastUsed");
        }
        return n;
    }
}
