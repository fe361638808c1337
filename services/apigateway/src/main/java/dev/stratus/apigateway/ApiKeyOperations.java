package dev.stratus.apigateway;

import static dev.stratus.apigateway.RestApiOperations.copy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.apigateway.Patches.Kind;
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.codec.Timestamps;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** API keys: CreateApiKey, GetApiKey(s), UpdateApiKey, DeleteApiKey. */
final class ApiKeyOperations {
    /** Length of a generated key value, as AWS generates them. */
    static final int GENERATED_VALUE_LENGTH = 40;
    /** AWS refuses shorter imported values. */
    static final int MIN_VALUE_LENGTH = 20;
    private static final String VALUE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final UsageStore usage;
    private final ApiStore apis;
    private final Clock clock;

    ApiKeyOperations(UsageStore usage, ApiStore apis, Clock clock) {
        this.usage = usage;
        this.apis = apis;
        this.clock = clock;
    }

    JsonNode createApiKey(RequestContext ctx, ObjectNode in) {
        String value = in.path("value").asText(null);
        if (value == null) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < GENERATED_VALUE_LENGTH; i++) {
                sb.append(VALUE_ALPHABET.charAt(RANDOM.nextInt(VALUE_ALPHABET.length())));
            }
            value = sb.toString();
        } else if (value.length() < MIN_VALUE_LENGTH) {
            throw ApiErrors.badRequest("API Key value should be at least " + MIN_VALUE_LENGTH + " characters");
        }
        String v = value;
        if (usage.keys(ctx.accountId(), ctx.region()).stream().anyMatch(k -> k.path("value").asText().equals(v))) {
            throw ApiErrors.conflict("API Key already exists");
        }
        ObjectNode key = JsonNodeFactory.instance.objectNode();
        String id;
        do {
            id = Ids.random(10);
        } while (usage.key(ctx, id).isPresent());
        key.put("id", id);
        key.put("value", value);
        key.put("name", in.path("name").asText(id));
        copy(in, key, "customerId", "description");
        key.put("enabled", in.path("enabled").asBoolean(false));
        key.set("createdDate", Timestamps.node(clock.instant()));
        key.set("lastUpdatedDate", Timestamps.node(clock.instant()));
        ArrayNode stageKeys = key.putArray("stageKeys");
        for (JsonNode sk : in.path("stageKeys")) {
            String apiId = sk.path("restApiId").asText();
            DeploymentOperations.stage(apis.get(ctx, apiId), sk.path("stageName").asText());
            stageKeys.add(apiId + "/" + sk.path("stageName").asText());
        }
        copy(in, key, "tags");
        usage.putKey(ctx, key);
        return key;
    }

    private static ObjectNode shown(ObjectNode key, boolean includeValue) {
        ObjectNode out = key.deepCopy();
        if (!includeValue) {
            out.remove("value");
        }
        return out;
    }

    JsonNode getApiKey(RequestContext ctx, ObjectNode in) {
        return shown(usage.requireKey(ctx, in.path("apiKey").asText()), in.path("includeValue").asBoolean(false));
    }

    JsonNode getApiKeys(RequestContext ctx, ObjectNode in) {
        String name = in.path("nameQuery").asText(null);
        String customer = in.path("customerId").asText(null);
        boolean values = in.path("includeValues").asBoolean(false);
        List<ObjectNode> all = usage.keys(ctx.accountId(), ctx.region()).stream()
                .filter(k -> name == null || k.path("name").asText().startsWith(name))
                .filter(k -> customer == null || customer.equals(k.path("customerId").asText(null)))
                .sorted(Comparator.comparing(k -> k.path("id").asText()))
                .map(k -> shown(k, values)).toList();
        return Pages.page(all, in);
    }

    JsonNode updateApiKey(RequestContext ctx, ObjectNode in) {
        synchronized (usage) {
            ObjectNode key = usage.requireKey(ctx, in.path("apiKey").asText());
            Patches.applyAll(key, in.path("patchOperations"), Map.of("name", Kind.STRING, "description",
                    Kind.STRING, "enabled", Kind.BOOLEAN, "customerId", Kind.STRING, "stageKeys", Kind.LIST));
            key.set("lastUpdatedDate", Timestamps.node(clock.instant()));
            usage.putKey(ctx, key);
            return shown(key, false);
        }
    }

    JsonNode deleteApiKey(RequestContext ctx, ObjectNode in) {
        synchronized (usage) {
            String id = in.path("apiKey").asText();
            usage.requireKey(ctx, id);
            usage.deleteKey(ctx, id);
            for (ObjectNode plan : usage.plans(ctx.accountId(), ctx.region())) {
                ArrayNode ids = (ArrayNode) plan.path(UsageStore.PLAN_KEYS);
                for (int i = ids.size() - 1; i >= 0; i--) {
                    if (ids.get(i).asText().equals(id)) {
                        ids.remove(i);
                        usage.putPlan(ctx, plan);
                    }
                }
            }
            return null;
        }
    }
}
