package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A stage's canary release settings ({@code canarySettings}: percentTraffic, deploymentId, stageVariableOverrides,
 * useStageCache) as CreateDeployment, CreateStage and UpdateStage set them, including the {@code copy} patches
 * AWS documents for promoting a canary.
 */
final class StageCanary {
    static final String PATH = "/canarySettings";

    private StageCanary() {
    }

    /** Checks CreateDeployment's canarySettings before anything is created. */
    static void check(JsonNode in) {
        checkPercent(in.path("percentTraffic").asDouble(0.0));
        DeploymentOperations.checkVariables(in.path("stageVariableOverrides"));
    }

    /** CreateDeployment with canarySettings: the new deployment becomes the canary of an existing stage. */
    static void deployTo(ObjectNode stage, String deploymentId, JsonNode in) {
        double percent = in.path("percentTraffic").asDouble(0.0);
        checkPercent(percent);
        ObjectNode canary = stage.putObject("canarySettings");
        canary.put("percentTraffic", percent);
        canary.put("deploymentId", deploymentId);
        if (in.has("stageVariableOverrides")) {
            DeploymentOperations.checkVariables(in.get("stageVariableOverrides"));
            canary.set("stageVariableOverrides", in.get("stageVariableOverrides").deepCopy());
        }
        canary.put("useStageCache", in.path("useStageCache").asBoolean(false));
    }

    /** CreateStage's canarySettings: the deployment must exist. */
    static void create(RestApiState api, ObjectNode stage, JsonNode in) {
        String deploymentId = in.path("deploymentId").asText(null);
        if (deploymentId != null) {
            DeploymentOperations.deployment(api, deploymentId);
        }
        checkPercent(in.path("percentTraffic").asDouble(0.0));
        DeploymentOperations.checkVariables(in.path("stageVariableOverrides"));
        stage.set("canarySettings", in.deepCopy());
    }

    /** Whether a deployment serves a stage's canary (it cannot be deleted then). */
    static boolean serves(ObjectNode stage, String deploymentId) {
        return deploymentId.equals(stage.path("canarySettings").path("deploymentId").asText(null));
    }

    /**
     * Applies an UpdateStage patch on {@code /canarySettings...}, or a {@code copy} between the canary and the
     * stage; returns false when the patch is about something else.
     */
    static boolean patch(RestApiState api, ObjectNode stage, String op, String path, String from, String value) {
        if (op.equals("copy")) {
            copy(api, stage, from == null ? "" : from, path);
            return true;
        }
        if (!path.equals(PATH) && !path.startsWith(PATH + "/")) {
            return false;
        }
        if (path.equals(PATH)) {
            if (!op.equals("remove")) {
                throw StagePatches.unsupported(op, path);
            }
            stage.remove("canarySettings");
            return true;
        }
        ObjectNode canary = (ObjectNode) stage.get("canarySettings");
        if (canary == null) {
            // Canary settings added to a stage without any start as a canary of the stage's own deployment.
            canary = stage.putObject("canarySettings");
            canary.put("deploymentId", stage.path("deploymentId").asText());
        }
        String member = path.substring(PATH.length() + 1);
        if (member.startsWith("stageVariableOverrides/")) {
            StagePatches.patchVariable(canary, "stageVariableOverrides", op, path,
                    StagePatches.unescape(member.substring("stageVariableOverrides/".length())), value);
            return true;
        }
        if (!op.equals("replace")) {
            throw StagePatches.unsupported(op, path);
        }
        switch (member) {
            case "percentTraffic" -> {
                double percent = parsePercent(value);
                checkPercent(percent);
                canary.put("percentTraffic", percent);
            }
            case "deploymentId" -> {
                DeploymentOperations.deployment(api, value);
                canary.put("deploymentId", value);
            }
            case "useStageCache" -> canary.put("useStageCache", Boolean.parseBoolean(value));
            default -> throw ApiErrors.badRequest("Invalid patch path " + path + " specified for op " + op
                    + ". Must be one of: [/canarySettings/percentTraffic, /canarySettings/deploymentId, "
                    + "/canarySettings/stageVariableOverrides/{name}, /canarySettings/useStageCache]");
        }
        return true;
    }

    /** The copies AWS documents for canaries: deployment ids either way, and the overrides into the variables. */
    private static void copy(RestApiState api, ObjectNode stage, String from, String path) {
        JsonNode canary = stage.path("canarySettings");
        switch (from + " -> " + path) {
            case "/canarySettings/deploymentId -> /deploymentId" -> {
                String id = canary.path("deploymentId").asText(null);
                if (id == null) {
                    throw ApiErrors.badRequest("The stage has no canary deployment to copy from");
                }
                DeploymentOperations.deployment(api, id);
                stage.put("deploymentId", id);
            }
            case "/deploymentId -> /canarySettings/deploymentId" -> {
                ObjectNode c = stage.has("canarySettings") ? (ObjectNode) stage.get("canarySettings")
                        : stage.putObject("canarySettings");
                c.put("deploymentId", stage.path("deploymentId").asText());
            }
            case "/canarySettings/stageVariableOverrides -> /variables" -> {
                ObjectNode vars = stage.has("variables") ? (ObjectNode) stage.get("variables")
                        : stage.putObject("variables");
                if (canary.path("stageVariableOverrides") instanceof ObjectNode overrides) {
                    vars.setAll(overrides.deepCopy());
                }
            }
            default -> throw ApiErrors.badRequest("Invalid patch operation specified. Must be one of: [copy] from "
                    + "/canarySettings/deploymentId to /deploymentId, /deploymentId to /canarySettings/deploymentId, "
                    + "/canarySettings/stageVariableOverrides to /variables; not from " + from + " to " + path);
        }
    }

    private static double parsePercent(String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException | NullPointerException e) {
            throw ApiErrors.badRequest("Invalid value for /canarySettings/percentTraffic: " + value);
        }
    }

    private static void checkPercent(double percent) {
        if (!(percent >= 0.0 && percent <= 100.0)) {
            throw ApiErrors.badRequest("Canary traffic percentage must be between 0.0 and 100.0, not " + percent);
        }
    }
}
