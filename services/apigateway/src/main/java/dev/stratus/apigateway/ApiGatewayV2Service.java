package dev.stratus.apigateway;

import dev.stratus.platform.HttpFrontDoor;
import dev.stratus.platform.Operation;
import dev.stratus.platform.Platform;
import dev.stratus.platform.Service;
import dev.stratus.platform.WebSocketDoor;
import dev.stratus.platform.auth.Authenticator;
import dev.stratus.protocol.model.ServiceModel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Amazon API Gateway v2 for HTTP and WebSocket APIs: APIs (full and quick create), routes, integrations,
 * authorizers, stages, deployments and tags, invoked through the same execute-api addresses as REST APIs; WebSocket
 * connections and their {@code @connections} management API are served here.
 */
public final class ApiGatewayV2Service implements Service {
    /** How often connections are checked against the idle and duration limits. */
    private static final long SWEEP_SECONDS = 15;
    private final ServiceModel model = ServiceModel.load("apigatewayv2");
    private final Map<String, Operation> operations = new LinkedHashMap<>();
    private final Object writeLock = new Object();
    private final WebSocketConnections connections;
    private final WebSocketGateway webSockets;
    private final WebSocketManagementApi management;
    /** Closes WebSocket connections past AWS's idle and duration limits. */
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("apigatewayv2-ws-sweeper").factory());

    public ApiGatewayV2Service(Platform platform) {
        this(platform, new UsageGuard(new UsageStore(platform.storage()), platform.clock()));
    }

    /**
     * With the REST APIs' service, so that WebSocket routes with ApiKeyRequired count against the same usage plan
     * throttles and quotas, and GetUsage shows them.
     */
    public ApiGatewayV2Service(Platform platform, ApiGatewayService restApis) {
        this(platform, restApis.usageGuard());
    }

    private ApiGatewayV2Service(Platform platform, UsageGuard usage) {
        HttpApiStore store = new HttpApiStore(platform.storage());
        HttpStageOperations stages = new HttpStageOperations(store, platform.clock());
        HttpApiOperations apis = new HttpApiOperations(store, platform.clock(), stages);
        HttpRouteOperations routes = new HttpRouteOperations(store, stages);
        HttpIntegrationOperations integrations = new HttpIntegrationOperations(store, stages);
        HttpAuthorizerOperations authorizers = new HttpAuthorizerOperations(store, stages);
        operations.put("CreateApi", serialized(apis::createApi));
        operations.put("GetApi", apis::getApi);
        operations.put("GetApis", apis::getApis);
        operations.put("UpdateApi", serialized(apis::updateApi));
        operations.put("DeleteApi", serialized(apis::deleteApi));
        operations.put("DeleteCorsConfiguration", serialized(apis::deleteCorsConfiguration));
        operations.put("TagResource", serialized(apis::tagResource));
        operations.put("UntagResource", serialized(apis::untagResource));
        operations.put("GetTags", apis::getTags);
        operations.put("CreateRoute", serialized(routes::createRoute));
        operations.put("GetRoute", routes::getRoute);
        operations.put("GetRoutes", routes::getRoutes);
        operations.put("UpdateRoute", serialized(routes::updateRoute));
        operations.put("DeleteRoute", serialized(routes::deleteRoute));
        operations.put("DeleteRouteRequestParameter", serialized(routes::deleteRouteRequestParameter));
        operations.put("CreateIntegration", serialized(integrations::createIntegration));
        operations.put("GetIntegration", integrations::getIntegration);
        operations.put("GetIntegrations", integrations::getIntegrations);
        operations.put("UpdateIntegration", serialized(integrations::updateIntegration));
        operations.put("DeleteIntegration", serialized(integrations::deleteIntegration));
        operations.put("CreateAuthorizer", serialized(authorizers::createAuthorizer));
        operations.put("GetAuthorizer", authorizers::getAuthorizer);
        operations.put("GetAuthorizers", authorizers::getAuthorizers);
        operations.put("UpdateAuthorizer", serialized(authorizers::updateAuthorizer));
        operations.put("DeleteAuthorizer", serialized(authorizers::deleteAuthorizer));
        operations.put("CreateStage", serialized(stages::createStage));
        operations.put("GetStage", stages::getStage);
        operations.put("GetStages", stages::getStages);
        operations.put("UpdateStage", serialized(stages::updateStage));
        operations.put("DeleteStage", serialized(stages::deleteStage));
        operations.put("DeleteRouteSettings", serialized(stages::deleteRouteSettings));
        operations.put("ResetAuthorizersCache", serialized(stages::resetAuthorizersCache));
        operations.put("DeleteAccessLogSettings", serialized(stages::deleteAccessLogSettings));
        operations.put("CreateDeployment", serialized(stages::createDeployment));
        operations.put("GetDeployment", stages::getDeployment);
        operations.put("GetDeployments", stages::getDeployments);
        operations.put("UpdateDeployment", serialized(stages::updateDeployment));
        operations.put("DeleteDeployment", serialized(stages::deleteDeployment));
        HttpOpenApiOperations openApi = new HttpOpenApiOperations(store, apis, stages);
        operations.put("ImportApi", serialized(openApi::importApi));
        operations.put("ReimportApi", serialized(openApi::reimportApi));
        operations.put("ExportApi", openApi::exportApi);
        WebSocketIntegrationResponseOperations integrationResponses =
                new WebSocketIntegrationResponseOperations(store, stages);
        operations.put("CreateIntegrationResponse", serialized(integrationResponses::createIntegrationResponse));
        operations.put("GetIntegrationResponse", integrationResponses::getIntegrationResponse);
        operations.put("GetIntegrationResponses", integrationResponses::getIntegrationResponses);
        operations.put("UpdateIntegrationResponse", serialized(integrationResponses::updateIntegrationResponse));
        operations.put("DeleteIntegrationResponse", serialized(integrationResponses::deleteIntegrationResponse));
        WebSocketRouteResponseOperations routeResponses = new WebSocketRouteResponseOperations(store);
        operations.put("CreateRouteResponse", serialized(routeResponses::createRouteResponse));
        operations.put("GetRouteResponse", routeResponses::getRouteResponse);
        operations.put("GetRouteResponses", routeResponses::getRouteResponses);
        operations.put("UpdateRouteResponse", serialized(routeResponses::updateRouteResponse));
        operations.put("DeleteRouteResponse", serialized(routeResponses::deleteRouteResponse));
        this.connections = new WebSocketConnections(platform.clock());
        this.webSockets = new WebSocketGateway(store, new HttpIntegrationCall(platform.registry()), connections,
                new Authenticator(platform.config().auth(), platform.credentials()),
                new ExecuteApiAccess(platform.config().auth(), platform.credentials(), platform.clock()),
                new WebSocketAdmission(usage),
                new WebSocketMappedIntegration(platform.registry()));
        this.management = new WebSocketManagementApi(store, connections, webSockets);
    }

    /**
     * Changes read, modify and write a whole API document: one at a time, so that concurrent calls (e.g. a tool
     * creating many routes in parallel) do not lose each other's changes. Invocations read without waiting.
     */
    private Operation serialized(Operation op) {
        return (ctx, in) -> {
            synchronized (writeLock) {
                return op.call(ctx, in);
            }
        };
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
    public WebSocketDoor webSocketDoor() {
        return webSockets;
    }

    @Override
    public HttpFrontDoor frontDoor() {
        return management;
    }

    @Override
    public void start() {
        sweeper.scheduleWithFixedDelay(connections::sweep, SWEEP_SECONDS, SWEEP_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }

    @Override
    public String validationErrorCode() {
        return "BadRequestException";
    }
}
