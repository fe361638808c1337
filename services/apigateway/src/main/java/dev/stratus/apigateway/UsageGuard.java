package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.apigateway.GatewayResponses.GatewayError;
import dev.stratus.apigateway.GatewayResponses.Type;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Admission after authorization: stage and method throttling (methodSettings), then for methods with
 * apiKeyRequired the API key, its usage plan for the stage, the plan's throttle and its quota. Counters live in
 * memory (a restart resets them) and read the platform clock.
 */
final class UsageGuard {
    static final GatewayError FORBIDDEN = new GatewayError(Type.INVALID_API_KEY, "ForbiddenException", "Forbidden");
    static final GatewayError THROTTLED = new GatewayError(Type.THROTTLED, "TooManyRequestsException",
            "Too Many Requests");
    static final GatewayError QUOTA_EXCEEDED = new GatewayError(Type.QUOTA_EXCEEDED, "LimitExceededException",
            "Limit Exceeded");

    private record Quota(LocalDate periodStart, long used) {
    }

    private final UsageStore usage;
    private final Clock clock;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final Map<String, Quota> quotas = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> daily = new ConcurrentHashMap<>();

    UsageGuard(UsageStore usage, Clock clock) {
        this.usage = usage;
        this.clock = clock;
    }

    MethodAuthorization.Decision admit(ApiRequest req, RestApiState api, ObjectNode stage, RouteMatcher.Match match) {
        Instant now = clock.instant();
        // methodSettings keys are the resource path with '/' escaped as JSON Pointer does ("~1pets/GET").
        String methodKey = match.resource().path("path").asText().replace("/", "~1") + "/"
                + match.method().path("httpMethod").asText();
        JsonNode settings = stage.path("methodSettings");
        JsonNode setting = settings.has(methodKey) ? settings.get(methodKey) : settings.path("*/*");
        if (setting.has("throttlingRateLimit") || setting.has("throttlingBurstLimit")) {
            String scope = settings.has(methodKey) ? methodKey : "*/*";
            double rate = setting.path("throttlingRateLimit").asDouble(Double.MAX_VALUE);
            double burst = setting.path("throttlingBurstLimit").asDouble(Double.MAX_VALUE);
            if (!take("stage/" + api.id() + "/" + req.stage() + "/" + scope, rate, burst, now)) {
                return new MethodAuthorization.Decision(req, THROTTLED);
            }
        }
        if (!match.method().path("apiKeyRequired").asBoolean(false)) {
            return new MethodAuthorization.Decision(req, null);
        }
        boolean fromAuthorizer = api.api().path("apiKeySource").asText("HEADER").equals("AUTHORIZER");
        String value = fromAuthorizer ? req.caller().apiKey() : req.http().header("x-api-key");
        KeyVerdict verdict = admitKey(api.accountId(), api.region(), api.id(), req.stage(), value,
                match.resource().path("path").asText() + "/" + match.method().path("httpMethod").asText(), now);
        if (verdict.refusal() != null) {
            return new MethodAuthorization.Decision(req, verdict.refusal());
        }
        String keyId = verdict.keyId();
        ApiRequest.Caller c = req.caller();
        ObjectNode identity = c.identity() == null ? JsonNodeFactory.instance.objectNode() : c.identity().deepCopy();
        identity.put("apiKeyId", keyId);
        return new MethodAuthorization.Decision(req.withCaller(new ApiRequest.Caller(c.authorizer(), identity,
                value)), null);
    }

    /** The outcome of checking an API key: its id when admitted, else the gateway error to answer with. */
    record KeyVerdict(String keyId, GatewayError refusal) {
    }

    /**
     * Checks an API key value against the usage plans of an API's stage (REST or WebSocket): the key must exist,
     * be enabled and belong to a plan of that stage; the plan's throttle (or its per-method throttle under
     * {@code methodKey}) and quota then apply, and the request is counted for GetUsage.
     */
    KeyVerdict admitKey(String account, String region, String apiId, String stage, String value, String methodKey,
                        Instant now) {
        if (value == null || value.isEmpty()) {
            return new KeyVerdict(null, FORBIDDEN);
        }
        ObjectNode key = usage.keys(account, region).stream()
                .filter(k -> k.path("value").asText().equals(value)).findFirst().orElse(null);
        if (key == null || !key.path("enabled").asBoolean(false)) {
            return new KeyVerdict(null, FORBIDDEN);
        }
        String keyId = key.path("id").asText();
        ObjectNode plan = null;
        JsonNode apiStage = null;
        for (ObjectNode p : usage.plans(account, region)) {
            JsonNode s = stageOf(p, apiId, stage);
            if (s != null && contains(p.path(UsageStore.PLAN_KEYS), keyId)) {
                plan = p;
                apiStage = s;
                break;
            }
        }
        if (plan == null) {
            return new KeyVerdict(null, FORBIDDEN);
        }
        String planKey = plan.path("id").asText() + "/" + keyId;
        JsonNode methodThrottle = apiStage.path("throttle").path(methodKey);
        JsonNode throttle = methodThrottle.isObject() ? methodThrottle : plan.path("throttle");
        if (throttle.isObject() && !take("plan/" + planKey, throttle.path("rateLimit").asDouble(Double.MAX_VALUE),
                throttle.path("burstLimit").asDouble(Double.MAX_VALUE), now)) {
            return new KeyVerdict(null, THROTTLED);
        }
        JsonNode quota = plan.path("quota");
        if (quota.isObject() && !count(planKey, quota, now)) {
            return new KeyVerdict(null, QUOTA_EXCEEDED);
        }
        daily.computeIfAbsent(planKey + "/" + LocalDate.ofInstant(now, ZoneOffset.UTC), k -> new AtomicLong())
                .incrementAndGet();
        return new KeyVerdict(keyId, null);
    }

    private boolean take(String key, double rate, double burst, Instant now) {
        TokenBucket bucket = buckets.compute(key, (k, b) -> b != null && b.sameLimits(rate, burst) ? b
                : new TokenBucket(rate, burst, now));
        return bucket.take(now);
    }

    /** Counts one request against the quota; false when the period's limit is already used up. */
    private boolean count(String planKey, JsonNode quota, Instant now) {
        LocalDate start = periodStart(quota.path("period").asText(), LocalDate.ofInstant(now, ZoneOffset.UTC));
        long limit = quota.path("limit").asLong();
        boolean[] admitted = {false};
        quotas.compute(planKey, (k, q) -> {
            Quota current = q == null || !q.periodStart().equals(start) ? new Quota(start, 0) : q;
            if (current.used() >= limit) {
                return current;
            }
            admitted[0] = true;
            return new Quota(start, current.used() + 1);
        });
        return admitted[0];
    }

    /** Periods are calendar days, ISO weeks (from Monday) and months, in UTC; the quota offset is not applied. */
    static LocalDate periodStart(String period, LocalDate today) {
        return switch (period) {
            case "WEEK" -> today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case "MONTH" -> today.withDayOfMonth(1);
            default -> today;
        };
    }

    private static JsonNode stageOf(ObjectNode plan, String apiId, String stage) {
        for (JsonNode s : plan.path("apiStages")) {
            if (s.path("apiId").asText().equals(apiId) && s.path("stage").asText().equals(stage)) {
                return s;
            }
        }
        return null;
    }

    private static boolean contains(JsonNode list, String value) {
        for (JsonNode v : list) {
            if (v.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    /** GetUsage: per key, one [used, remaining] pair per day from startDate to endDate (yyyy-MM-dd). */
    ObjectNode usage(ObjectNode plan, String onlyKey, String startDate, String endDate) {
        LocalDate start;
        LocalDate end;
        try {
            start = LocalDate.parse(startDate);
            end = LocalDate.parse(endDate);
        } catch (java.time.format.DateTimeParseException e) {
            throw ApiErrors.badRequest("Invalid date format: dates must be yyyy-MM-dd");
        }
        if (end.isBefore(start)) {
            throw ApiErrors.badRequest("The end date must be after the start date");
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("usagePlanId", plan.path("id").asText());
        out.put("startDate", startDate);
        out.put("endDate", endDate);
        ObjectNode items = out.putObject("items");
        long limit = plan.path("quota").path("limit").asLong(0);
        for (JsonNode id : plan.path(UsageStore.PLAN_KEYS)) {
            if (onlyKey != null && !onlyKey.equals(id.asText())) {
                continue;
            }
            var days = items.putArray(id.asText());
            String planKey = plan.path("id").asText() + "/" + id.asText();
            Quota q = quotas.get(planKey);
            for (LocalDate d = start; !d.isAfter(end); d = d.plusDays(1)) {
                AtomicLong used = daily.get(planKey + "/" + d);
                long remaining = q == null ? limit : Math.max(0, limit - q.used());
                days.addArray().add(used == null ? 0 : used.get()).add(remaining);
            }
        }
        return out;
    }
}
