package dev.stratus.apigateway;

import dev.stratus.platform.Operation;
import dev.stratus.platform.Platform;
import dev.stratus.platform.Service;
import dev.stratus.protocol.model.ServiceModel;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Amazon API Gateway v2 for HTTP APIs: APIs (full and quick create), routes, integrations, authorizers, stages,
 * deployments and tags, invoked through the same execute-api addresses as REST APIs.
 */
public final class ApiGatewayV2Service implements Service {
    private final ServiceModel model = ServiceModel.load("apigatewayv2");
    private final Map<String, Operation> operations = new LinkedHashMap<>();
    private final Object writeLock = new Object();

    public ApiGatewayV2Service(Platform platform) {
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
    public String validationErrorCode() {
        return "BadRequestException";
    }
}
