package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An HTTP API (API Gateway v2) as quick create makes it: the API, its one route, its one Lambda proxy
 * integration and its auto-deployed {@code $default} stage, shaped like the apigatewayv2 model's outputs.
 */
record HttpApiState(String accountId, String region, ObjectNode api, ObjectNode route, ObjectNode integration,
                    ObjectNode stage) {

    String id() {
        return api.path("ApiId").asText();
    }
}
