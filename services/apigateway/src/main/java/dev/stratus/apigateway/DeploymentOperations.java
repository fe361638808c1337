package dev.stratus.apigateway;

import static dev.stratus.apigateway.RestApiOperations.copy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.codec.Timestamps;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Deployments (frozen copies of the resource tree) and the stages that serve them. */
final class DeploymentOperations {
    private static final Pattern STAGE_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,128}");
    private static final Pattern VARIABLE_NAME = Pattern.compile("[a-zA-Z0-9_]{1,64}");

    private final ApiStore store;
    private final Clock clock;

    DeploymentOperations(ApiStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    JsonNode createDeployment(RequestContext ctx, ObjectNode in) {
        return store.update(ctx, in.path("restApiId").asText(), api -> {
            boolean anyMethod = false;
            for (ObjectNode r : api.resources().values()) {
                for (JsonNode m : r.path("resourceMethods")) {
                    anyMethod = true;
                    if (!m.has("methodIntegration")) {
                        throw ApiErrors.badRequest("No integration defined for method");
                    }
                }
            }
            if (!anyMethod) {
                throw ApiErrors.badRequest("The REST API doesn't contain any methods");
            }
            String stageName = in.path("stageName").asText(null);
            if (stageName != null) {
                checkStageName(stageName);
                checkVariables(in.path("variables"));
            }
            boolean canary = in.has("canarySettings");
            if (canary && (stageName == null || !api.stages().containsKey(stageName))) {
                // AWS: a canary release deployment needs an existing stage (it is not created for it).
                throw ApiErrors.notFound("Invalid Stage identifier specified");
            }
            if (canary) {
                StageCanary.check(in.get("canarySettings"));
            }
            ObjectNode d = JsonNodeFactory.instance.objectNode();
            String id;
            do {
                id = Ids.random(6);
            } while (api.deployments().containsKey(id));
            d.put("id", id);
            copy(in, d, "description");
            d.set("createdDate", Timestamps.node(clock.instant()));
            Map<String, ObjectNode> snapshot = new LinkedHashMap<>();
            api.resources().forEach((k, v) -> snapshot.put(k, v.deepCopy()));
            api.deployments().put(id, new RestApiState.DeploymentState(d, snapshot));
            if (stageName != null) {
                ObjectNode stage = api.stages().get(stageName);
                if (canary) {
                    // The stage keeps serving its deployment; the new one is its canary.
                    StageCanary.deployTo(stage, id, in.get("canarySettings"));
                    stage.set("lastUpdatedDate", Timestamps.node(clock.instant()));
                } else if (stage == null) {
                    stage = newStage(stageName, id, in.path("stageDescription").asText(null));
                    api.stages().put(stageName, stage);
                } else {
                    stage.put("deploymentId", id);
                    stage.set("lastUpdatedDate", Timestamps.node(clock.instant()));
                }
                applyCache(stage, in);
                if (in.has("variables")) {
                    ObjectNode vars = stage.has("variables") ? (ObjectNode) stage.get("variables")
                            : stage.putObject("variables");
                    vars.setAll((ObjectNode) in.get("variables").deepCopy());
                }
            }
            return d.deepCopy();
        });
    }

    JsonNode getDeployment(RequestContext ctx, ObjectNode in) {
        return deployment(store.get(ctx, in.path("restApiId").asText()), in.path("deploymentId").asText())
                .deployment();
    }

    JsonNode getDeployments(RequestContext ctx, ObjectNode in) {
        RestApiState api = store.get(ctx, in.path("restApiId").asText());
        List<JsonNode> all = api.deployments().values().stream().map(d -> (JsonNode) d.deployment()).toList();
        return Pages.page(all, in);
    }

    JsonNode updateDeployment(RequestContext ctx, ObjectNode in) {
        return store.update(ctx, in.path("restApiId").asText(), api -> {
            ObjectNode d = deployment(api, in.path("deploymentId").asText()).deployment();
            Patches.applyAll(d, in.path("patchOperations"), Map.of("description", Patches.Kind.STRING));
            return d.deepCopy();
        });
    }

    JsonNode deleteDeployment(RequestContext ctx, ObjectNode in) {
        return store.update(ctx, in.path("restApiId").asText(), api -> {
            String id = in.path("deploymentId").asText();
            deployment(api, id);
            if (api.stages().values().stream().anyMatch(s -> id.equals(s.path("deploymentId").asText())
                    || StageCanary.serves(s, id))) {
                throw ApiErrors.badRequest("Active stages pointing to this deployment must be moved or deleted");
            }
            api.deployments().remove(id);
            return null;
        });
    }

    JsonNode createStage(RequestContext ctx, ObjectNode in) {
        return store.update(ctx, in.path("restApiId").asText(), api -> {
            String name = in.path("stageName").asText();
            checkStageName(name);
            String deploymentId = in.path("deploymentId").asText();
            deployment(api, deploymentId);
            if (api.stages().containsKey(name)) {
                throw ApiErrors.conflict("Stage already exists");
            }
            checkVariables(in.path("variables"));
            ObjectNode s = newStage(name, deploymentId, in.path("description").asText(null));
            copy(in, s, "variables", "documentationVersion", "tags");
            if (in.has("canarySettings")) {
                StageCanary.create(api, s, in.get("canarySettings"));
            }
            if (in.has("tracingEnabled")) {
                s.put("tracingEnabled", in.path("tracingEnabled").asBoolean());
            }
            applyCache(s, in);
            api.stages().put(name, s);
            return s.deepCopy();
        });
    }

    JsonNode getStage(RequestContext ctx, ObjectNode in) {
        return stage(store.get(ctx, in.path("restApiId").asText()), in.path("stageName").asText());
    }

    JsonNode getStages(RequestContext ctx, ObjectNode in) {
        RestApiState api = store.get(ctx, in.path("restApiId").asText());
        String deploymentId = in.path("deploymentId").asText(null);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        var items = out.putArray("item");
        api.stages().values().stream()
                .filter(s -> deploymentId == null || deploymentId.equals(s.path("deploymentId").asText()))
                .forEach(items::add);
        return out;
    }

    JsonNode deleteStage(RequestContext ctx, ObjectNode in) {
        return store.update(ctx, in.path("restApiId").asText(), api -> {
            stage(api, in.path("stageName").asText());
            api.stages().remove(in.path("stageName").asText());
            return null;
        });
    }

    JsonNode updateStage(RequestContext ctx, ObjectNode in) {
        return store.update(ctx, in.path("restApiId").asText(), api -> {
            ObjectNode s = stage(api, in.path("stageName").asText());
            for (JsonNode patch : in.path("patchOperations")) {
                StagePatches.apply(api, s, patch);
            }
            s.set("lastUpdatedDate", Timestamps.node(clock.instant()));
            return s.deepCopy();
        });
    }

    private ObjectNode newStage(String name, String deploymentId, String description) {
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        s.put("deploymentId", deploymentId);
        s.put("stageName", name);
        if (description != null) {
            s.put("description", description);
        }
        s.put("cacheClusterEnabled", false);
        s.put("cacheClusterStatus", "NOT_AVAILABLE");
        s.putObject("methodSettings");
        s.put("tracingEnabled", false);
        s.set("createdDate", Timestamps.node(clock.instant()));
        s.set("lastUpdatedDate", Timestamps.node(clock.instant()));
        return s;
    }

    static RestApiState.DeploymentState deployment(RestApiState api, String id) {
        RestApiState.DeploymentState d = api.deployments().get(id);
        if (d == null) {
            throw ApiErrors.notFound("Invalid Deployment identifier specified");
        }
        return d;
    }

    static ObjectNode stage(RestApiState api, String name) {
        ObjectNode s = api.stages().get(name);
        if (s == null) {
            throw ApiErrors.notFound("Invalid Stage identifier specified");
        }
        return s;
    }

    static void checkCacheSize(String size) {
        if (!StageCache.SIZES.contains(size)) {
            throw ApiErrors.badRequest("Invalid cache cluster size specified: " + size + ". Must be one of: "
                    + StageCache.SIZES);
        }
    }

    /** cacheClusterEnabled / cacheClusterSize of CreateStage and CreateDeployment. */
    private static void applyCache(ObjectNode stage, ObjectNode in) {
        if (in.hasNonNull("cacheClusterSize")) {
            checkCacheSize(in.get("cacheClusterSize").asText());
            stage.put("cacheClusterSize", in.get("cacheClusterSize").asText());
        }
        if (in.hasNonNull("cacheClusterEnabled")) {
            boolean on = in.get("cacheClusterEnabled").asBoolean();
            stage.put("cacheClusterEnabled", on);
            stage.put("cacheClusterStatus", on ? "AVAILABLE" : "NOT_AVAILABLE");
            if (on && !stage.has("cacheClusterSize")) {
                stage.put("cacheClusterSize", "0.5");
            }
        }
    }

    private static void checkStageName(String name) {
        if (!STAGE_NAME.matcher(name).matches()) {
            throw ApiErrors.badRequest("Stage name only allows a-zA-Z0-9_");
        }
    }

    static void checkVariables(JsonNode variables) {
        variables.fieldNames().forEachRemaining(name -> {
            if (!VARIABLE_NAME.matcher(name).matches()) {
                throw ApiErrors.badRequest("Stage variable name " + name
                        + " is invalid. Stage variable names must contain only alphanumeric characters or "
                        + "underscores and be 1-64 characters long.");
            }
        });
    }
}
