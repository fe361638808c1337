package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.apigateway.Patches.Kind;
import dev.stratus.platform.RequestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** PutGatewayResponse and friends: an API's customisations of API Gateway's own error responses. */
final class GatewayResponseOperations {
    private final ApiStore store;

    GatewayResponseOperations(ApiStore store) {
        this.store = store;
    }

    private static GatewayResponses.Type type(String name) {
        try {
            return GatewayResponses.Type.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw ApiErrors.badRequest("Invalid response type specified: " + name + ". Must be one of "
                    + GatewayResponses.Type.names());
        }
    }

    /** The API's customisation of the type, or AWS's default definition of it. */
    private static ObjectNode current(RestApiState api, GatewayResponses.Type type) {
        ObjectNode custom = api.gatewayResponses().get(type.name());
        return custom != null ? custom : GatewayResponses.defaultDefinition(type);
    }

    JsonNode putGatewayResponse(RequestContext ctx, ObjectNode in) {
        GatewayResponses.Type type = type(in.path("responseType").asText());
        return store.update(ctx, in.path("restApiId").asText(), api -> {
            ObjectNode r = GatewayResponses.defaultDefinition(type);
            if (in.hasNonNull("statusCode")) {
                r.put("statusCode", in.get("statusCode").asText());
            } else if (type.status == 0) {
                r.remove("statusCode");
            }
            r.set("responseParameters", in.has("responseParameters") ? in.get("responseParameters").deepCopy()
                    : r.objectNode());
            r.set("responseTemplates", in.has("responseTemplates") ? in.get("responseTemplates").deepCopy()
                    : r.objectNode());
            r.put("defaultResponse", false);
            api.gatewayResponses().put(type.name(), r);
            return r.deepCopy();
        });
    }

    JsonNode getGatewayResponse(RequestContext ctx, ObjectNode in) {
        return current(store.get(ctx, in.path("restApiId").asText()), type(in.path("responseType").asText()));
    }

    JsonNode getGatewayResponses(RequestContext ctx, ObjectNode in) {
        RestApiState api = store.get(ctx, in.path("restApiId").asText());
        List<ObjectNode> all = new ArrayList<>();
        for (GatewayResponses.Type t : GatewayResponses.Type.values()) {
            all.add(current(api, t));
        }
        return Pages.page(all, in);
    }

    JsonNode updateGatewayResponse(RequestContext ctx, ObjectNode in) {
        GatewayResponses.Type type = type(in.path("responseType").asText());
        return store.update(ctx, in.path("restApiId").asText(), api -> {
            ObjectNode r = current(api, type).deepCopy();
            Patches.applyAll(r, in.path("patchOperations"), Map.of("statusCode", Kind.STRING,
                    "responseParameters", Kind.MAP, "responseTemplates", Kind.MAP));
            r.put("defaultResponse", false);
            api.gatewayResponses().put(type.name(), r);
            return r.deepCopy();
        });
    }

    JsonNode deleteGatewayResponse(RequestContext ctx, ObjectNode in) {
        GatewayResponses.Type type = type(in.path("responseType").asText());
        return store.update(ctx, in.path("restApiId").asText(), api -> {
            if (api.gatewayResponses().remove(type.name()) == null) {
                throw ApiErrors.notFound("Invalid Gateway Response identifier specified");
            }
            return null;
        });
    }
}
