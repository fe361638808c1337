package dev.stratus.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import java.util.List;

/** IAM's role operations: roles, their trust policies, tags, boundaries and permission policies. */
final class RoleOperations {
    /** Inline policies of one role together (IAM quota, white space not counted). */
    static final int MAX_ROLE_INLINE_CHARS = 10_240;
    /** Managed policies attached to one role (IAM's default quota). */
    static final int MAX_ROLE_ATTACHED = 10;
    /** A trust policy's size (IAM's default quota, white space not counted). */
    static final int MAX_TRUST_POLICY_CHARS = 2_048;

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final IamStore store;
    final EntityPolicies<RoleRecord> policies;
    final TagOperations<RoleRecord> tags;

    RoleOperations(IamStore store) {
        this.store = store;
        this.policies = new EntityPolicies<>(store, store.roles, "RoleName", MAX_ROLE_INLINE_CHARS,
                MAX_ROLE_ATTACHED, "PoliciesPerRole");
        this.tags = new TagOperations<>(store, this::role, (ctx, r) -> store.roles.put(ctx.accountId(), r),
                "TagsPerRole");
    }

    JsonNode createRole(RequestContext ctx, ObjectNode input) {
        String account = ctx.accountId();
        String name = input.path("RoleName").asText();
        String path = input.path("Path").asText("/");
        String trust = trustPolicy(input.path("AssumeRolePolicyDocument").asText());
        List<Tag> tags = Tag.merge(List.of(), Tag.fromInput(input.path("Tags")), "TagsPerRole");
        String boundary = input.path("PermissionsBoundary").asText(null);
        synchronized (store.lock) {
            if (store.roles.find(account, name).isPresent()) {
                throw IamErrors.alreadyExists("Role", name);
            }
            if (boundary != null) {
                store.findPolicy(account, boundary).orElseThrow(() -> IamErrors.policyNotAttachable(boundary));
            }
            RoleRecord role = new RoleRecord(account, name, path, IamIds.uniqueId(IamIds.ROLE),
                    IamArns.of(account, "role", path, name), store.now(), trust, input.path("Description").asText(null),
                    input.path("MaxSessionDuration").asInt(RoleRecord.DEFAULT_MAX_SESSION_SECONDS), boundary, tags,
                    PermissionPolicies.none());
            store.roles.put(account, role);
            return F.objectNode().set("Role", role.toNode(true).without("RoleLastUsed"));
        }
    }

    JsonNode getRole(RequestContext ctx, ObjectNode input) {
        return F.objectNode().set("Role", role(ctx, input).toNode(true));
    }

    JsonNode listRoles(RequestContext ctx, ObjectNode input) {
        String prefix = input.path("PathPrefix").asText(null);
        List<RoleRecord> roles = store.roles.list(ctx.accountId()).stream()
                .filter(r -> IamArns.underPrefix(r.path(), prefix)).toList();
        return Pages.page(roles, r -> EntityStore.key("", r.name()), r -> r.toNode(false), input, "Roles",
                F.objectNode());
    }

    JsonNode updateRole(RequestContext ctx, ObjectNode input) {
        synchronized (store.lock) {
            RoleRecord role = role(ctx, input);
            store.roles.put(ctx.accountId(), role.withSettings(
                    input.has("Description") ? input.get("Description").asText() : role.description(),
                    input.path("MaxSessionDuration").asInt(role.maxSessionDuration())));
        }
        return F.objectNode();
    }

    JsonNode updateRoleDescription(RequestContext ctx, ObjectNode input) {
        synchronized (store.lock) {
            RoleRecord role = role(ctx, input);
            RoleRecord updated = role.withSettings(input.path("Description").asText(), role.maxSessionDuration());
            store.roles.put(ctx.accountId(), updated);
            return F.objectNode().set("Role", updated.toNode(true));
        }
    }

    JsonNode updateAssumeRolePolicy(RequestContext ctx, ObjectNode input) {
        String trust = trustPolicy(input.path("PolicyDocument").asText());
        synchronized (store.lock) {
            store.roles.put(ctx.accountId(), role(ctx, input).withTrustPolicy(trust));
        }
        return null;
    }

    JsonNode deleteRole(RequestContext ctx, ObjectNode input) {
        synchronized (store.lock) {
            RoleRecord role = role(ctx, input);
            if (!store.profilesHolding(ctx.accountId(), role.name()).isEmpty()) {
                throw IamErrors.deleteConflict("Cannot delete entity, must remove roles from instance profile first.");
            }
            policies.requireNoPolicies(role);
            store.roles.delete(ctx.accountId(), role.name());
        }
        return null;
    }

    JsonNode putRolePermissionsBoundary(RequestContext ctx, ObjectNode input) {
        String boundary = input.path("PermissionsBoundary").asText();
        synchronized (store.lock) {
            RoleRecord role = role(ctx, input);
            store.findPolicy(ctx.accountId(), boundary).orElseThrow(() -> IamErrors.policyNotAttachable(boundary));
            store.roles.put(ctx.accountId(), role.withBoundary(boundary));
        }
        return null;
    }

    JsonNode deleteRolePermissionsBoundary(RequestContext ctx, ObjectNode input) {
        synchronized (store.lock) {
            store.roles.put(ctx.accountId(), role(ctx, input).withBoundary(null));
        }
        return null;
    }

    private RoleRecord role(RequestContext ctx, ObjectNode input) {
        return store.roles.require(ctx.accountId(), input.path("RoleName").asText());
    }

    private static String trustPolicy(String raw) {
        String doc = PolicyDocuments.validated(raw, PolicyDocuments.Kind.TRUST);
        if (PolicyDocuments.chargedSize(doc) > MAX_TRUST_POLICY_CHARS) {
            throw IamErrors.limitExceeded("Cannot exceed quota for ACLSizePerRole: " + MAX_TRUST_POLICY_CHARS);
        }
        return doc;
    }
}
