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

    public ApiGatewayV2Service(Platform platform) {
        HttpApiStore store = new HttpApiStore(platform.storage());
        HttpStageOperations stages = new HttpStageOperations(store, platform.clock());
        HttpApiOperations apis = new HttpApiOperations(store, platform.clock(), stages);
        HttpRouteOperations routes = new HttpRouteOperations(store, stages);
        HttpIntegrationOperations integrations = new HttpIntegrationOperations(store, stages);
        HttpAuthorizerOperations authorizers = new HttpAuthorizerOperations(store, stages);
        operations.put("CreateApi", apis::createApi);
        operations.put("GetApi", apis::getApi);
        operations.put("GetApis", apis::getApis);
        operations.put("UpdateApi", apis::updateApi);
        operations.put("DeleteApi", apis::deleteApi);
        operations.put("DeleteCorsConfiguration", apis::deleteCorsConfiguration);
        operations.put("TagResource", apis::tagResource);
        operations.put("UntagResource", apis::untagResource);
        operations.put("GetTags", apis::getTags);
        operations.put("CreateRoute", routes::createRoute);
        operations.put("GetRoute", routes::getRoute);
        operations.put("GetRoutes", routes::getRoutes);
        operations.put("UpdateRoute", routes::updateRoute);
        operations.put("DeleteRoute", routes::deleteRoute);
        operations.put("DeleteRouteRequestParameter", routes::deleteRouteRequestParameter);
        operations.put("CreateIntegration", integrations::createIntegration);
        operations.put("GetIntegration", integrations::getIntegration);
        operations.put("GetIntegrations", integrations::getIntegrations);
        operations.put("UpdateIntegration", integrations::updateIntegration);
        operations.put("DeleteIntegration", integrations::deleteIntegration);
        operations.put("CreateAuthorizer", authorizers::createAuthorizer);
        operations.put("GetAuthorizer", authorizers::getAuthorizer);
        operations.put("GetAuthorizers", authorizers::getAuthorizers);
        operations.put("UpdateAuthorizer", authorizers::updateAuthorizer);
        operations.put("DeleteAuthorizer", authorizers::deleteAuthorizer);
        operations.put("CreateStage", stages::createStage);
        operations.put("GetStage", stages::getStage);
        operations.put("GetStages", stages::getStages);
        operations.put("UpdateStage", stages::updateStage);
        operations.put("DeleteStage", stages::deleteStage);
        operations.put("DeleteRouteSettings", stages::deleteRouteSettings);
        operations.put("DeleteAccessLogSettings", stages::deleteAccessLogSettings);
        operations.put("CreateDeployment", stages::createDeployment);
        operations.put("GetDeployment", stages::getDeployment);
        operations.put("GetDeployments", stages::getDeployments);
        operations.put("UpdateDeployment", stages::updateDeployment);
        operations.put("DeleteDeployment", stages::deleteDeployment);
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
