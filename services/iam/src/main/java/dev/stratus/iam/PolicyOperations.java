package dev.stratus.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.AwsException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** IAM's managed-policy operations: customer-managed policies, their versions and tags, and AWS-managed ones. */
final class PolicyOperations {
    /** A managed policy document's size (IAM quota, white space not counted). */
    static final int MAX_POLICY_CHARS = 6_144;

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final IamStore store;
    final TagOperations<ManagedPolicyRecord> tags;

    PolicyOperations(IamStore store) {
        this.store = store;
        this.tags = new TagOperations<>(store, (ctx, in) -> customerPolicy(ctx, in, "TagPolicy"),
                (ctx, p) -> store.policies.put(IamStore.nameKey(ctx.accountId(), p.name()), p), "TagsPerPolicy");
    }

    JsonNode createPolicy(RequestContext ctx, ObjectNode input) {
        String account = ctx.accountId();
        String name = input.path("PolicyName").asText();
        String path = input.path("Path").asText("/");
        String doc = document(input);
        List<Tag> tags = Tag.merge(List.of(), Tag.fromInput(input.path("Tags")), "TagsPerPolicy");
        synchronized (store.lock) {
            if (store.policies.get(IamStore.nameKey(account, name)).isPresent()) {
                throw new AwsException("EntityAlreadyExists",
                        "A policy called " + name + " already exists. Duplicate names are not allowed.");
            }
            long now = store.now();
            var v1 = new ManagedPolicyRecord.PolicyVersionRecord("v1", doc, now);
            ManagedPolicyRecord policy = new ManagedPolicyRecord(account, name, path, IamIds.uniqueId(IamIds.POLICY),
                    IamArns.of(account, "policy", path, name), input.path("Description").asText(null), now, now,
                    "v1", List.of(v1), 2, tags);
            store.policies.put(IamStore.nameKey(account, name), policy);
            ObjectNode out = policy.toNode(0, 0, false);
            Tag.putIfAny(out, tags);
            return F.objectNode().set("Policy", out);
        }
    }

    JsonNode getPolicy(RequestContext ctx, ObjectNode input) {
        ManagedPolicyRecord p = policy(ctx, input);
        int attached = store.attachmentCounts(ctx.accountId()).getOrDefault(p.arn(), 0);
        int boundaries = store.boundaryCounts(ctx.accountId()).getOrDefault(p.arn(), 0);
        return F.objectNode().set("Policy", p.toNode(attached, boundaries, true));
    }

    JsonNode listPolicies(RequestContext ctx, ObjectNode input) {
        String scope = input.path("Scope").asText("All");
        String prefix = input.path("PathPrefix").asText(null);
        boolean onlyAttached = input.path("OnlyAttached").asBoolean(false);
        boolean boundariesOnly = "PermissionsBoundary".equals(input.path("PolicyUsageFilter").asText(null));
        Map<String, Integer> counts = store.attachmentCounts(ctx.accountId());
        Map<String, Integer> boundaries = store.boundaryCounts(ctx.accountId());
        List<ManagedPolicyRecord> all = new ArrayList<>();
        if (!scope.equals("Local")) {
            all.addAll(store.awsPolicies.all());
        }
        if (!scope.equals("AWS")) {
            all.addAll(store.policies.list(ctx.accountId() + "/"));
        }
        List<ManagedPolicyRecord> shown = all.stream()
                .filter(p -> IamArns.underPrefix(p.path(), prefix))
                .filter(p -> !onlyAttached || counts.getOrDefault(p.arn(), 0) > 0)
                .filter(p -> !boundariesOnly || boundaries.getOrDefault(p.arn(), 0) > 0)
                .sorted(Comparator.comparing(PolicyOperations::listingKey)).toList();
        return Pages.page(shown, PolicyOperations::listingKey,
                p -> p.toNode(counts.getOrDefault(p.arn(), 0), boundaries.getOrDefault(p.arn(), 0), false),
                input, "Policies", F.objectNode());
    }

    JsonNode deletePolicy(RequestContext ctx, ObjectNode input) {
        synchronized (store.lock) {
            ManagedPolicyRecord p = customerPolicy(ctx, input, "DeletePolicy");
            if (store.attachmentCounts(ctx.accountId()).getOrDefault(p.arn(), 0) > 0) {
                throw IamErrors.deleteConflict("Cannot delete a policy attached to entities.");
            }
            if (p.versions().size() > 1) {
                throw IamErrors.deleteConflict("This policy has more than one version. Before you delete a policy, "
                        + "you must delete the policy's versions. The default version is deleted with the policy.");
            }
            store.policies.delete(IamStore.nameKey(ctx.accountId(), p.name()));
        }
        return null;
    }

    JsonNode createPolicyVersion(RequestContext ctx, ObjectNode input) {
        String doc = document(input);
        synchronized (store.lock) {
            ManagedPolicyRecord p = customerPolicy(ctx, input, "CreatePolicyVersion");
            if (p.versions().size() >= ManagedPolicyRecord.MAX_VERSIONS) {
                throw IamErrors.limitExceeded("A managed policy can have up to " + ManagedPolicyRecord.MAX_VERSIONS
                        + " versions. Before you create a new version, you must delete an existing version.");
            }
            long now = store.now();
            var v = new ManagedPolicyRecord.PolicyVersionRecord("v" + p.nextVersion(), doc, now);
            ManagedPolicyRecord updated = p.withVersionAdded(v, input.path("SetAsDefault").asBoolean(false), now);
            store.policies.put(IamStore.nameKey(ctx.accountId(), p.name()), updated);
            return F.objectNode().set("PolicyVersion", updated.versionNode(v, false));
        }
    }

    JsonNode getPolicyVersion(RequestContext ctx, ObjectNode input) {
        ManagedPolicyRecord p = policy(ctx, input);
        return F.objectNode().set("PolicyVersion", p.versionNode(version(p, input), true));
    }

    JsonNode listPolicyVersions(RequestContext ctx, ObjectNode input) {
        ManagedPolicyRecord p = policy(ctx, input);
        List<ManagedPolicyRecord.PolicyVersionRecord> newestFirst = new ArrayList<>(p.versions());
        newestFirst.sort(Comparator.comparingInt(PolicyOperations::versionNumber).reversed());
        // the marker must grow along the listing, so newer versions get smaller keys
        return Pages.page(newestFirst, v -> String.format("%010d", Integer.MAX_VALUE - versionNumber(v)),
                v -> p.versionNode(v, false), input, "Versions", F.objectNode());
    }

    JsonNode deletePolicyVersion(RequestContext ctx, ObjectNode input) {
        synchronized (store.lock) {
            ManagedPolicyRecord p = customerPolicy(ctx, input, "DeletePolicyVersion");
            ManagedPolicyRecord.PolicyVersionRecord v = version(p, input);
            if (v.versionId().equals(p.defaultVersionId())) {
                throw IamErrors.deleteConflict("Cannot delete the default version of a policy.");
            }
            store.policies.put(IamStore.nameKey(ctx.accountId(), p.name()), p.withVersionRemoved(v.versionId()));
        }
        return null;
    }

    JsonNode setDefaultPolicyVersion(RequestContext ctx, ObjectNode input) {
        synchronized (store.lock) {
            ManagedPolicyRecord p = customerPolicy(ctx, input, "SetDefaultPolicyVersion");
            ManagedPolicyRecord.PolicyVersionRecord v = version(p, input);
            store.policies.put(IamStore.nameKey(ctx.accountId(), p.name()), p.withDefault(v.versionId(), store.now()));
        }
        return null;
    }

    JsonNode listEntitiesForPolicy(RequestContext ctx, ObjectNode input) {
        ManagedPolicyRecord p = policy(ctx, input);
        String filter = input.path("EntityFilter").asText(null);
        String prefix = input.path("PathPrefix").asText(null);
        ObjectNode out = F.objectNode();
        var roles = out.putArray("PolicyRoles");
        if (filter == null || filter.equals("Role")) {
            store.roles.list(ctx.accountId()).stream()
                    .filter(r -> r.policies().attached().contains(p.arn()) && IamArns.underPrefix(r.path(), prefix))
                    .forEach(r -> roles.addObject().put("RoleName", r.name()).put("RoleId", r.id()));
        }
        var users = out.putArray("PolicyUsers");
        if (filter == null || filter.equals("User")) {
            store.users.list(ctx.accountId()).stream()
                    .filter(u -> u.policies().attached().contains(p.arn()) && IamArns.underPrefix(u.path(), prefix))
                    .forEach(u -> users.addObject().put("UserName", u.name()).put("UserId", u.id()));
        }
        out.putArray("PolicyGroups");
        out.put("IsTruncated", false);
        return out;
    }

    /** The policy named by {@code PolicyArn}, or NoSuchEntity as GetPolicy answers. */
    private ManagedPolicyRecord policy(RequestContext ctx, ObjectNode input) {
        String arn = input.path("PolicyArn").asText();
        return store.findPolicy(ctx.accountId(), arn).orElseThrow(() -> IamErrors.policyNotFound(arn));
    }

    /** A policy the caller may change: AWS-managed ones belong to AWS. */
    private ManagedPolicyRecord customerPolicy(RequestContext ctx, ObjectNode input, String action) {
        ManagedPolicyRecord p = policy(ctx, input);
        if (p.awsManaged()) {
            throw IamErrors.notAuthorized(ctx.principalArn(), action, p.arn());
        }
        return p;
    }

    private static ManagedPolicyRecord.PolicyVersionRecord version(ManagedPolicyRecord p, ObjectNode input) {
        String id = input.path("VersionId").asText();
        return p.version(id).orElseThrow(() -> new AwsException("NoSuchEntity",
                "Policy " + p.arn() + " version " + id + " does not exist or is not attachable."));
    }

    private static String document(ObjectNode input) {
        String doc = PolicyDocuments.validated(input.path("PolicyDocument").asText(), PolicyDocuments.Kind.IDENTITY);
        if (PolicyDocuments.chargedSize(doc) > MAX_POLICY_CHARS) {
            throw IamErrors.limitExceeded("Cannot exceed quota for PolicySize: " + MAX_POLICY_CHARS);
        }
        return doc;
    }

    /** ListPolicies orders by name, case-insensitively; the ARN breaks ties between AWS and local names. */
    private static String listingKey(ManagedPolicyRecord p) {
        return p.name().toLowerCase(java.util.Locale.ROOT) + "\u0000" + p.arn();
    }

    private static int versionNumber(ManagedPolicyRecord.PolicyVersionRecord v) {
        String digits = v.versionId().substring(1).split("\\.")[0];
        return Integer.parseInt(digits);
    }
}
