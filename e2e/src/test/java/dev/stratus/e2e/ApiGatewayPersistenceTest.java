package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.platform.StratusConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;

/**
 * REST APIs, their deployments, stages, authorizers and gateway responses, API keys and usage plans survive a
 * restart and keep answering invocations.
 */
class ApiGatewayPersistenceTest {
    @TempDir
    Path dataDir;

    @Test
    void deployedApisSurviveARestart() throws Exception {
        StratusConfig config = StratusConfig.forTests().withStorage(dataDir, false);
        String apiId;
        String keyValue;
        String authorizerId;
        try (StratusServer first = StratusServer.start(config);
             ApiGatewayClient apigw = ApiGatewayControlPlaneTest.client(first)) {
            var api = apigw.createRestApi(b -> b.name("durable"));
            apiId = api.id();
            var ping = apigw.createResource(b -> b.restApiId(api.id()).parentId(api.rootResourceId()).pathPart("ping"));
            apigw.putMethod(b -> b.restApiId(api.id()).resourceId(ping.id()).httpMethod("GET").authorizationType("NONE")
                    .apiKeyRequired(true));
            apigw.putIntegration(b -> b.restApiId(api.id()).resourceId(ping.id()).httpMethod("GET")
                    .type(IntegrationType.MOCK).requestTemplates(Map.of("application/json", "{\"statusCode\": 200}")));
            apigw.putMethodResponse(b -> b.restApiId(api.id()).resourceId(ping.id()).httpMethod("GET")
                    .statusCode("200"));
            apigw.putIntegrationResponse(b -> b.restApiId(api.id()).resourceId(ping.id()).httpMethod("GET")
                    .statusCode("200").responseTemplates(Map.of("application/json", "pong")));
            apigw.createDeployment(b -> b.restApiId(api.id()).stageName("live").variables(Map.of("k", "v")));
            authorizerId = apigw.createAuthorizer(b -> b.restApiId(api.id()).name("auth").type("TOKEN")
                    .identitySource("method.request.header.Authorization").authorizerUri(
                            "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                                    + "arn:aws:lambda:us-east-1:000000000000:function:f/invocations")).id();
            apigw.putGatewayResponse(b -> b.restApiId(api.id()).responseType("INVALID_API_KEY")
                    .responseTemplates(Map.of("application/json", "{\"key\": \"needed\"}")));
            var key = apigw.createApiKey(b -> b.name("durable-key").enabled(true));
            keyValue = key.value();
            var plan = apigw.createUsagePlan(b -> b.name("durable-plan")
                    .apiStages(s -> s.apiId(api.id()).stage("live")));
            apigw.createUsagePlanKey(b -> b.usagePlanId(plan.id()).keyId(key.id()).keyType("API_KEY"));
        }
        try (StratusServer second = StratusServer.start(config);
             ApiGatewayClient apigw = ApiGatewayControlPlaneTest.client(second)) {
            assertThat(apigw.getRestApi(b -> b.restApiId(apiId)).name()).isEqualTo("durable");
            assertThat(apigw.getStage(b -> b.restApiId(apiId).stageName("live")).variables())
                    .containsExactly(Map.entry("k", "v"));
            assertThat(apigw.getAuthorizer(b -> b.restApiId(apiId).authorizerId(authorizerId)).name())
                    .isEqualTo("auth");
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI ping = URI.create(second.endpoint() + "/_aws/execute-api/" + apiId + "/live/ping");
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(ping).header("x-api-key", keyValue).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("pong");
            HttpResponse<String> noKey = http.send(HttpRequest.newBuilder(ping).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(noKey.statusCode()).isEqualTo(403);
            assertThat(noKey.body()).isEqualTo("{\"key\": \"needed\"}");
        }
    }
}
