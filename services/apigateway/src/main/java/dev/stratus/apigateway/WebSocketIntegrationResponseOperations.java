package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Integration responses of WebSocket APIs' non-proxy integrations (AWS, HTTP, MOCK): keyed by
 * IntegrationResponseKey ({@code $default} or a {@code /regex/} on the integration's
 * IntegrationResponseSelectionExpression), with response templates. They live inside their integration's document
 * (a member the wire never shows), so deployments freeze them with it.
 */
final class WebSocketIntegrationResponseOperations {
    /** Where an integration keeps its responses, by id. */
    static final String RESPONSES = "_IntegrationResponses";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final HttpApiStore store;
    private final HttpStageOperations stages;

    WebSocketIntegrationResponseOperations(HttpApiStore store, HttpStageOperations stages) {
        this.store = store;
        this.stages = stages;
    }

    JsonNode createIntegrationResponse(RequestContext ctx, ObjectNode in) {
        HttpApiState state = webSocketApi(ctx, in);
        ObjectNode integration = HttpIntegrationOperations.integration(state, in.path("IntegrationId").asText());
        String key = in.path("IntegrationResponseKey").asText();
        if (responses(integration).stream().anyMatch(r -> r.path("IntegrationResponseKey").asText().equals(key))) {
            throw ApiErrors.conflict("Integration response with key " + key + " already exists for this integration");
        }
        ObjectNode response = F.objectNode();
        String id = Ids.random(6);
        response.put("IntegrationResponseId", id);
        response.put("IntegrationResponseKey", key);
        copy(in, response);
        ObjectNode all = integration.get(RESPONSES) instanceof ObjectNode o ? o : integration.putObject(RESPONSES);
        all.set(id, response);
        changed(state);
        return response;
    }

    JsonNode getIntegrationResponse(RequestContext ctx, ObjectNode in) {
        return response(webSocketApi(ctx, in), in);
    }

    JsonNode getIntegrationResponses(RequestContext ctx, ObjectNode in) {
        HttpApiState state = webSocketApi(ctx, in);
        ObjectNode integration = HttpIntegrationOperations.integration(state, in.path("IntegrationId").asText());
        return HttpApiOperations.page(responses(integration), in);
    }

    JsonNode updateIntegrationResponse(RequestContext ctx, ObjectNode in) {
        HttpApiState state = webSocketApi(ctx, in);
        ObjectNode response = response(state, in);
        RestApiOperations.copy(in, response, "IntegrationResponseKey");
        copy(in, response);
        changed(state);
        return response;
    }

    JsonNode deleteIntegrationResponse(RequestContext ctx, ObjectNode in) {
        HttpApiState state = webSocketApi(ctx, in);
        response(state, in);
        ObjectNode integration = HttpIntegrationOperations.integration(state, in.path("IntegrationId").asText());
        ((ObjectNode) integration.get(RESPONSES)).remove(in.path("IntegrationResponseId").asText());
        changed(state);
        return null;
    }

    private static void copy(ObjectNode in, ObjectNode response) {
        RestApiOperations.copy(in, response, "ContentHandlingStrategy", "ResponseParameters", "ResponseTemplates",
                "TemplateSelectionExpression");
    }

    private void changed(HttpApiState state) {
        stages.autoDeploy(state);
        store.put(state);
    }

    private HttpApiState webSocketApi(RequestContext ctx, ObjectNode in) {
        HttpApiState state = store.get(ctx, in.path("ApiId").asText());
        if (!WebSocketRoute.isWebSocket(state)) {
            throw ApiErrors.badRequest("Integration responses are supported only for WebSocket APIs");
        }
        return state;
    }

    /** An integration's responses, in the order they were made. */
    static List<ObjectNode> responses(JsonNode integration) {
        List<ObjectNode> out = new ArrayList<>();
        integration.path(RESPONSES).forEach(r -> out.add((ObjectNode) r));
        return out;
    }

    private static ObjectNode response(HttpApiState state, ObjectNode in) {
        ObjectNode integration = HttpIntegrationOperations.integration(state, in.path("IntegrationId").asText());
        JsonNode response = integration.path(RESPONSES).get(in.path("IntegrationResponseId").asText());
        if (!(response instanceof ObjectNode r)) {
            throw ApiErrors.notFound("Invalid IntegrationResponse identifier specified "
                    + in.path("IntegrationResponseId").asText());
        }
        return r;
    }
}
