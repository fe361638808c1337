package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.state.DocumentStore;
import dev.stratus.storage.Storage;
import java.util.List;
import java.util.Optional;

/**
 * API keys and usage plans per account and region, each one JSON document shaped like the model's ApiKey and
 * UsagePlan; a plan's keys are kept in the plan document under {@code keyIds} (never returned).
 */
final class UsageStore {
    static final String PLAN_KEYS = "keyIds";

    private final DocumentStore<ObjectNode> keys;
    private final DocumentStore<ObjectNode> plans;

    UsageStore(Storage storage) {
        this.keys = new DocumentStore<>(storage, "apigateway.apikeys", ObjectNode.class);
        this.plans = new DocumentStore<>(storage, "apigateway.usageplans", ObjectNode.class);
    }

    private static String prefix(String account, String region) {
        return account + "/" + region + "/";
    }

    List<ObjectNode> keys(String account, String region) {
        return keys.list(prefix(account, region));
    }

    Optional<ObjectNode> key(RequestContext ctx, String id) {
        return keys.get(prefix(ctx.accountId(), ctx.region()) + id);
    }

    ObjectNode requireKey(RequestContext ctx, String id) {
        return key(ctx, id).orElseThrow(() -> ApiErrors.notFound("Invalid API Key identifier specified"));
    }

    synchronized void putKey(RequestContext ctx, ObjectNode key) {
        keys.put(prefix(ctx.accountId(), ctx.region()) + key.path("id").asText(), key);
    }

    synchronized void deleteKey(RequestContext ctx, String id) {
        keys.delete(prefix(ctx.accountId(), ctx.region()) + id);
    }

    List<ObjectNode> plans(String account, String region) {
        return plans.list(prefix(account, region));
    }

    ObjectNode requirePlan(RequestContext ctx, String id) {
        return plans.get(prefix(ctx.accountId(), ctx.region()) + id)
                .orElseThrow(() -> ApiErrors.notFound("Invalid Usage Plan ID specified"));
    }

    synchronized void putPlan(RequestContext ctx, ObjectNode plan) {
        plans.put(prefix(ctx.accountId(), ctx.region()) + plan.path("id").asText(), plan);
    }

    synchronized void deletePlan(RequestContext ctx, String id) {
        plans.delete(prefix(ctx.accountId(), ctx.region()) + id);
    }

    /** The plan as the API returns it (without its key list). */
    static ObjectNode visible(ObjectNode plan) {
        ObjectNode out = plan.deepCopy();
        out.remove(PLAN_KEYS);
        return out;
    }
}
