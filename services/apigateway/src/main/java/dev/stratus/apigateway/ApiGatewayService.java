package dev.stratus.apigateway;

import dev.stratus.platform.HttpFrontDoor;
import dev.stratus.platform.Operation;
import dev.stratus.platform.Platform;
import dev.stratus.platform.Service;
import dev.stratus.protocol.model.ServiceModel;
import java.util.LinkedHashMap;
import java.util.Map;

/** Amazon API Gateway: REST APIs (v1) in front of functions, and their invocation on the edge's port. */
public final class ApiGatewayService implements Service {
    private final ServiceModel model = ServiceModel.load("apigateway");
    private final Map<String, Operation> operations = new LinkedHashMap<>();
    private final ExecuteApi executeApi;

    public ApiGatewayService(Platform platform) {
        ApiStore store = new ApiStore(platform.storage());
        RestApiOperations apis = new RestApiOperations(store, platform.clock());
        ResourceOperations resources = new ResourceOperations(store);
        MethodOperations methods = new MethodOperations(store);
        DeploymentOperations deployments = new DeploymentOperations(store, platform.clock());
        operations.put("CreateRestApi", apis::createRestApi);
        operations.put("GetRestApi", apis::getRestApi);
        operations.put("GetRestApis", apis::getRestApis);
        operations.put("UpdateRestApi", apis::updateRestApi);
        operations.put("DeleteRestApi", apis::deleteRestApi);
        operations.put("CreateResource", resources::createResource);
        operations.put("GetResource", resources::getResource);
        operations.put("GetResources", resources::getResources);
        operations.put("UpdateResource", resources::updateResource);
        operations.put("DeleteResource", resources::deleteResource);
        operations.put("PutMethod", methods::putMethod);
        operations.put("GetMethod", methods::getMethod);
        operations.put("UpdateMethod", methods::updateMethod);
        operations.put("DeleteMethod", methods::deleteMethod);
        operations.put("PutMethodResponse", methods::putMethodResponse);
        operations.put("GetMethodResponse", methods::getMethodResponse);
        operations.put("UpdateMethodResponse", methods::updateMethodResponse);
        operations.put("DeleteMethodResponse", methods::deleteMethodResponse);
        operations.put("PutIntegration", methods::putIntegration);
        operations.put("GetIntegration", methods::getIntegration);
        operations.put("UpdateIntegration", methods::updateIntegration);
        operations.put("DeleteIntegration", methods::deleteIntegration);
        operations.put("PutIntegrationResponse", methods::putIntegrationResponse);
        operations.put("GetIntegrationResponse", methods::getIntegrationResponse);
        operations.put("UpdateIntegrationResponse", methods::updateIntegrationResponse);
        operations.put("DeleteIntegrationResponse", methods::deleteIntegrationResponse);
        operations.put("CreateDeployment", deployments::createDeployment);
        operations.put("GetDeployment", deployments::getDeployment);
        operations.put("GetDeployments", deployments::getDeployments);
        operations.put("UpdateDeployment", deployments::updateDeployment);
        operations.put("DeleteDeployment", deployments::deleteDeployment);
        operations.put("CreateStage", deployments::createStage);
        operations.put("GetStage", deployments::getStage);
        operations.put("GetStages", deployments::getStages);
        operations.put("UpdateStage", deployments::updateStage);
        operations.put("DeleteStage", deployments::deleteStage);
        // HTTP APIs (ApiGatewayV2Service) share the execute-api addresses, so their store is read here too.
        this.executeApi = new ExecuteApi(store, new Integrations(platform.registry()),
                new HttpApiStore(platform.storage()), new HttpApiInvoker(platform.registry()), platform.clock());
    }

    @Override
    public String name() {
        return "apigateway";
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

    @Override
    public HttpFrontDoor frontDoor() {
        return executeApi;
    }
}
