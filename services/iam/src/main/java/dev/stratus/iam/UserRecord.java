package dev.stratus.iam;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.codec.Timestamps;
import java.time.Instant;
import java.util.List;

/**
 * A stored IAM user.
 *
 * @param created epoch milliseconds
 * @param permissionsBoundary a managed policy ARN, or null
 */
record UserRecord(String account, String name, String path, String id, String arn, long created,
                  String permissionsBoundary, List<Tag> tags, PermissionPolicies policies)
        implements PolicyHolder<UserRecord>, Tagged<UserRecord> {

    UserRecord {
        tags = tags == null ? List.of() : List.copyOf(tags);
        policies = policies == null ? PermissionPolicies.none() : policies;
    }

    @Override
    public UserRecord withPolicies(PermissionPolicies p) {
        return new UserRecord(account, name, path, id, arn, created, permissionsBoundary, tags, p);
    }

    @Override
    public UserRecord withTags(List<Tag> newTags) {
        return new UserRecord(account, name, path, id, arn, created, permissionsBoundary, newTags, policies);
    }

    /** The User structure; ListUsers ({@code detailed} false) leaves out tags and the boundary, as IAM does. */
    ObjectNode toNode(boolean detailed) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("Path", path).put("UserName", name).put("UserId", id).put("Arn", arn);
        n.set("CreateDate", Timestamps.node(Instant.ofEpochMilli(created)));
        if (detailed) {
            PermissionPolicies.putBoundary(n, permissionsBoundary);
            Tag.putIfAny(n, tags);
        }
        return n;
    }
}
