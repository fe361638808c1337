package dev.stratus.e2e;

import static dev.stratus.e2e.AwsErrors.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.platform.StratusConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.apigatewayv2.model.AuthorizationType;
import software.amazon.awssdk.services.apigatewayv2.model.AuthorizerType;
import software.amazon.awssdk.services.apigatewayv2.model.BadRequestException;
import software.amazon.awssdk.services.apigatewayv2.model.ConflictException;
import software.amazon.awssdk.services.apigatewayv2.model.GetApisResponse;
import software.amazon.awssdk.services.apigatewayv2.model.IntegrationType;
import software.amazon.awssdk.services.apigatewayv2.model.NotFoundException;
import software.amazon.awssdk.services.apigatewayv2.model.ProtocolType;

/** HTTP API control plane: APIs, routes, integrations, authorizers, stages, deployments and tags, with AWS's errors. */
class ApiGatewayHttpApiControlPlaneTest {
    static final StratusServer stratus = StratusServer.start();
    static final String FN = "arn:aws:lambda:us-east-1:000000000000:function:nowhere";
    final ApiGatewayV2Client apigw = client(stratus);

    @TempDir
    Path dataDir;

    /** Update operations are PATCH requests, which the default URL-connection client cannot send. */
    static ApiGatewayV2Client client(StratusServer stratus) {
        return ApiGatewayV2Client.builder().endpointOverride(stratus.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(Apache5HttpClient.builder()).build();
    }

    @AfterAll
    static void stop() {
        stratus.close();
    }

    String api(String name) {
        return apigw.createApi(b -> b.name(name).protocolType(ProtocolType.HTTP)).apiId();
    }

    @Test
    void apisAreCreatedListedInPagesUpdatedAndDeleted() {
        var created = apigw.createApi(b -> b.name("full").protocolType(ProtocolType.HTTP).description("d")
                .corsConfiguration(c -> c.allowOrigins("https://a.example")).tags(Map.of("team", "x")));
        assertThat(created.apiId()).matches("[a-z0-9]{10}");
        assertThat(created.routeSelectionExpression()).isEqualTo("$request.method $request.path");
        assertThat(created.apiKeySelectionExpression()).isEqualTo("$request.header.x-api-key");
        assertThat(created.corsConfiguration().allowOrigins()).containsExactly("https://a.example");
        assertThat(created.tags()).containsEntry("team", "x");
        assertThat(apigw.getRoutes(b -> b.apiId(created.apiId())).items()).isEmpty();
        assertThat(apigw.getStages(b -> b.apiId(created.apiId())).items()).isEmpty();

        var updated = apigw.updateApi(b -> b.apiId(created.apiId()).name("renamed").version("2"));
        assertThat(updated.name()).isEqualTo("renamed");
        assertThat(updated.description()).isEqualTo("d");
        assertThat(apigw.getApi(b -> b.apiId(created.apiId())).version()).isEqualTo("2");
        apigw.deleteCorsConfiguration(b -> b.apiId(created.apiId()));
        assertThat(apigw.getApi(b -> b.apiId(created.apiId())).corsConfiguration()).isNull();

        for (int i = 0; i < 3; i++) {
            api("page-" + i);
        }
        Set<String> seen = new HashSet<>();
        String token = null;
        int pages = 0;
        do {
            String t = token;
            GetApisResponse page = apigw.getApis(b -> b.maxResults("2").nextToken(t));
            assertThat(page.items()).hasSizeLessThanOrEqualTo(2);
            page.items().forEach(a -> assertThat(seen.add(a.apiId())).isTrue());
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertThat(pages).isGreaterThanOrEqualTo(2);
        assertThat(seen).contains(created.apiId());

        apigw.deleteApi(b -> b.apiId(created.apiId()));
        assertAwsError(() -> apigw.getApi(b -> b.apiId(created.apiId())), NotFoundException.class, 404,
                "NotFoundException", "Invalid API identifier specified 000000000000:" + created.apiId());
        assertAwsError(() -> apigw.deleteApi(b -> b.apiId("nope")), NotFoundException.class, 404,
                "NotFoundException", "Invalid API identifier specified 000000000000:nope");
        assertAwsError(() -> apigw.createRoute(b -> b.apiId("nope").routeKey("GET /x")), NotFoundException.class,
                404, "NotFoundException", "Invalid API identifier specified 000000000000:nope");
    }

    @Test
    void routesAndIntegrationsWithTheirErrors() {
        String api = api("routes");
        var lambdaIntegration = apigw.createIntegration(b -> b.apiId(api).integrationType(IntegrationType.AWS_PROXY)
                .integrationUri(FN).payloadFormatVersion("2.0").timeoutInMillis(5000));
        assertThat(lambdaIntegration.integrationId()).isNotBlank();
        assertThat(lambdaIntegration.integrationMethod()).isEqualTo("POST");
        assertThat(lambdaIntegration.timeoutInMillis()).isEqualTo(5000);
        var httpIntegration = apigw.createIntegration(b -> b.apiId(api).integrationType(IntegrationType.HTTP_PROXY)
                .integrationMethod("GET").integrationUri("http://example.com/{proxy}")
                .requestParameters(Map.of("append:header.x-a", "$request.header.x-b")));
        assertThat(httpIntegration.payloadFormatVersion()).isEqualTo("1.0");
        assertAwsError(() -> apigw.createIntegration(b -> b.apiId(api).integrationType(IntegrationType.HTTP_PROXY)
                        .integrationMethod("GET").integrationUri("http://x").payloadFormatVersion("2.0")),
                BadRequestException.class, 400, "BadRequestException", null);

        var route = apigw.createRoute(b -> b.apiId(api).routeKey("GET /items/{id}")
                .target("integrations/" + lambdaIntegration.integrationId()));
        assertThat(route.routeKey()).isEqualTo("GET /items/{id}");
        assertThat(route.authorizationType()).isEqualTo(AuthorizationType.NONE);
        assertThat(route.apiKeyRequired()).isFalse();
        apigw.createRoute(b -> b.apiId(api).routeKey("ANY /{proxy+}"));
        apigw.createRoute(b -> b.apiId(api).routeKey("$default"));
        assertThat(apigw.getRoutes(b -> b.apiId(api)).items()).hasSize(3);
        apigw.createRoute(b -> b.apiId(api).routeKey("GET /other/{x}"));
        assertThat(apigw.getRoute(b -> b.apiId(api).routeId(route.routeId())).target())
                .isEqualTo("integrations/" + lambdaIntegration.integrationId());

        assertAwsError(() -> apigw.createRoute(b -> b.apiId(api).routeKey("GET /items/{id}")),
                ConflictException.class, 409, "ConflictException", "Route with key GET /items/{id} already exists "
                        + "for this API");
        assertAwsError(() -> apigw.createRoute(b -> b.apiId(api).routeKey("DELETE /items/{itemId}")),
                ConflictException.class, 409, "ConflictException", "The provided route key \"DELETE /items/{itemId}\" "
                        + "has a conflicting variable on the same hierarchical level as \"GET /items/{id}\"");
        apigw.createRoute(b -> b.apiId(api).routeKey("DELETE /items/{id}/parts/{part}"));
        for (String bad : List.of("GET items", "FETCH /x", "GET /a/{p+}/b", "GET /trailing/")) {
            assertAwsError(() -> apigw.createRoute(b -> b.apiId(api).routeKey(bad)), BadRequestException.class, 400,
                    "BadRequestException", "The provided route key is not formatted properly for HTTP protocol. "
                            + "Format should be \"<HTTP METHOD> /<RESOURCE PATH>\" or \"$default\"");
        }
        assertAwsError(() -> apigw.getRoute(b -> b.apiId(api).routeId("zzz")), NotFoundException.class, 404,
                "NotFoundException", "Invalid Route identifier specified zzz");
        assertAwsError(() -> apigw.getIntegration(b -> b.apiId(api).integrationId("zzz")), NotFoundException.class,
                404, "NotFoundException", "Invalid Integration identifier specified zzz");

        var moved = apigw.updateRoute(b -> b.apiId(api).routeId(route.routeId()).routeKey("POST /items/{id}")
                .target("integrations/" + httpIntegration.integrationId()));
        assertThat(moved.routeKey()).isEqualTo("POST /items/{id}");
        assertThat(moved.target()).isEqualTo("integrations/" + httpIntegration.integrationId());
        var retimed = apigw.updateIntegration(b -> b.apiId(api).integrationId(httpIntegration.integrationId())
                .timeoutInMillis(1000));
        assertThat(retimed.timeoutInMillis()).isEqualTo(1000);
        assertThat(retimed.integrationUri()).isEqualTo("http://example.com/{proxy}");
        assertThat(retimed.requestParameters()).containsEntry("append:header.x-a", "$request.header.x-b");

        apigw.deleteRoute(b -> b.apiId(api).routeId(route.routeId()));
        apigw.deleteIntegration(b -> b.apiId(api).integrationId(httpIntegration.integrationId()));
        assertAwsError(() -> apigw.deleteRoute(b -> b.apiId(api).routeId(route.routeId())), NotFoundException.class,
                404, "NotFoundException", "Invalid Route identifier specified " + route.routeId());
        assertThat(apigw.getIntegrations(b -> b.apiId(api)).items()).hasSize(1);
    }

    @Test
    void authorizersAreCheckedAndReferencedByRoutes() {
        String api = api("auth");
        var jwt = apigw.createAuthorizer(b -> b.apiId(api).name("jwt").authorizerType(AuthorizerType.JWT)
                .identitySource("$request.header.Authorization")
                .jwtConfiguration(j -> j.issuer("https://issuer.example").audience("aud")));
        assertThat(jwt.authorizerId()).isNotBlank();
        assertThat(jwt.jwtConfiguration().audience()).containsExactly("aud");
        var lambda = apigw.createAuthorizer(b -> b.apiId(api).name("fn").authorizerType(AuthorizerType.REQUEST)
                .authorizerUri(FN).authorizerPayloadFormatVersion("2.0").enableSimpleResponses(true)
                .identitySource("$request.header.x-token").authorizerResultTtlInSeconds(60));
        assertThat(lambda.authorizerResultTtlInSeconds()).isEqualTo(60);
        assertThat(apigw.getAuthorizers(b -> b.apiId(api)).items()).hasSize(2);
        assertAwsError(() -> apigw.createAuthorizer(b -> b.apiId(api).name("bad").authorizerType(AuthorizerType.REQUEST)
                        .authorizerUri(FN).identitySource("$request.header.x")), BadRequestException.class, 400,
                "BadRequestException", null);

        var route = apigw.createRoute(b -> b.apiId(api).routeKey("GET /me").authorizationType(AuthorizationType.JWT)
                .authorizerId(jwt.authorizerId()).authorizationScopes("read"));
        assertThat(route.authorizationScopes()).containsExactly("read");
        assertAwsError(() -> apigw.createRoute(b -> b.apiId(api).routeKey("GET /x")
                        .authorizationType(AuthorizationType.JWT).authorizerId("nope")), BadRequestException.class,
                400, "BadRequestException", null);
        assertAwsError(() -> apigw.deleteAuthorizer(b -> b.apiId(api).authorizerId(jwt.authorizerId())),
                ConflictException.class, 409, "ConflictException", null);
        assertThat(apigw.updateAuthorizer(b -> b.apiId(api).authorizerId(lambda.authorizerId()).name("renamed"))
                .name()).isEqualTo("renamed");
        apigw.deleteAuthorizer(b -> b.apiId(api).authorizerId(lambda.authorizerId()));
        assertAwsError(() -> apigw.getAuthorizer(b -> b.apiId(api).authorizerId(lambda.authorizerId())),
                NotFoundException.class, 404, "NotFoundException",
                "Invalid Authorizer identifier specified " + lambda.authorizerId());
    }

    @Test
    void stagesDeploymentsAndAutoDeploy() {
        String api = api("stages");
        assertAwsError(() -> apigw.createDeployment(b -> b.apiId(api)), BadRequestException.class, 400,
                "BadRequestException", "Unable to deploy API because no routes exist in this API");
        var route = apigw.createRoute(b -> b.apiId(api).routeKey("GET /a"));
        var manual = apigw.createStage(b -> b.apiId(api).stageName("prod").stageVariables(Map.of("v", "1"))
                .defaultRouteSettings(s -> s.throttlingBurstLimit(5).throttlingRateLimit(2.0))
                .routeSettings(Map.of("GET /a", software.amazon.awssdk.services.apigatewayv2.model.RouteSettings
                        .builder().throttlingBurstLimit(1).build())));
        assertThat(manual.deploymentId()).isNull();
        assertThat(manual.stageVariables()).containsEntry("v", "1");
        assertThat(manual.defaultRouteSettings().throttlingBurstLimit()).isEqualTo(5);
        assertAwsError(() -> apigw.createStage(b -> b.apiId(api).stageName("prod")), ConflictException.class, 409,
                "ConflictException", "Stage already exists");
        assertAwsError(() -> apigw.createStage(b -> b.apiId(api).stageName("other").routeSettings(Map.of("GET /none",
                        software.amazon.awssdk.services.apigatewayv2.model.RouteSettings.builder().build()))),
                NotFoundException.class, 404, "NotFoundException",
                "Unable to find Route by key GET /none within the provided RouteSettings");
        assertAwsError(() -> apigw.getStage(b -> b.apiId(api).stageName("nope")), NotFoundException.class, 404,
                "NotFoundException", "Invalid stage identifier specified");

        var deployment = apigw.createDeployment(b -> b.apiId(api).stageName("prod").description("first"));
        assertThat(deployment.deploymentStatusAsString()).isEqualTo("DEPLOYED");
        assertThat(deployment.autoDeployed()).isFalse();
        assertThat(apigw.getStage(b -> b.apiId(api).stageName("prod")).deploymentId())
                .isEqualTo(deployment.deploymentId());
        assertThat(apigw.getDeployment(b -> b.apiId(api).deploymentId(deployment.deploymentId())).description())
                .isEqualTo("first");

        var auto = apigw.createStage(b -> b.apiId(api).stageName("$default").autoDeploy(true));
        assertThat(auto.deploymentId()).isNotNull();
        apigw.createRoute(b -> b.apiId(api).routeKey("GET /b"));
        String redeployed = apigw.getStage(b -> b.apiId(api).stageName("$default")).deploymentId();
        assertThat(redeployed).isNotEqualTo(auto.deploymentId());
        assertThat(apigw.getDeployment(b -> b.apiId(api).deploymentId(redeployed)).autoDeployed()).isTrue();
        assertThat(apigw.getStage(b -> b.apiId(api).stageName("prod")).deploymentId())
                .isEqualTo(deployment.deploymentId());
        assertAwsError(() -> apigw.createDeployment(b -> b.apiId(api).stageName("$default")),
                BadRequestException.class, 400, "BadRequestException", null);

        var updated = apigw.updateStage(b -> b.apiId(api).stageName("prod").stageVariables(Map.of("w", "2"))
                .description("live"));
        assertThat(updated.stageVariables()).containsEntry("v", "1").containsEntry("w", "2");
        assertThat(updated.description()).isEqualTo("live");
        apigw.deleteRouteSettings(b -> b.apiId(api).stageName("prod").routeKey("GET /a"));
        assertThat(apigw.getStage(b -> b.apiId(api).stageName("prod")).routeSettings()).isEmpty();
        assertThat(apigw.getStages(b -> b.apiId(api)).items()).hasSize(2);
        assertThat(apigw.getDeployments(b -> b.apiId(api)).items()).extracting(d -> d.deploymentId())
                .contains(deployment.deploymentId(), redeployed);

        apigw.deleteDeployment(b -> b.apiId(api).deploymentId(deployment.deploymentId()));
        assertAwsError(() -> apigw.getDeployment(b -> b.apiId(api).deploymentId(deployment.deploymentId())),
                NotFoundException.class, 404, "NotFoundException",
                "Invalid Deployment identifier specified " + deployment.deploymentId());
        apigw.deleteStage(b -> b.apiId(api).stageName("prod"));
        assertAwsError(() -> apigw.deleteStage(b -> b.apiId(api).stageName("prod")), NotFoundException.class, 404,
                "NotFoundException", "Invalid stage identifier specified");
        assertThat(route.routeId()).isNotBlank();
    }

    @Test
    void concurrentChangesAreNotLost() throws Exception {
        String api = api("parallel");
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                int n = i;
                calls.add(pool.submit(() -> apigw.createRoute(b -> b.apiId(api).routeKey("GET /r" + n))));
            }
            for (Future<?> f : calls) {
                f.get();
            }
        }
        assertThat(apigw.getRoutes(b -> b.apiId(api)).items()).hasSize(24);
    }

    @Test
    void tagsOnApisAndStages() {
        String api = api("tags");
        apigw.createStage(b -> b.apiId(api).stageName("s"));
        String apiArn = "arn:aws:apigateway:us-east-1::/apis/" + api;
        apigw.tagResource(b -> b.resourceArn(apiArn).tags(Map.of("a", "1", "b", "2")));
        apigw.untagResource(b -> b.resourceArn(apiArn).tagKeys("b"));
        assertThat(apigw.getTags(b -> b.resourceArn(apiArn)).tags()).containsExactly(Map.entry("a", "1"));
        assertThat(apigw.getApi(b -> b.apiId(api)).tags()).containsExactly(Map.entry("a", "1"));
        apigw.tagResource(b -> b.resourceArn(apiArn + "/stages/s").tags(Map.of("st", "x")));
        assertThat(apigw.getStage(b -> b.apiId(api).stageName("s")).tags()).containsEntry("st", "x");
        assertAwsError(() -> apigw.getTags(b -> b.resourceArn("arn:aws:apigateway:us-east-1::/apis/nope")),
                NotFoundException.class, 404, "NotFoundException", null);
    }

    @Test
    void httpApisSurviveARestart() {
        StratusConfig config = StratusConfig.forTests().withStorage(dataDir, false);
        String api;
        try (StratusServer first = StratusServer.start(config);
             ApiGatewayV2Client c = client(first)) {
            api = c.createApi(b -> b.name("durable").protocolType(ProtocolType.HTTP)).apiId();
            c.createRoute(b -> b.apiId(api).routeKey("GET /x"));
            c.createStage(b -> b.apiId(api).stageName("$default").autoDeploy(true));
        }
        try (StratusServer second = StratusServer.start(config);
             ApiGatewayV2Client c = client(second)) {
            assertThat(c.getApi(b -> b.apiId(api)).name()).isEqualTo("durable");
            assertThat(c.getRoutes(b -> b.apiId(api)).items()).extracting(r -> r.routeKey()).containsExactly("GET /x");
            assertThat(c.getStage(b -> b.apiId(api).stageName("$default")).deploymentId()).isNotNull();
        }
    }
}
