package dev.stratus.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.codec.Timestamps;
import java.time.Instant;
import java.util.List;

/** IAM's user operations: users, their tags and permission policies. */
final class UserOperations {
    /** Inline policies of one user together (IAM quota, white space not counted). */
    static final int MAX_USER_INLINE_CHARS = 2_048;
    /** Managed policies attached to one user (IAM's default quota). */
    static final int MAX_USER_ATTACHED = 10;

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final IamStore store;
    final EntityPolicies<UserRecord> policies;
    final TagOperations<UserRecord> tags;

    UserOperations(IamStore store) {
        this.store = store;
        this.policies = new EntityPolicies<>(store, store.users, "UserName", MAX_USER_INLINE_CHARS,
                MAX_USER_ATTACHED, "PoliciesPerUser");
        this.tags = new TagOperations<>(store, this::user, (ctx, u) -> store.users.put(ctx.accountId(), u),
                "TagsPerUser");
    }

    JsonNode createUser(RequestContext ctx, ObjectNode input) {
        String account = ctx.accountId();
        String name = input.path("UserName").asText();
        String path = input.path("Path").asText("/");
        List<Tag> tags = Tag.merge(List.of(), Tag.fromInput(input.path("Tags")), "TagsPerUser");
        String boundary = input.path("PermissionsBoundary").asText(null);
        synchronized (store.lock) {
            if (store.users.find(account, name).isPresent()) {
                throw IamErrors.alreadyExists("User", name);
            }
            if (boundary != null) {
                store.findPolicy(account, boundary).orElseThrow(() -> IamErrors.policyNotAttachable(boundary));
            }
            UserRecord user = new UserRecord(account, name, path, IamIds.uniqueId(IamIds.USER),
                    IamArns.of(account, "user", path, name), store.now(), boundary, tags, PermissionPolicies.none());
            store.users.put(account, user);
            return F.objectNode().set("User", user.toNode(true));
        }
    }

    /** GetUser without a name answers for the caller; for the account root IAM answers with the root user. */
    JsonNode getUser(RequestContext ctx, ObjectNode input) {
        String name = Callers.userName(ctx, input.path("UserName").asText(null));
        if (name == null) {
            ObjectNode root = F.objectNode().put("UserId", ctx.accountId()).put("Arn", IamArns.root(ctx.accountId()));
            root.set("CreateDate", Timestamps.node(Instant.EPOCH));
            return F.objectNode().set("User", root);
        }
        return F.objectNode().set("User", store.users.require(ctx.accountId(), name).toNode(true));
    }

    JsonNode listUsers(RequestContext ctx, ObjectNode input) {
        String prefix = input.path("PathPrefix").asText(null);
        List<UserRecord> users = store.users.list(ctx.accountId()).stream()
                .filter(u -> IamArns.underPrefix(u.path(), prefix)).toList();
        return Pages.page(users, u -> EntityStore.key("", u.name()), u -> u.toNode(false), input, "Users",
                F.objectNode());
    }

    JsonNode deleteUser(RequestContext ctx, ObjectNode input) {
        synchronized (store.lock) {
            UserRecord user = user(ctx, input);
            if (!store.accessKeysOf(ctx.accountId(), user.name()).isEmpty()) {
                throw IamErrors.deleteConflict("Cannot delete entity, must delete access keys first.");
            }
            policies.requireNoPolicies(user);
            store.users.delete(ctx.accountId(), user.name());
        }
        return null;
    }

    private UserRecord user(RequestContext ctx, ObjectNode input) {
        return store.users.require(ctx.accountId(), input.path("UserName").asText());
    }
}
