package dev.stratus.e2e;

import static dev.stratus.e2e.AwsErrors.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.BadRequestException;
import software.amazon.awssdk.services.apigateway.model.ConflictException;
import software.amazon.awssdk.services.apigateway.model.CreateRestApiResponse;
import software.amazon.awssdk.services.apigateway.model.GetMethodResponse;
import software.amazon.awssdk.services.apigateway.model.GetStageResponse;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;
import software.amazon.awssdk.services.apigateway.model.Op;
import software.amazon.awssdk.services.apigateway.model.Resource;

/** API Gateway REST APIs through the AWS SDK: the control plane and its errors. */
class ApiGatewayControlPlaneTest {
    static final StratusServer stratus = StratusServer.start();
    final ApiGatewayClient apigw = client(stratus);

    /** HttpURLConnection cannot send PATCH (UpdateStage), so API Gateway's tests use the Apache client. */
    static ApiGatewayClient client(StratusServer stratus) {
        return ApiGatewayClient.builder().endpointOverride(stratus.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(Apache5HttpClient.builder()).build();
    }

    @AfterAll
    static void stop() {
        stratus.close();
    }

    @Test
    void restApiLifecycleWithItsRootResource() {
        CreateRestApiResponse api = apigw.createRestApi(b -> b.name("pets").description("the pet store"));
        assertThat(api.id()).matches("[a-z0-9]{10}");
        assertThat(api.name()).isEqualTo("pets");
        assertThat(api.description()).isEqualTo("the pet store");
        assertThat(api.createdDate()).isNotNull();
        assertThat(api.rootResourceId()).matches("[a-z0-9]{10}");
        assertThat(api.endpointConfiguration().typesAsStrings()).containsExactly("EDGE");
        assertThat(api.apiKeySourceAsString()).isEqualTo("HEADER");

        assertThat(apigw.getRestApi(b -> b.restApiId(api.id())).name()).isEqualTo("pets");
        assertThat(apigw.getRestApis(b -> { }).items()).extracting(r -> r.id()).contains(api.id());
        var resources = apigw.getResources(b -> b.restApiId(api.id())).items();
        assertThat(resources).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo(api.rootResourceId());
            assertThat(r.path()).isEqualTo("/");
            assertThat(r.parentId()).isNull();
        });

        apigw.deleteRestApi(b -> b.restApiId(api.id()));
        assertAwsError(() -> apigw.getRestApi(b -> b.restApiId(api.id())), NotFoundException.class, 404,
                "NotFoundException", "Invalid API identifier specified 000000000000:" + api.id());
        assertAwsError(() -> apigw.deleteRestApi(b -> b.restApiId("abc")), NotFoundException.class, 404,
                "NotFoundException", "Invalid API identifier specified 000000000000:abc");
    }

    @Test
    void getRestApisPages() {
        for (int i = 0; i < 3; i++) {
            int n = i;
            apigw.createRestApi(b -> b.name("paged-" + n));
        }
        var first = apigw.getRestApis(b -> b.limit(2));
        assertThat(first.items()).hasSize(2);
        assertThat(first.position()).isNotNull();
        var rest = apigw.getRestApis(b -> b.limit(500).position(first.position()));
        assertThat(rest.items()).isNotEmpty().doesNotContainAnyElementsOf(first.items());
    }

    @Test
    void resourceTreeWithParametersAndGreedyProxy() {
        var api = apigw.createRestApi(b -> b.name("tree"));
        var pets = apigw.createResource(b -> b.restApiId(api.id()).parentId(api.rootResourceId()).pathPart("pets"));
        assertThat(pets.id()).matches("[a-z0-9]{6}");
        assertThat(pets.path()).isEqualTo("/pets");
        assertThat(pets.parentId()).isEqualTo(api.rootResourceId());
        var petId = apigw.createResource(b -> b.restApiId(api.id()).parentId(pets.id()).pathPart("{petId}"));
        assertThat(petId.path()).isEqualTo("/pets/{petId}");
        var proxy = apigw.createResource(b -> b.restApiId(api.id()).parentId(api.rootResourceId())
                .pathPart("{proxy+}"));
        assertThat(proxy.path()).isEqualTo("/{proxy+}");

        assertAwsError(() -> apigw.createResource(b -> b.restApiId(api.id()).parentId(api.rootResourceId())
                .pathPart("pets")), ConflictException.class, 409, "ConflictException",
                "Another resource with the same parent already has this name: pets");
        assertAwsError(() -> apigw.createResource(b -> b.restApiId(api.id()).parentId(proxy.id()).pathPart("x")),
                BadRequestException.class, 400, "BadRequestException",
                "Cannot create a child of a resource with a greedy path variable: {proxy+}");
        assertAwsError(() -> apigw.createResource(b -> b.restApiId(api.id()).parentId(pets.id()).pathPart("{other}")),
                BadRequestException.class, 400, "BadRequestException",
                "A sibling ({petId}) of this resource already has a variable path part -- only one is allowed");
        assertAwsError(() -> apigw.createResource(b -> b.restApiId(api.id()).parentId("nope").pathPart("x")),
                NotFoundException.class, 404, "NotFoundException", "Invalid Resource identifier specified");

        apigw.putMethod(b -> b.restApiId(api.id()).resourceId(petId.id()).httpMethod("GET")
                .authorizationType("NONE").requestParameters(Map.of("method.request.path.petId", true)));
        var plain = apigw.getResource(b -> b.restApiId(api.id()).resourceId(petId.id()));
        assertThat(plain.resourceMethods()).containsOnlyKeys("GET");
        assertThat(plain.resourceMethods().get("GET").httpMethod()).isNull();
        var embedded = apigw.getResources(b -> b.restApiId(api.id()).embed("methods")).items().stream()
                .filter(r -> r.id().equals(petId.id())).findFirst().orElseThrow();
        assertThat(embedded.resourceMethods().get("GET").authorizationType()).isEqualTo("NONE");
        assertThat(apigw.getResources(b -> b.restApiId(api.id())).items()).extracting(Resource::path)
                .containsExactly("/", "/pets", "/pets/{petId}", "/{proxy+}");

        apigw.deleteResource(b -> b.restApiId(api.id()).resourceId(pets.id()));
        assertThat(apigw.getResources(b -> b.restApiId(api.id())).items()).extracting(Resource::path)
                .containsExactly("/", "/{proxy+}");
        assertAwsError(() -> apigw.getResource(b -> b.restApiId(api.id()).resourceId(petId.id())),
                NotFoundException.class, 404, "NotFoundException", "Invalid Resource identifier specified");
    }

    @Test
    void methodsIntegrationsAndTheirResponses() {
        var api = apigw.createRestApi(b -> b.name("methods"));
        String root = api.rootResourceId();
        var put = apigw.putMethod(b -> b.restApiId(api.id()).resourceId(root).httpMethod("ANY")
                .authorizationType("NONE").apiKeyRequired(true));
        assertThat(put.httpMethod()).isEqualTo("ANY");
        assertThat(put.apiKeyRequired()).isTrue();
        assertAwsError(() -> apigw.putMethod(b -> b.restApiId(api.id()).resourceId(root).httpMethod("ANY")
                .authorizationType("NONE")), ConflictException.class, 409, "ConflictException",
                "Method already exists for this resource");
        assertAwsError(() -> apigw.putMethod(b -> b.restApiId(api.id()).resourceId(root).httpMethod("FETCH")
                .authorizationType("NONE")), BadRequestException.class, 400, "BadRequestException",
                "Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY");
        assertAwsError(() -> apigw.getIntegration(b -> b.restApiId(api.id()).resourceId(root).httpMethod("ANY")),
                NotFoundException.class, 404, "NotFoundException", "Invalid Integration identifier specified");
        assertAwsError(() -> apigw.putIntegration(b -> b.restApiId(api.id()).resourceId(root).httpMethod("GET")
                .type(IntegrationType.MOCK)), NotFoundException.class, 404, "NotFoundException",
                "Invalid Method identifier specified");
        assertAwsError(() -> apigw.putIntegration(b -> b.restApiId(api.id()).resourceId(root).httpMethod("ANY")
                .type(IntegrationType.AWS_PROXY).uri("arn:aws:apigateway:us-east-1:lambda:path/x")),
                BadRequestException.class, 400, "BadRequestException",
                "Enumeration value for HttpMethod must be non-empty");

        String uri = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                + "arn:aws:lambda:us-east-1:000000000000:function:f/invocations";
        var integration = apigw.putIntegration(b -> b.restApiId(api.id()).resourceId(root).httpMethod("ANY")
                .type(IntegrationType.AWS_PROXY).integrationHttpMethod("POST").uri(uri));
        assertThat(integration.type()).isEqualTo(IntegrationType.AWS_PROXY);
        assertThat(integration.httpMethod()).isEqualTo("POST");
        assertThat(integration.uri()).isEqualTo(uri);
        assertThat(integration.passthroughBehavior()).isEqualTo("WHEN_NO_MATCH");
        assertThat(integration.timeoutInMillis()).isEqualTo(29000);
        assertThat(integration.cacheNamespace()).isEqualTo(root);

        apigw.putMethodResponse(b -> b.restApiId(api.id()).resourceId(root).httpMethod("ANY").statusCode("200")
                .responseModels(Map.of("application/json", "Empty")));
        apigw.putIntegrationResponse(b -> b.restApiId(api.id()).resourceId(root).httpMethod("ANY").statusCode("200")
                .selectionPattern(""));
        assertAwsError(() -> apigw.putIntegrationResponse(b -> b.restApiId(api.id()).resourceId(root)
                .httpMethod("ANY").statusCode("404")), NotFoundException.class, 404, "NotFoundException",
                "Invalid Response status code specified");

        GetMethodResponse method = apigw.getMethod(b -> b.restApiId(api.id()).resourceId(root).httpMethod("ANY"));
        assertThat(method.methodResponses()).containsOnlyKeys("200");
        assertThat(method.methodResponses().get("200").responseModels()).containsEntry("application/json", "Empty");
        assertThat(method.methodIntegration().uri()).isEqualTo(uri);
        assertThat(method.methodIntegration().integrationResponses()).containsOnlyKeys("200");

        apigw.deleteIntegration(b -> b.restApiId(api.id()).resourceId(root).httpMethod("ANY"));
        assertThat(apigw.getMethod(b -> b.restApiId(api.id()).resourceId(root).httpMethod("ANY"))
                .methodIntegration()).isNull();
        apigw.deleteMethod(b -> b.restApiId(api.id()).resourceId(root).httpMethod("ANY"));
        assertAwsError(() -> apigw.getMethod(b -> b.restApiId(api.id()).resourceId(root).httpMethod("ANY")),
                NotFoundException.class, 404, "NotFoundException", "Invalid Method identifier specified");
    }

    @Test
    void deploymentsAndStages() {
        var api = apigw.createRestApi(b -> b.name("stages"));
        String root = api.rootResourceId();
        assertAwsError(() -> apigw.createDeployment(b -> b.restApiId(api.id()).stageName("dev")),
                BadRequestException.class, 400, "BadRequestException", "The REST API doesn't contain any methods");
        apigw.putMethod(b -> b.restApiId(api.id()).resourceId(root).httpMethod("GET").authorizationType("NONE"));
        assertAwsError(() -> apigw.createDeployment(b -> b.restApiId(api.id()).stageName("dev")),
                BadRequestException.class, 400, "BadRequestException", "No integration defined for method");
        apigw.putIntegration(b -> b.restApiId(api.id()).resourceId(root).httpMethod("GET")
                .type(IntegrationType.MOCK).requestTemplates(Map.of("application/json", "{\"statusCode\": 200}")));

        var d1 = apigw.createDeployment(b -> b.restApiId(api.id()).stageName("dev").description("first")
                .variables(Map.of("color", "blue")));
        assertThat(d1.id()).matches("[a-z0-9]{6}");
        assertThat(d1.description()).isEqualTo("first");
        GetStageResponse dev = apigw.getStage(b -> b.restApiId(api.id()).stageName("dev"));
        assertThat(dev.deploymentId()).isEqualTo(d1.id());
        assertThat(dev.variables()).containsExactly(Map.entry("color", "blue"));
        assertThat(dev.cacheClusterEnabled()).isFalse();
        assertThat(dev.createdDate()).isNotNull();

        var d2 = apigw.createDeployment(b -> b.restApiId(api.id()));
        assertThat(apigw.getDeployments(b -> b.restApiId(api.id())).items()).extracting(d -> d.id())
                .containsExactly(d1.id(), d2.id());
        var prod = apigw.createStage(b -> b.restApiId(api.id()).stageName("prod").deploymentId(d2.id())
                .description("production"));
        assertThat(prod.deploymentId()).isEqualTo(d2.id());
        assertAwsError(() -> apigw.createStage(b -> b.restApiId(api.id()).stageName("prod").deploymentId(d2.id())),
                ConflictException.class, 409, "ConflictException", "Stage already exists");
        assertAwsError(() -> apigw.createStage(b -> b.restApiId(api.id()).stageName("qa").deploymentId("nope")),
                NotFoundException.class, 404, "NotFoundException", "Invalid Deployment identifier specified");
        assertThat(apigw.getStages(b -> b.restApiId(api.id())).item()).extracting(s -> s.stageName())
                .containsExactlyInAnyOrder("dev", "prod");

        var updated = apigw.updateStage(b -> b.restApiId(api.id()).stageName("dev").patchOperations(
                p -> p.op(Op.REPLACE).path("/variables/color").value("red"),
                p -> p.op(Op.ADD).path("/variables/size").value("xl"),
                p -> p.op(Op.REPLACE).path("/deploymentId").value(d2.id()),
                p -> p.op(Op.REPLACE).path("/description").value("moved")));
        assertThat(updated.variables()).containsOnly(Map.entry("color", "red"), Map.entry("size", "xl"));
        assertThat(updated.deploymentId()).isEqualTo(d2.id());
        assertThat(updated.description()).isEqualTo("moved");
        var removed = apigw.updateStage(b -> b.restApiId(api.id()).stageName("dev").patchOperations(
                p -> p.op(Op.REMOVE).path("/variables/size")));
        assertThat(removed.variables()).containsOnly(Map.entry("color", "red"));

        assertAwsError(() -> apigw.deleteDeployment(b -> b.restApiId(api.id()).deploymentId(d2.id())),
                BadRequestException.class, 400, "BadRequestException",
                "Active stages pointing to this deployment must be moved or deleted");
        apigw.deleteDeployment(b -> b.restApiId(api.id()).deploymentId(d1.id()));
        apigw.deleteStage(b -> b.restApiId(api.id()).stageName("prod"));
        assertAwsError(() -> apigw.getStage(b -> b.restApiId(api.id()).stageName("prod")),
                NotFoundException.class, 404, "NotFoundException", "Invalid Stage identifier specified");
        assertAwsError(() -> apigw.getDeployment(b -> b.restApiId(api.id()).deploymentId(d1.id())),
                NotFoundException.class, 404, "NotFoundException", "Invalid Deployment identifier specified");
    }

    @Test
    void updatesApplyPatchOperations() {
        var api = apigw.createRestApi(b -> b.name("patched"));
        var updated = apigw.updateRestApi(b -> b.restApiId(api.id()).patchOperations(
                p -> p.op(Op.REPLACE).path("/name").value("renamed"),
                p -> p.op(Op.ADD).path("/binaryMediaTypes/image~1png")));
        assertThat(updated.name()).isEqualTo("renamed");
        assertThat(updated.binaryMediaTypes()).containsExactly("image/png");
        assertAwsError(() -> apigw.updateRestApi(b -> b.restApiId(api.id()).patchOperations(
                p -> p.op(Op.REPLACE).path("/id").value("x"))), BadRequestException.class, 400,
                "BadRequestException", null);

        var a = apigw.createResource(b -> b.restApiId(api.id()).parentId(api.rootResourceId()).pathPart("a"));
        var child = apigw.createResource(b -> b.restApiId(api.id()).parentId(a.id()).pathPart("child"));
        var moved = apigw.updateResource(b -> b.restApiId(api.id()).resourceId(a.id()).patchOperations(
                p -> p.op(Op.REPLACE).path("/pathPart").value("b")));
        assertThat(moved.path()).isEqualTo("/b");
        assertThat(apigw.getResource(b -> b.restApiId(api.id()).resourceId(child.id())).path()).isEqualTo("/b/child");

        apigw.putMethod(b -> b.restApiId(api.id()).resourceId(a.id()).httpMethod("GET").authorizationType("NONE"));
        var method = apigw.updateMethod(b -> b.restApiId(api.id()).resourceId(a.id()).httpMethod("GET")
                .patchOperations(p -> p.op(Op.REPLACE).path("/apiKeyRequired").value("true"),
                        p -> p.op(Op.ADD).path("/requestParameters/method.request.querystring.q").value("false")));
        assertThat(method.apiKeyRequired()).isTrue();
        assertThat(method.requestParameters()).containsExactly(Map.entry("method.request.querystring.q", false));
        apigw.putIntegration(b -> b.restApiId(api.id()).resourceId(a.id()).httpMethod("GET")
                .type(IntegrationType.HTTP_PROXY).integrationHttpMethod("GET").uri("http://example.com/a"));
        var integration = apigw.updateIntegration(b -> b.restApiId(api.id()).resourceId(a.id()).httpMethod("GET")
                .patchOperations(p -> p.op(Op.REPLACE).path("/uri").value("http://example.com/b"),
                        p -> p.op(Op.REPLACE).path("/timeoutInMillis").value("5000")));
        assertThat(integration.uri()).isEqualTo("http://example.com/b");
        assertThat(integration.timeoutInMillis()).isEqualTo(5000);
    }
}
