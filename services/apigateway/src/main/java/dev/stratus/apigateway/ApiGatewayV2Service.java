package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.Operation;
import dev.stratus.platform.Platform;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.Service;
import dev.stratus.protocol.codec.Timestamps;
import dev.stratus.protocol.model.ServiceModel;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Amazon API Gateway v2, first piece: HTTP APIs by quick create (CreateApi with a Lambda Target), invoked through
 * the same execute-api addresses as REST APIs with payload format 2.0.
 */
public final class ApiGatewayV2Service implements Service {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final ServiceModel model = ServiceModel.load("apigatewayv2");
    private final Map<String, Operation> operations = new LinkedHashMap<>();
    private final HttpApiStore store;
    private final Clock clock;

    public ApiGatewayV2Service(Platform platform) {
        this.store = new HttpApiStore(platform.storage());
        this.clock = platform.clock();
        operations.put("CreateApi", this::createApi);
        operations.put("GetApi", (ctx, in) -> store.get(ctx, in.path("ApiId").asText()).api());
        operations.put("GetApis", this::getApis);
        operations.put("DeleteApi", this::deleteApi);
        operations.put("GetRoutes", (ctx, in) -> items(store.get(ctx, in.path("ApiId").asText()).route()));
        operations.put("GetIntegrations", (ctx, in) -> items(store.get(ctx, in.path("ApiId").asText())
                .integration()));
        operations.put("GetStages", (ctx, in) -> items(store.get(ctx, in.path("ApiId").asText()).stage()));
    }

    @Override
    public String name() {
        return "apigatewayv2";
    }

    @Override
    public ServiceModel model() {
        return model;
    }

    @Override
    public Map<String, Operation> operations() {
        return operations;
    }

    @Override
    public String validationErrorCode() {
        return "BadRequestException";
    }

    private JsonNode createApi(RequestContext ctx, ObjectNode in) {
        if (!"HTTP".equals(in.path("ProtocolType").asText())) {
            throw ApiErrors.badRequest("Stratus supports only HTTP APIs (ProtocolType HTTP) for now");
        }
        String target = in.path("Target").asText(null);
        if (target == null) {
            throw ApiErrors.badRequest("Stratus supports only quick create (CreateApi with Target) for now");
        }
        String id;
        do {
            id = Ids.random(10);
        } while (store.byId(id).isPresent());
        ObjectNode api = F.objectNode();
        api.put("ApiId", id);
        api.put("Name", in.path("Name").asText());
        api.put("ProtocolType", "HTTP");
        api.put("ApiEndpoint", endpoint(ctx, id));
        api.put("ApiKeySelectionExpression", "$request.header.x-api-key");
        api.put("RouteSelectionExpression", "$request.method $request.path");
        api.set("CreatedDate", Timestamps.node(clock.instant()));
        api.put("DisableExecuteApiEndpoint", false);
        RestApiOperations.copy(in, api, "Description", "Version", "CorsConfiguration", "Tags");
        String integrationId = Ids.random(7);
        ObjectNode integration = F.objectNode();
        integration.put("IntegrationId", integrationId);
        integration.put("IntegrationType", "AWS_PROXY");
        integration.put("IntegrationMethod", "POST");
        integration.put("IntegrationUri", target);
        integration.put("PayloadFormatVersion", "2.0");
        integration.put("TimeoutInMillis", 30000);
        integration.put("ConnectionType", "INTERNET");
        integration.put("ApiGatewayManaged", true);
        ObjectNode route = F.objectNode();
        route.put("RouteId", Ids.random(7));
        route.put("RouteKey", in.path("RouteKey").asText("$default"));
        route.put("Target", "integrations/" + integrationId);
        route.put("AuthorizationType", "NONE");
        route.put("ApiKeyRequired", false);
        route.put("ApiGatewayManaged", true);
        ObjectNode stage = F.objectNode();
        stage.put("StageName", "$default");
        stage.put("AutoDeploy", true);
        stage.put("ApiGatewayManaged", true);
        stage.set("CreatedDate", Timestamps.node(clock.instant()));
        stage.set("LastUpdatedDate", Timestamps.node(clock.instant()));
        stage.putObject("DefaultRouteSettings").put("DetailedMetricsEnabled", false);
        stage.putObject("RouteSettings");
        stage.putObject("StageVariables");
        store.put(new HttpApiState(ctx.accountId(), ctx.region(), api, route, integration, stage));
        return api;
    }

    /** Where clients reach the API: the execute-api host on the edge's port (AWS: https://{id}.execute-api...). */
    private static String endpoint(RequestContext ctx, String id) {
        int port = -1;
        String scheme = "http";
        if (ctx.endpoint() != null) {
            URI uri = URI.create(ctx.endpoint());
            port = uri.getPort();
            scheme = uri.getScheme();
        }
        return scheme + "://" + id + ".execute-api.localhost" + (port > 0 ? ":" + port : "");
    }

    private JsonNode getApis(RequestContext ctx, ObjectNode in) {
        ObjectNode out = F.objectNode();
        var items = out.putArray("Items");
        store.list(ctx).forEach(a -> items.add(a.api()));
        return out;
    }

    private JsonNode deleteApi(RequestContext ctx, ObjectNode in) {
        HttpApiState api = store.get(ctx, in.path("ApiId").asText());
        store.delete(api.id());
        return null;
    }

    private static ObjectNode items(ObjectNode one) {
        ObjectNode out = F.objectNode();
        out.putArray("Items").addAll(List.of(one));
        return out;
    }
}
