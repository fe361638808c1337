package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** UpdateStage's JSON-Patch-like operations on the paths a stage supports. */
final class StagePatches {
    private StagePatches() {
    }

    static void apply(RestApiState api, ObjectNode stage, JsonNode patch) {
        String op = patch.path("op").asText();
        String path = patch.path("path").asText();
        String value = patch.path("value").asText(null);
        if (StageCanary.patch(api, stage, op, path, patch.path("from").asText(null), value)) {
            return;
        }
        if (path.startsWith("/variables/")) {
            patchVariable(stage, "variables", op, path, unescape(path.substring("/variables/".length())), value);
            return;
        }
        if (applyMethodSetting(stage, op, path, value)) {
            return;
        }
        switch (path) {
            case "/description" -> replace(op, path, () -> stage.put("description", value));
            case "/deploymentId" -> replace(op, path, () -> {
                DeploymentOperations.deployment(api, value);
                stage.put("deploymentId", value);
            });
            case "/tracingEnabled" -> replace(op, path, () -> stage.put("tracingEnabled", Boolean.parseBoolean(value)));
            case "/cacheClusterEnabled" -> replace(op, path, () -> {
                boolean on = Boolean.parseBoolean(value);
                stage.put("cacheClusterEnabled", on);
                stage.put("cacheClusterStatus", on ? "AVAILABLE" : "NOT_AVAILABLE");
                if (on && !stage.has("cacheClusterSize")) {
                    stage.put("cacheClusterSize", "0.5");
                }
            });
            case "/cacheClusterSize" -> replace(op, path, () -> {
                DeploymentOperations.checkCacheSize(value);
                stage.put("cacheClusterSize", value);
            });
            default -> throw ApiErrors.badRequest("Invalid patch path " + path + " specified for op " + op
                    + ". Must be one of: [/description, /deploymentId, /variables/{name}, /tracingEnabled, "
                    + "/cacheClusterEnabled, /cacheClusterSize, /{resourcePath}/{method}/throttling/rateLimit, ...]");
        }
    }

    /** add/replace/remove of one stage variable in {@code holder.member} (the stage's, or a canary's overrides). */
    static void patchVariable(ObjectNode holder, String member, String op, String path, String name, String value) {
        ObjectNode vars = holder.has(member) ? (ObjectNode) holder.get(member) : holder.putObject(member);
        switch (op) {
            case "add", "replace" -> {
                DeploymentOperations.checkVariables(vars.objectNode().put(name, ""));
                vars.put(name, value == null ? "" : value);
            }
            case "remove" -> vars.remove(name);
            default -> throw unsupported(op, path);
        }
    }

    // Method settings: /{resourcePath or *}/{METHOD or *}/{section}/{setting}, e.g. throttling/rateLimit for all.
    private static final Map<String, String> METHOD_SETTINGS = Map.of("throttling/rateLimit", "throttlingRateLimit",
            "throttling/burstLimit", "throttlingBurstLimit", "metrics/enabled", "metricsEnabled",
            "logging/loglevel", "loggingLevel", "logging/dataTrace", "dataTraceEnabled", "caching/enabled",
            "cachingEnabled", "caching/ttlInSeconds", "cacheTtlInSeconds", "caching/dataEncrypted",
            "cacheDataEncrypted", "caching/requireAuthorizationForCacheControl", "requireAuthorizationForCacheControl");

    private static boolean applyMethodSetting(ObjectNode stage, String op, String path, String value) {
        String[] parts = path.startsWith("/") ? path.substring(1).split("/") : new String[0];
        if (parts.length != 4) {
            return false;
        }
        String member = METHOD_SETTINGS.get(parts[2] + "/" + parts[3]);
        if (member == null) {
            return false;
        }
        ObjectNode settings = stage.has("methodSettings") ? (ObjectNode) stage.get("methodSettings")
                : stage.putObject("methodSettings");
        String key = parts[0] + "/" + parts[1];
        if (op.equals("remove")) {
            if (settings.has(key)) {
                ((ObjectNode) settings.get(key)).remove(member);
            }
            return true;
        }
        if (!op.equals("replace")) {
            throw unsupported(op, path);
        }
        if (value == null) {
            throw ApiErrors.badRequest("Invalid value for " + path + ": a value is required");
        }
        ObjectNode setting = settings.has(key) ? (ObjectNode) settings.get(key) : settings.putObject(key);
        try {
            switch (member) {
                case "throttlingRateLimit" -> setting.put(member, Double.parseDouble(value));
                case "throttlingBurstLimit" -> setting.put(member, Integer.parseInt(value));
                case "cacheTtlInSeconds" -> {
                    int ttl = Integer.parseInt(value);
                    if (ttl < 0 || ttl > StageCache.MAX_TTL_SECONDS) {
                        throw ApiErrors.badRequest("Invalid value for " + path + ": cache TTL must be between 0 and "
                                + StageCache.MAX_TTL_SECONDS + " seconds");
                    }
                    setting.put(member, ttl);
                }
                case "loggingLevel" -> setting.put(member, value);
                default -> setting.put(member, Boolean.parseBoolean(value));
            }
        } catch (NumberFormatException e) {
            throw ApiErrors.badRequest("Invalid value for " + path + ": " + value);
        }
        return true;
    }

    private static void replace(String op, String path, Runnable change) {
        if (!op.equals("replace")) {
            throw unsupported(op, path);
        }
        change.run();
    }

    static RuntimeException unsupported(String op, String path) {
        return ApiErrors.badRequest("Invalid patch operation specified. Must be one of: [replace] for path " + path
                + ", not " + op);
    }

    /** JSON Pointer escapes: ~1 is '/', ~0 is '~'. */
    static String unescape(String s) {
        return s.replace("~1", "/").replace("~0", "~");
    }
}
