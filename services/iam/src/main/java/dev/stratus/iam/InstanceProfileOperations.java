package dev.stratus.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.codec.Timestamps;
import java.time.Instant;
import java.util.List;

/** IAM's instance-profile operations: profiles, the role each holds, and their tags. */
final class InstanceProfileOperations {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final IamStore store;
    final TagOperations<InstanceProfileRecord> tags;

    InstanceProfileOperations(IamStore store) {
        this.store = store;
        this.tags = new TagOperations<>(store, this::profile,
                (ctx, p) -> store.instanceProfiles.put(IamStore.nameKey(ctx.accountId(), p.name()), p),
                "TagsPerInstanceProfile");
    }

    JsonNode createInstanceProfile(RequestContext ctx, ObjectNode input) {
        String account = ctx.accountId();
        String name = input.path("InstanceProfileName").asText();
        String path = input.path("Path").asText("/");
        List<Tag> tags = Tag.merge(List.of(), Tag.fromInput(input.path("Tags")), "TagsPerInstanceProfile");
        synchronized (store.lock) {
            if (store.instanceProfiles.get(IamStore.nameKey(account, name)).isPresent()) {
                throw new AwsException("EntityAlreadyExists", "Instance Profile " + name + " already exists.");
            }
            InstanceProfileRecord profile = new InstanceProfileRecord(account, name, path,
                    IamIds.uniqueId(IamIds.INSTANCE_PROFILE), IamArns.of(account, "instance-profile", path, name),
                    store.now(), List.of(), tags);
            store.instanceProfiles.put(IamStore.nameKey(account, name), profile);
            return F.objectNode().set("InstanceProfile", node(profile));
        }
    }

    JsonNode getInstanceProfile(RequestContext ctx, ObjectNode input) {
        return F.objectNode().set("InstanceProfile", node(profile(ctx, input)));
    }

    JsonNode listInstanceProfiles(RequestContext ctx, ObjectNode input) {
        String prefix = input.path("PathPrefix").asText(null);
        List<InstanceProfileRecord> profiles = store.instanceProfiles.list(ctx.accountId() + "/").stream()
                .filter(p -> IamArns.underPrefix(p.path(), prefix)).toList();
        return Pages.page(profiles, p -> EntityStore.key("", p.name()), this::node, input, "InstanceProfiles",
                F.objectNode());
    }

    JsonNode listInstanceProfilesForRole(RequestContext ctx, ObjectNode input) {
        String roleName = store.roles.require(ctx.accountId(), input.path("RoleName").asText()).name();
        List<InstanceProfileRecord> profiles = store.profilesHolding(ctx.accountId(), roleName);
        return Pages.page(profiles, p -> EntityStore.key("", p.name()), this::node, input, "InstanceProfiles",
                F.objectNode());
    }

    JsonNode deleteInstanceProfile(RequestContext ctx, ObjectNode input) {
        synchronized (store.lock) {
            InstanceProfileRecord profile = profile(ctx, input);
            if (!profile.roleNames().isEmpty()) {
                throw IamErrors.deleteConflict("Cannot delete entity, must remove roles from instance profile first.");
            }
            store.instanceProfiles.delete(IamStore.nameKey(ctx.accountId(), profile.name()));
        }
        return null;
    }

    JsonNode addRoleToInstanceProfile(RequestContext ctx, ObjectNode input) {
        synchronized (store.lock) {
            InstanceProfileRecord profile = profile(ctx, input);
            RoleRecord role = store.roles.require(ctx.accountId(), input.path("RoleName").asText());
            if (profile.roleNames().size() >= InstanceProfileRecord.MAX_ROLES) {
                throw IamErrors.limitExceeded("Cannot exceed quota for InstanceSessionsPerInstanceProfile: "
                        + InstanceProfileRecord.MAX_ROLES);
            }
            store.instanceProfiles.put(IamStore.nameKey(ctx.accountId(), profile.name()),
                    profile.withRole(role.name()));
        }
        return null;
    }

    JsonNode removeRoleFromInstanceProfile(RequestContext ctx, ObjectNode input) {
        String roleName = input.path("RoleName").asText();
        synchronized (store.lock) {
            InstanceProfileRecord profile = profile(ctx, input);
            if (!profile.holds(roleName)) {
                throw IamErrors.noSuchEntity("role", roleName);
            }
            store.instanceProfiles.put(IamStore.nameKey(ctx.accountId(), profile.name()),
                    profile.withoutRole(roleName));
        }
        return null;
    }

    private InstanceProfileRecord profile(RequestContext ctx, ObjectNode input) {
        String name = input.path("InstanceProfileName").asText();
        return store.instanceProfiles.get(IamStore.nameKey(ctx.accountId(), name)).orElseThrow(() ->
                new AwsException("NoSuchEntity", "Instance Profile " + name + " cannot be found."));
    }

    /** The InstanceProfile structure, with each role it holds as ListRoles shows roles. */
    private ObjectNode node(InstanceProfileRecord p) {
        ObjectNode n = F.objectNode();
        n.put("Path", p.path()).put("InstanceProfileName", p.name()).put("InstanceProfileId", p.id())
                .put("Arn", p.arn());
        n.set("CreateDate", Timestamps.node(Instant.ofEpochMilli(p.created())));
        ArrayNode roles = n.putArray("Roles");
        for (String roleName : p.roleNames()) {
            store.roles.find(p.account(), roleName).ifPresent(r -> roles.add(r.toNode(false)));
        }
        Tag.putIfAny(n, p.tags());
        return n;
    }
}
