package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.HttpRequest;

/** Where a WebSocket request points (API, stage, the deployment it serves) and how a message selects its route. */
final class WebSocketRoute {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BODY = "$request.body";

    private WebSocketRoute() {
    }

    /**
     * A WebSocket API's stage as a connection sees it: the deployment it had when the connection opened.
     *
     * @param domainName the Host the client connected to (with its port, so functions can call back)
     * @param rest the raw path after the stage (e.g. {@code /@connections/abc=})
     */
    record Target(HttpApiState api, String stage, HttpApiState.Snapshot snapshot, String domainName, String rest) {

        ObjectNode route(String key) {
            return snapshot.routes().values().stream().filter(r -> r.path("RouteKey").asText().equals(key))
                    .findFirst().orElse(null);
        }

        ObjectNode integration(ObjectNode route) {
            String target = route.path("Target").asText("");
            return target.startsWith("integrations/")
                    ? snapshot.integrations().get(target.substring("integrations/".length())) : null;
        }
    }

    static boolean isWebSocket(HttpApiState api) {
        return "WEBSOCKET".equals(api.api().path("ProtocolType").asText());
    }

    /** The WebSocket API and deployed stage a request addresses, or null (not one, or no such stage). */
    static Target resolve(HttpApiStore store, HttpRequest request) {
        ExecuteApi.Target t = ExecuteApi.executeApiTarget(request);
        HttpApiState api = t == null ? null : store.byId(t.apiId()).filter(WebSocketRoute::isWebSocket).orElse(null);
        if (api == null) {
            return null;
        }
        String raw = t.rawStagePath().startsWith("/") ? t.rawStagePath().substring(1) : t.rawStagePath();
        int slash = raw.indexOf('/');
        String stageName = HttpRequest.decode(slash < 0 ? raw : raw.substring(0, slash), false);
        ObjectNode stage = api.stages().get(stageName);
        HttpApiState.Deployment deployment = stage == null ? null
                : api.deployments().get(stage.path("DeploymentId").asText());
        if (deployment == null) {
            return null;
        }
        String host = request.header("Host");
        return new Target(api, stageName, deployment.snapshot(), host == null ? "" : host.strip(),
                slash < 0 ? "" : raw.substring(slash));
    }

    /**
     * Evaluates a RouteSelectionExpression such as {@code $request.body.action} (or {@code ${request.body.action}})
     * against a message; null when the message is not JSON or has no such scalar, so {@code $default} applies.
     */
    static String select(String expression, String body) {
        String e = expression.strip();
        if (e.startsWith("${") && e.endsWith("}")) {
            e = "$" + e.substring(2, e.length() - 1);
        }
        if (!e.startsWith(BODY + ".")) {
            return null;
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (Exception notJson) {
            return null;
        }
        for (String field : e.substring(BODY.length() + 1).split("\\.")) {
            node = node == null ? null : node.get(field);
        }
        return node == null || node.isContainerNode() || node.isNull() ? null : node.asText();
    }
}
