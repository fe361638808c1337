package dev.stratus.apigateway;

import static dev.stratus.apigateway.RestApiOperations.copy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** Usage plans, their keys, and GetUsage. */
final class UsagePlanOperations {
    private static final Set<String> PERIODS = Set.of("DAY", "WEEK", "MONTH");

    private final UsageStore usage;
    private final ApiStore apis;
    private final UsageGuard guard;
    /** apigatewayv2's APIs: a plan's stages may be WebSocket APIs' (their routes can require API keys). */
    private final HttpApiStore webSocketApis;

    UsagePlanOperations(UsageStore usage, ApiStore apis, UsageGuard guard, HttpApiStore webSocketApis) {
        this.usage = usage;
        this.apis = apis;
        this.guard = guard;
        this.webSocketApis = webSocketApis;
    }

    JsonNode createUsagePlan(RequestContext ctx, ObjectNode in) {
        synchronized (usage) {
            ObjectNode plan = JsonNodeFactory.instance.objectNode();
            plan.put("id", Ids.random(6));
            plan.put("name", in.path("name").asText());
            copy(in, plan, "description");
            ArrayNode stages = plan.putArray("apiStages");
            for (JsonNode s : in.path("apiStages")) {
                checkStage(ctx, s.path("apiId").asText(), s.path("stage").asText());
                stages.add(s.deepCopy());
            }
            copy(in, plan, "throttle", "quota", "tags");
            checkQuota(plan);
            plan.putArray(UsageStore.PLAN_KEYS);
            usage.putPlan(ctx, plan);
            return UsageStore.visible(plan);
        }
    }

    private void checkStage(RequestContext ctx, String apiId, String stage) {
        HttpApiState webSocketApi = webSocketApis.byId(apiId).filter(WebSocketRoute::isWebSocket)
                .filter(a -> a.accountId().equals(ctx.accountId()) && a.region().equals(ctx.region())).orElse(null);
        if (webSocketApi != null) {
            if (!webSocketApi.stages().containsKey(stage)) {
                throw ApiErrors.notFound("Invalid stage identifier specified");
            }
            return;
        }
        RestApiState api = apis.byId(apiId).filter(a -> a.accountId().equals(ctx.accountId())
                && a.region().equals(ctx.region())).orElseThrow(() -> ApiErrors.notFound(
                        "Invalid API identifier specified " + ctx.accountId() + ":" + apiId));
        if (!api.stages().containsKey(stage)) {
            throw ApiErrors.notFound("Invalid stage identifier specified");
        }
    }

    private static void checkQuota(ObjectNode plan) {
        JsonNode quota = plan.get("quota");
        if (quota != null && !PERIODS.contains(quota.path("period").asText())) {
            throw ApiErrors.badRequest("Invalid quota period: must be one of DAY, WEEK or MONTH");
        }
    }

    JsonNode getUsagePlan(RequestContext ctx, ObjectNode in) {
        return UsageStore.visible(usage.requirePlan(ctx, in.path("usagePlanId").asText()));
    }

    JsonNode getUsagePlans(RequestContext ctx, ObjectNode in) {
        String keyId = in.path("keyId").asText(null);
        List<ObjectNode> all = usage.plans(ctx.accountId(), ctx.region()).stream()
                .filter(p -> keyId == null || contains(p.path(UsageStore.PLAN_KEYS), keyId))
                .sorted(Comparator.comparing(p -> p.path("id").asText()))
                .map(UsageStore::visible).toList();
        return Pages.page(all, in);
    }

    private static boolean contains(JsonNode list, String value) {
        for (JsonNode v : list) {
            if (v.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    JsonNode updateUsagePlan(RequestContext ctx, ObjectNode in) {
        synchronized (usage) {
            ObjectNode plan = usage.requirePlan(ctx, in.path("usagePlanId").asText());
            for (JsonNode patch : in.path("patchOperations")) {
                apply(ctx, plan, patch);
            }
            checkQuota(plan);
            usage.putPlan(ctx, plan);
            return UsageStore.visible(plan);
        }
    }

    /** UpdateUsagePlan's paths: /name, /description, /productCode, /throttle/*, /quota/*, /apiStages. */
    private void apply(RequestContext ctx, ObjectNode plan, JsonNode patch) {
        String op = patch.path("op").asText();
        String path = patch.path("path").asText();
        String value = patch.path("value").asText(null);
        boolean remove = op.equals("remove");
        switch (path) {
            case "/name", "/description", "/productCode" -> {
                if (remove) {
                    plan.remove(path.substring(1));
                } else {
                    plan.put(path.substring(1), value);
                }
            }
            case "/throttle/rateLimit", "/throttle/burstLimit", "/quota/limit", "/quota/offset", "/quota/period" -> {
                String[] parts = path.substring(1).split("/");
                if (remove) {
                    plan.remove(parts[0]);
                    return;
                }
                if (value == null) {
                    throw ApiErrors.badRequest("Invalid value for " + path + ": a value is required");
                }
                ObjectNode section = plan.has(parts[0]) ? (ObjectNode) plan.get(parts[0]) : plan.putObject(parts[0]);
                try {
                    switch (parts[1]) {
                        case "rateLimit" -> section.put(parts[1], Double.parseDouble(value));
                        case "period" -> section.put(parts[1], value);
                        default -> section.put(parts[1], Integer.parseInt(value));
                    }
                } catch (NumberFormatException e) {
                    throw ApiErrors.badRequest("Invalid value for " + path + ": " + value);
                }
            }
            case "/apiStages" -> {
                String[] ref = value == null ? new String[0] : value.split(":", 2);
                if (ref.length != 2) {
                    throw ApiErrors.badRequest("Invalid API stage specified: " + value
                            + ". Must be of the form apiId:stageName");
                }
                ArrayNode stages = (ArrayNode) plan.path("apiStages");
                if (op.equals("add")) {
                    checkStage(ctx, ref[0], ref[1]);
                    stages.addObject().put("apiId", ref[0]).put("stage", ref[1]);
                } else if (remove) {
                    for (int i = stages.size() - 1; i >= 0; i--) {
                        if (stages.get(i).path("apiId").asText().equals(ref[0])
                                && stages.get(i).path("stage").asText().equals(ref[1])) {
                            stages.remove(i);
                        }
                    }
                } else {
                    throw ApiErrors.badRequest("Invalid patch operation specified. Operation " + op
                            + " is not supported on path " + path);
                }
            }
            default -> throw ApiErrors.badRequest("Invalid patch path " + path + " specified for op " + op
                    + ". Must be one of: [/name, /description, /productCode, /throttle/rateLimit, "
                    + "/throttle/burstLimit, /quota/limit, /quota/offset, /quota/period, /apiStages]");
        }
    }

    JsonNode deleteUsagePlan(RequestContext ctx, ObjectNode in) {
        synchronized (usage) {
            usage.requirePlan(ctx, in.path("usagePlanId").asText());
            usage.deletePlan(ctx, in.path("usagePlanId").asText());
            return null;
        }
    }

    private static ObjectNode planKey(ObjectNode key) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("id", key.path("id").asText());
        out.put("type", "API_KEY");
        out.put("value", key.path("value").asText());
        out.put("name", key.path("name").asText());
        return out;
    }

    JsonNode createUsagePlanKey(RequestContext ctx, ObjectNode in) {
        synchronized (usage) {
            ObjectNode plan = usage.requirePlan(ctx, in.path("usagePlanId").asText());
            if (!in.path("keyType").asText().equals("API_KEY")) {
                throw ApiErrors.badRequest("Invalid key type specified: " + in.path("keyType").asText()
                        + ". Must be API_KEY");
            }
            ObjectNode key = usage.requireKey(ctx, in.path("keyId").asText());
            ArrayNode ids = (ArrayNode) plan.path(UsageStore.PLAN_KEYS);
            if (contains(ids, key.path("id").asText())) {
                throw ApiErrors.conflict("Usage Plan " + plan.path("id").asText() + " cannot be added because API Key "
                        + key.path("id").asText() + " is already associated with it");
            }
            ids.add(key.path("id").asText());
            usage.putPlan(ctx, plan);
            return planKey(key);
        }
    }

    private List<ObjectNode> planKeys(RequestContext ctx, ObjectNode plan) {
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode id : plan.path(UsageStore.PLAN_KEYS)) {
            usage.key(ctx, id.asText()).ifPresent(k -> out.add(planKey(k)));
        }
        return out;
    }

    JsonNode getUsagePlanKeys(RequestContext ctx, ObjectNode in) {
        ObjectNode plan = usage.requirePlan(ctx, in.path("usagePlanId").asText());
        String name = in.path("nameQuery").asText(null);
        return Pages.page(planKeys(ctx, plan).stream()
                .filter(k -> name == null || k.path("name").asText().startsWith(name)).toList(), in);
    }

    JsonNode getUsagePlanKey(RequestContext ctx, ObjectNode in) {
        ObjectNode plan = usage.requirePlan(ctx, in.path("usagePlanId").asText());
        String keyId = in.path("keyId").asText();
        return planKeys(ctx, plan).stream().filter(k -> k.path("id").asText().equals(keyId)).findFirst()
                .orElseThrow(() -> ApiErrors.notFound("Invalid Usage Plan Key identifier specified"));
    }

    JsonNode deleteUsagePlanKey(RequestContext ctx, ObjectNode in) {
        synchronized (usage) {
            ObjectNode plan = usage.requirePlan(ctx, in.path("usagePlanId").asText());
            ArrayNode ids = (ArrayNode) plan.path(UsageStore.PLAN_KEYS);
            String keyId = in.path("keyId").asText();
            for (int i = ids.size() - 1; i >= 0; i--) {
                if (ids.get(i).asText().equals(keyId)) {
                    ids.remove(i);
                    usage.putPlan(ctx, plan);
                    return null;
                }
            }
            throw ApiErrors.notFound("Invalid Usage Plan Key identifier specified");
        }
    }

    JsonNode getUsage(RequestContext ctx, ObjectNode in) {
        ObjectNode plan = usage.requirePlan(ctx, in.path("usagePlanId").asText());
        return guard.usage(plan, in.path("keyId").asText(null), in.path("startDate").asText(),
                in.path("endDate").asText());
    }
}
