package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends a stage's requests to its canary deployment in the proportion {@code percentTraffic} says. AWS draws at
 * random; Stratus spreads the share evenly instead (request n goes to the canary when
 * floor((n+1)·p/100) &gt; floor(n·p/100)), so that of any 100 consecutive requests at 25% exactly 25 reach the canary
 * and tests can count them.
 */
final class CanarySplit {
    /** Counters beyond this many (one per stage and canary setting) are dropped all at once: a bound, not an LRU. */
    static final int MAX_COUNTERS = 10_000;

    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();

    /**
     * The stage as this request sees it: the stage itself, or for a canary request a copy serving the canary's
     * deployment with its stage variable overrides (and without the stage cache unless useStageCache).
     */
    ObjectNode route(String apiId, String stageName, ObjectNode stage) {
        JsonNode canary = stage.get("canarySettings");
        if (canary == null || !canary.hasNonNull("deploymentId")) {
            return stage;
        }
        double percent = canary.path("percentTraffic").asDouble(0.0);
        if (percent <= 0.0 || !toCanary(apiId + "/" + stageName + "/" + canary.path("deploymentId").asText() + "/"
                + percent, percent)) {
            return stage;
        }
        ObjectNode view = stage.deepCopy();
        view.put("deploymentId", canary.path("deploymentId").asText());
        if (canary.path("stageVariableOverrides") instanceof ObjectNode overrides && !overrides.isEmpty()) {
            ObjectNode vars = view.has("variables") ? (ObjectNode) view.get("variables") : view.putObject("variables");
            vars.setAll(overrides.deepCopy());
        }
        if (!canary.path("useStageCache").asBoolean(false)) {
            view.put("cacheClusterEnabled", false);
        }
        return view;
    }

    private boolean toCanary(String key, double percent) {
        if (percent >= 100.0) {
            return true;
        }
        if (counters.size() > MAX_COUNTERS) {
            counters.clear();
        }
        long n = counters.computeIfAbsent(key, k -> new AtomicLong()).getAndIncrement();
        return Math.floor((n + 1) * percent / 100.0) > Math.floor(n * percent / 100.0);
    }
}
