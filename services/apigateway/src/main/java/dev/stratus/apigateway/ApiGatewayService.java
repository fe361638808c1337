package dev.stratus.apigateway;

import dev.stratus.platform.HttpFrontDoor;
import dev.stratus.platform.Operation;
import dev.stratus.platform.Platform;
import dev.stratus.platform.Service;
import dev.stratus.platform.auth.Authenticator;
import dev.stratus.protocol.model.ServiceModel;
import java.util.LinkedHashMap;
import java.util.Map;

/** Amazon API Gateway: REST APIs (v1) in front of functions, and their invocation on the edge's port. */
public final class ApiGatewayService implements Service {
    private final ServiceModel model = ServiceModel.load("apigateway");
    private final Map<String, Operation> operations = new LinkedHashMap<>();
    private final ExecuteApi executeApi;
    /** API keys' throttles, quotas and usage counts; WebSocket APIs' keyed routes count against the same plans. */
    private final UsageGuard usage;

    public ApiGatewayService(Platform platform) {
        ApiStore store = new ApiStore(platform.storage());
        DomainStore domainStore = new DomainStore(platform.storage());
        StageCache stageCache = new StageCache(platform.clock());
        operations.put("FlushStageCache", (ctx, in) -> {
            DeploymentOperations.stage(store.get(ctx, in.path("restApiId").asText()), in.path("stageName").asText());
            stageCache.flush(in.path("restApiId").asText(), in.path("stageName").asText());
            return null;
        });
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
        DomainNameOperations domainNames = new DomainNameOperations(domainStore, store, platform.clock());
        operations.put("CreateDomainName", domainNames::createDomainName);
        operations.put("GetDomainName", domainNames::getDomainName);
        operations.put("GetDomainNames", domainNames::getDomainNames);
        operations.put("DeleteDomainName", domainNames::deleteDomainName);
        operations.put("CreateBasePathMapping", domainNames::createBasePathMapping);
        operations.put("GetBasePathMapping", domainNames::getBasePathMapping);
        operations.put("GetBasePathMappings", domainNames::getBasePathMappings);
        operations.put("UpdateBasePathMapping", domainNames::updateBasePathMapping);
        operations.put("DeleteBasePathMapping", domainNames::deleteBasePathMapping);
        OpenApiOperations openApi = new OpenApiOperations(store, apis);
        operations.put("ImportRestApi", openApi::importRestApi);
        operations.put("PutRestApi", openApi::putRestApi);
        operations.put("GetExport", openApi::getExport);
        ModelOperations models = new ModelOperations(store);
        operations.put("CreateModel", models::createModel);
        operations.put("GetModel", models::getModel);
        operations.put("GetModels", models::getModels);
        operations.put("UpdateModel", models::updateModel);
        operations.put("DeleteModel", models::deleteModel);
        operations.put("CreateRequestValidator", models::createRequestValidator);
        operations.put("GetRequestValidator", models::getRequestValidator);
        operations.put("GetRequestValidators", models::getRequestValidators);
        operations.put("UpdateRequestValidator", models::updateRequestValidator);
        operations.put("DeleteRequestValidator", models::deleteRequestValidator);
        LambdaAuthorizer lambdaAuthorizer = new LambdaAuthorizer(platform.registry());
        Authenticator authenticator = new Authenticator(platform.config().auth(), platform.credentials());
        ExecuteApiAccess access = new ExecuteApiAccess(platform.config().auth(), platform.credentials(),
                platform.clock());
        MethodAuthorization authorization = new MethodAuthorization(lambdaAuthorizer, authenticator, access,
                platform.clock());
        AuthorizerOperations authorizers = new AuthorizerOperations(store, lambdaAuthorizer, platform.clock(),
                authorization::flush);
        operations.put("CreateAuthorizer", authorizers::createAuthorizer);
        operations.put("GetAuthorizer", authorizers::getAuthorizer);
        operations.put("GetAuthorizers", authorizers::getAuthorizers);
        operations.put("UpdateAuthorizer", authorizers::updateAuthorizer);
        operations.put("DeleteAuthorizer", authorizers::deleteAuthorizer);
        operations.put("TestInvokeAuthorizer", authorizers::testInvokeAuthorizer);
        operations.put("FlushStageAuthorizersCache", (ctx, in) -> {
            DeploymentOperations.stage(store.get(ctx, in.path("restApiId").asText()), in.path("stageName").asText());
            authorization.flush(in.path("restApiId").asText(), in.path("stageName").asText());
            return null;
        });
        GatewayResponseOperations gatewayResponses = new GatewayResponseOperations(store);
        operations.put("PutGatewayResponse", gatewayResponses::putGatewayResponse);
        operations.put("GetGatewayResponse", gatewayResponses::getGatewayResponse);
        operations.put("GetGatewayResponses", gatewayResponses::getGatewayResponses);
        operations.put("UpdateGatewayResponse", gatewayResponses::updateGatewayResponse);
        operations.put("DeleteGatewayResponse", gatewayResponses::deleteGatewayResponse);
        UsageStore usageStore = new UsageStore(platform.storage());
        UsageGuard usage = new UsageGuard(usageStore, platform.clock());
        this.usage = usage;
        ApiKeyOperations keys = new ApiKeyOperations(usageStore, store, platform.clock());
        operations.put("CreateApiKey", keys::createApiKey);
        operations.put("GetApiKey", keys::getApiKey);
        operations.put("GetApiKeys", keys::getApiKeys);
        operations.put("UpdateApiKey", keys::updateApiKey);
        operations.put("DeleteApiKey", keys::deleteApiKey);
        UsagePlanOperations plans = new UsagePlanOperations(usageStore, store, usage,
                new HttpApiStore(platform.storage()));
        operations.put("CreateUsagePlan", plans::createUsagePlan);
        operations.put("GetUsagePlan", plans::getUsagePlan);
        operations.put("GetUsagePlans", plans::getUsagePlans);
        operations.put("UpdateUsagePlan", plans::updateUsagePlan);
        operations.put("DeleteUsagePlan", plans::deleteUsagePlan);
        operations.put("CreateUsagePlanKey", plans::createUsagePlanKey);
        operations.put("GetUsagePlanKey", plans::getUsagePlanKey);
        operations.put("GetUsagePlanKeys", plans::getUsagePlanKeys);
        operations.put("DeleteUsagePlanKey", plans::deleteUsagePlanKey);
        operations.put("GetUsage", plans::getUsage);
        // HTTP APIs (ApiGatewayV2Service) share the execute-api addresses, so their store is read here too.
        Vtl vtl = new Vtl();
        GatewayResponses errors = new GatewayResponses(vtl);
        this.executeApi = new ExecuteApi(store, new Integrations(platform.registry(), vtl, errors),
                new HttpApiStore(platform.storage()), new HttpApiInvoker(platform.registry(),
                        new HttpIamAuthorizer(authenticator, access, platform.clock())), platform.clock(),
                authorization, usage, errors, domainStore, stageCache);
    }

    /** The usage plans' counters, shared with {@link ApiGatewayV2Service}'s WebSocket APIs. */
    UsageGuard usageGuard() {
        return usage;
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
