package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * One request to an HTTP API after stage and route selection.
 *
 * @param rawPath the raw request path as the client sent it (with the stage segment of a named stage)
 * @param routePath the decoded path the route was matched against (without the stage)
 * @param route the matched route, null before matching
 */
record HttpInvocation(HttpApiState api, String stageName, ObjectNode stage, ApiRequest req, String rawPath,
                      String routePath, ObjectNode route, Map<String, String> pathParameters) {

    String routeKey() {
        return route.path("RouteKey").asText();
    }

    ObjectNode stageVariables() {
        return stage.get("StageVariables") instanceof ObjectNode v ? v : null;
    }

    /** The ARN Lambda authorizers are given: {@code arn:aws:execute-api:{region}:{account}:{api}/{stage}/...}. */
    String routeArn() {
        String key = routeKey();
        return "arn:aws:execute-api:" + api.region() + ":" + api.accountId() + ":" + api.id() + "/" + stageName
                + "/" + (key.equals("$default") ? "$default" : key.replaceFirst(" /", "/"));
    }
}
