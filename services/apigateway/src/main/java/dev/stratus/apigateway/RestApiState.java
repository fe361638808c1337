package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One REST API with everything in it, stored as one document: the API, its live resource tree (methods,
 * integrations and responses nested as GetResource with embed=methods returns them), deployments with the
 * snapshot of the tree they froze, stages, Lambda authorizers, customised gateway responses, models and request
 * validators (live, not frozen by deployments). Nodes are shaped like the model's output structures.
 */
record RestApiState(String accountId, String region, ObjectNode api, Map<String, ObjectNode> resources,
                    Map<String, DeploymentState> deployments, Map<String, ObjectNode> stages,
                    Map<String, ObjectNode> authorizers, Map<String, ObjectNode> gatewayResponses,
                    Map<String, ObjectNode> models, Map<String, ObjectNode> requestValidators) {

    RestApiState {
        resources = resources == null ? new LinkedHashMap<>() : new LinkedHashMap<>(resources);
        deployments = deployments == null ? new LinkedHashMap<>() : new LinkedHashMap<>(deployments);
        stages = stages == null ? new LinkedHashMap<>() : new LinkedHashMap<>(stages);
        authorizers = authorizers == null ? new LinkedHashMap<>() : new LinkedHashMap<>(authorizers);
        gatewayResponses = gatewayResponses == null ? new LinkedHashMap<>() : new LinkedHashMap<>(gatewayResponses);
        models = models == null ? new LinkedHashMap<>() : new LinkedHashMap<>(models);
        requestValidators = requestValidators == null ? new LinkedHashMap<>() : new LinkedHashMap<>(requestValidators);
    }

    String id() {
        return api.path("id").asText();
    }

    /** A deployment: its public shape and the resource tree invocations through its stages are matched against. */
    record DeploymentState(ObjectNode deployment, Map<String, ObjectNode> resources) {
    }
}
