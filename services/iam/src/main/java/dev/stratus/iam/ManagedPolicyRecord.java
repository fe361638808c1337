package dev.stratus.iam;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.codec.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A managed policy: customer-managed (stored per account) or AWS-managed (account {@code aws}, built in).
 *
 * @param versions oldest first
 * @param nextVersion the number the next version gets: IAM never reuses a version id
 */
record ManagedPolicyRecord(String account, String name, String path, String id, String arn, String description,
                           long created, long updated, String defaultVersionId, List<PolicyVersionRecord> versions,
                           int nextVersion, List<Tag> tags) implements Tagged<ManagedPolicyRecord> {
    /** Versions a managed policy may keep (IAM quota). */
    static final int MAX_VERSIONS = 5;

    /** One version of a managed policy; {@code document} is decoded JSON. */
    record PolicyVersionRecord(String versionId, String document, long created) {
    }

    ManagedPolicyRecord {
        versions = versions == null ? List.of() : List.copyOf(versions);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    boolean awsManaged() {
        return IamArns.AWS_ACCOUNT.equals(account);
    }

    Optional<PolicyVersionRecord> version(String versionId) {
        return versions.stream().filter(v -> v.versionId().equals(versionId)).findFirst();
    }

    PolicyVersionRecord defaultVersion() {
        return version(defaultVersionId).orElseThrow();
    }

    ManagedPolicyRecord withVersionAdded(PolicyVersionRecord v, boolean makeDefault, long now) {
        List<PolicyVersionRecord> l = new ArrayList<>(versions);
        l.add(v);
        return new ManagedPolicyRecord(account, name, path, id, arn, description, created, now,
                makeDefault ? v.versionId() : defaultVersionId, l, nextVersion + 1, tags);
    }

    ManagedPolicyRecord withVersionRemoved(String versionId) {
        List<PolicyVersionRecord> l = new ArrayList<>(versions);
        l.removeIf(v -> v.versionId().equals(versionId));
        return new ManagedPolicyRecord(account, name, path, id, arn, description, created, updated,
                defaultVersionId, l, nextVersion, tags);
    }

    ManagedPolicyRecord withDefault(String versionId, long now) {
        return new ManagedPolicyRecord(account, name, path, id, arn, description, created, now, versionId,
                versions, nextVersion, tags);
    }

    @Override
    public ManagedPolicyRecord withTags(List<Tag> newTags) {
        return new ManagedPolicyRecord(account, name, path, id, arn, description, created, updated,
                defaultVersionId, versions, nextVersion, newTags);
    }

    /** The Policy structure; ListPolicies ({@code detailed} false) leaves out the description and tags. */
    ObjectNode toNode(int attachmentCount, int boundaryCount, boolean detailed) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("PolicyName", name).put("PolicyId", id).put("Arn", arn).put("Path", path)
                .put("DefaultVersionId", defaultVersionId).put("AttachmentCount", attachmentCount)
                .put("PermissionsBoundaryUsageCount", boundaryCount).put("IsAttachable", true);
        if (detailed && description != null) {
            n.put("Description", description);
        }
        n.set("CreateDate", Timestamps.node(Instant.ofEpochMilli(created)));
        n.set("UpdateDate", Timestamps.node(Instant.ofEpochMilli(updated)));
        if (detailed) {
            Tag.putIfAny(n, tags);
        }
        return n;
    }

    /** A PolicyVersion structure, with the (URL-encoded) document when {@code withDocument}. */
    ObjectNode versionNode(PolicyVersionRecord v, boolean withDocument) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        if (withDocument) {
            n.put("Document", PolicyDocuments.encode(v.document()));
        }
        n.put("VersionId", v.versionId()).put("IsDefaultVersion", v.versionId().equals(defaultVersionId));
        n.set("CreateDate", Timestamps.node(Instant.ofEpochMilli(v.created())));
        return n;
    }
}
