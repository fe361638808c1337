package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.codec.Timestamps;
import java.time.Clock;
import java.util.Iterator;

/**
 * Stages and deployments of HTTP APIs. A deployment freezes routes, integrations, authorizers and CORS; a stage
 * serves its deployment, and an AutoDeploy stage gets a fresh deployment after every change to the API.
 */
final class HttpStageOperations {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final HttpApiStore store;
    private final Clock clock;

    HttpStageOperations(HttpApiStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    ObjectNode newStage(String name, boolean autoDeploy) {
        ObjectNode stage = F.objectNode();
        stage.put("StageName", name);
        stage.put("AutoDeploy", autoDeploy);
        stage.set("CreatedDate", Timestamps.node(clock.instant()));
        stage.set("LastUpdatedDate", Timestamps.node(clock.instant()));
        stage.putObject("DefaultRouteSettings").put("DetailedMetricsEnabled", false);
        stage.putObject("RouteSettings");
        stage.putObject("StageVariables");
        stage.putObject("Tags");
        return stage;
    }

    JsonNode createStage(RequestContext ctx, ObjectNode in) {
        HttpApiState state = store.get(ctx, in.path("ApiId").asText());
        String name = in.path("StageName").asText();
        if (state.stages().containsKey(name)) {
            throw ApiErrors.conflict("Stage already exists");
        }
        ObjectNode stage = newStage(name, in.path("AutoDeploy").asBoolean(false));
        apply(state, stage, in);
        state.stages().put(name, stage);
        if (stage.path("AutoDeploy").asBoolean() && !state.routes().isEmpty()) {
            deploy(state, stage, null, true);
        }
        store.put(state);
        return stage;
    }

    /** The writable members of CreateStage/UpdateStage, checked as AWS checks them. */
    private void apply(HttpApiState state, ObjectNode stage, ObjectNode in) {
        if (in.hasNonNull("DeploymentId")) {
            deployment(state, in.path("DeploymentId").asText());
        }
        RestApiOperations.copy(in, stage, "AutoDeploy", "Description", "DeploymentId", "AccessLogSettings",
                "ClientCertificateId");
        if (in.get("DefaultRouteSettings") instanceof ObjectNode d) {
            ((ObjectNode) stage.get("DefaultRouteSettings")).setAll(d);
        }
        if (in.get("RouteSettings") instanceof ObjectNode settings) {
            for (Iterator<String> keys = settings.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (state.routes().values().stream().noneMatch(r -> r.path("RouteKey").asText().equals(key))) {
                    throw ApiErrors.notFound("Unable to find Route by key " + key
                            + " within the provided RouteSettings");
                }
            }
            ((ObjectNode) stage.get("RouteSettings")).setAll(settings);
        }
        if (in.get("StageVariables") instanceof ObjectNode vars) {
            ObjectNode mine = (ObjectNode) stage.get("StageVariables");
            vars.fields().forEachRemaining(e -> {
                if (e.getValue().asText().isEmpty()) {
                    mine.remove(e.getKey());
                } else {
                    mine.set(e.getKey(), e.getValue());
                }
            });
        }
        if (in.get("Tags") instanceof ObjectNode tags) {
            ((ObjectNode) stage.get("Tags")).setAll(tags);
        }
        stage.set("LastUpdatedDate", Timestamps.node(clock.instant()));
    }

    JsonNode getStage(RequestContext ctx, ObjectNode in) {
        return stage(store.get(ctx, in.path("ApiId").asText()), in.path("StageName").asText());
    }

    JsonNode getStages(RequestContext ctx, ObjectNode in) {
        return HttpApiOperations.page(store.get(ctx, in.path("ApiId").asText()).stages(), in);
    }

    JsonNode updateStage(RequestContext ctx, ObjectNode in) {
        HttpApiState state = store.get(ctx, in.path("ApiId").asText());
        ObjectNode stage = stage(state, in.path("StageName").asText());
        boolean wasAuto = stage.path("AutoDeploy").asBoolean();
        apply(state, stage, in);
        if (!wasAuto && stage.path("AutoDeploy").asBoolean() && !state.routes().isEmpty()) {
            deploy(state, stage, null, true);
        }
        store.put(state);
        return stage;
    }

    JsonNode deleteStage(RequestContext ctx, ObjectNode in) {
        HttpApiState state = store.get(ctx, in.path("ApiId").asText());
        stage(state, in.path("StageName").asText());
        state.stages().remove(in.path("StageName").asText());
        store.put(state);
        return null;
    }

    JsonNode deleteRouteSettings(RequestContext ctx, ObjectNode in) {
        HttpApiState state = store.get(ctx, in.path("ApiId").asText());
        ObjectNode settings = (ObjectNode) stage(state, in.path("StageName").asText()).get("RouteSettings");
        String key = in.path("RouteKey").asText();
        if (settings.remove(key) == null) {
            throw ApiErrors.notFound("Unable to find Route by key " + key + " within the provided RouteSettings");
        }
        store.put(state);
        return null;
    }

    /** Later requests miss the Lambda authorizer cache: its key includes the stage's reset count. */
    JsonNode resetAuthorizersCache(RequestContext ctx, ObjectNode in) {
        HttpApiState state = store.get(ctx, in.path("ApiId").asText());
        String name = in.path("StageName").asText();
        stage(state, name);
        state.authorizerCacheGenerations().merge(name, 1, Integer::sum);
        store.put(state);
        return null;
    }

    JsonNode deleteAccessLogSettings(RequestContext ctx, ObjectNode in) {
        HttpApiState state = store.get(ctx, in.path("ApiId").asText());
        stage(state, in.path("StageName").asText()).remove("AccessLogSettings");
        store.put(state);
        return null;
    }

    JsonNode createDeployment(RequestContext ctx, ObjectNode in) {
        HttpApiState state = store.get(ctx, in.path("ApiId").asText());
        ObjectNode stage = null;
        if (in.hasNonNull("StageName")) {
            stage = stage(state, in.path("StageName").asText());
            if (stage.path("AutoDeploy").asBoolean()) {
                throw ApiErrors.badRequest("Stage " + stage.path("StageName").asText()
                        + " has AutoDeploy enabled; deployments are created automatically");
            }
        }
        if (state.routes().isEmpty()) {
            throw ApiErrors.badRequest("Unable to deploy API because no routes exist in this API");
        }
        ObjectNode deployment = deploy(state, stage, in.path("Description").asText(null), false);
        store.put(state);
        return deployment;
    }

    JsonNode getDeployment(RequestContext ctx, ObjectNode in) {
        return deployment(store.get(ctx, in.path("ApiId").asText()), in.path("DeploymentId").asText()).deployment();
    }

    JsonNode getDeployments(RequestContext ctx, ObjectNode in) {
        HttpApiState state = store.get(ctx, in.path("ApiId").asText());
        return HttpApiOperations.page(state.deployments().values().stream()
                .map(HttpApiState.Deployment::deployment).toList(), in);
    }

    JsonNode updateDeployment(RequestContext ctx, ObjectNode in) {
        HttpApiState state = store.get(ctx, in.path("ApiId").asText());
        ObjectNode d = deployment(state, in.path("DeploymentId").asText()).deployment();
        RestApiOperations.copy(in, d, "Description");
        store.put(state);
        return d;
    }

    JsonNode deleteDeployment(RequestContext ctx, ObjectNode in) {
        HttpApiState state = store.get(ctx, in.path("ApiId").asText());
        String id = in.path("DeploymentId").asText();
        deployment(state, id);
        state.deployments().remove(id);
        store.put(state);
        return null;
    }

    /** Redeploys every AutoDeploy stage: call after any change to routes, integrations, authorizers or CORS. */
    void autoDeploy(HttpApiState state) {
        for (ObjectNode stage : state.stages().values()) {
            if (stage.path("AutoDeploy").asBoolean() && !state.routes().isEmpty()) {
                deploy(state, stage, null, true);
            }
        }
    }

    private ObjectNode deploy(HttpApiState state, ObjectNode stage, String description, boolean auto) {
        ObjectNode d = F.objectNode();
        String id = Ids.random(6);
        d.put("DeploymentId", id);
        d.put("AutoDeployed", auto);
        d.set("CreatedDate", Timestamps.node(clock.instant()));
        d.put("DeploymentStatus", "DEPLOYED");
        if (description != null) {
            d.put("Description", description);
        }
        if (auto && stage != null) {
            // Only the latest automatic deployment of a stage is kept: older ones are unreachable.
            String previous = stage.path("DeploymentId").asText(null);
            HttpApiState.Deployment old = previous == null ? null : state.deployments().get(previous);
            if (old != null && old.deployment().path("AutoDeployed").asBoolean()) {
                state.deployments().remove(previous);
            }
        }
        state.deployments().put(id, new HttpApiState.Deployment(d, state.snapshot()));
        if (stage != null) {
            stage.put("DeploymentId", id);
            stage.set("LastUpdatedDate", Timestamps.node(clock.instant()));
            stage.put("LastDeploymentStatusMessage", "Successfully deployed stage with deployment ID '" + id + "'");
        }
        return d;
    }

    static ObjectNode stage(HttpApiState state, String name) {
        ObjectNode stage = state.stages().get(name);
        if (stage == null) {
            throw ApiErrors.notFound("Invalid stage identifier specified");
        }
        return stage;
    }

    private static HttpApiState.Deployment deployment(HttpApiState state, String id) {
        HttpApiState.Deployment d = state.deployments().get(id);
        if (d == null) {
            throw ApiErrors.notFound("Invalid Deployment identifier specified " + id);
        }
        return d;
    }
}
