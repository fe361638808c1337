package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stage and route throttling of HTTP APIs: one token bucket per (API, stage, route) holding ThrottlingBurstLimit
 * requests and refilled at ThrottlingRateLimit per second; a route's RouteSettings override the stage's defaults.
 */
final class HttpThrottle {
    /** AWS's per-account defaults, which apply when a stage sets no limits. */
    private static final int ACCOUNT_BURST = 5000;
    private static final double ACCOUNT_RATE = 10000;

    private record Limits(int burst, double rate) {
    }

    private static final class Bucket {
        private final Limits limits;
        private double tokens;
        private long lastNanos;

        Bucket(Limits limits, long nowNanos) {
            this.limits = limits;
            this.tokens = limits.burst();
            this.lastNanos = nowNanos;
        }

        synchronized boolean take(long nowNanos) {
            double elapsed = Math.max(0, nowNanos - lastNanos) / 1e9;
            tokens = Math.min(limits.burst(), tokens + elapsed * limits.rate());
            lastNanos = Math.max(lastNanos, nowNanos);
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** Whether this request may pass (false: answer 429). */
    boolean admit(HttpInvocation inv, Instant now) {
        return admit(inv.api().id(), inv.stageName(), inv.stage(), inv.routeKey(), now);
    }

    /** Whether a request to this route of an API's stage (HTTP or WebSocket) may pass. */
    boolean admit(String apiId, String stageName, JsonNode stage, String routeKey, Instant now) {
        Limits limits = limits(stage, routeKey);
        if (limits == null) {
            return true;
        }
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        String key = apiId + "/" + stageName + "/" + routeKey;
        Bucket bucket = buckets.compute(key, (k, b) -> b == null || !b.limits.equals(limits)
                ? new Bucket(limits, nanos) : b);
        return bucket.take(nanos);
    }

    private static Limits limits(JsonNode stage, String routeKey) {
        JsonNode defaults = stage.path("DefaultRouteSettings");
        JsonNode route = stage.path("RouteSettings").path(routeKey);
        JsonNode burst = route.hasNonNull("ThrottlingBurstLimit") ? route.get("ThrottlingBurstLimit")
                : defaults.get("ThrottlingBurstLimit");
        JsonNode rate = route.hasNonNull("ThrottlingRateLimit") ? route.get("ThrottlingRateLimit")
                : defaults.get("ThrottlingRateLimit");
        if ((burst == null || burst.isNull()) && (rate == null || rate.isNull())) {
            return null;
        }
        return new Limits(burst == null || burst.isNull() ? ACCOUNT_BURST : burst.asInt(),
                rate == null || rate.isNull() ? ACCOUNT_RATE : rate.asDouble());
    }
}
