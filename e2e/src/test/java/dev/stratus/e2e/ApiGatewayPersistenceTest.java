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

/** REST APIs, their deployments and stages survive a restart and keep answering invocations. */
class ApiGatewayPersistenceTest {
    @TempDir
    Path dataDir;

    @Test
    void deployedApisSurviveARestart() throws Exception {
        StratusConfig config = StratusConfig.forTests().withStorage(dataDir, false);
        String apiId;
        try (StratusServer first = StratusServer.start(config);
             ApiGatewayClient apigw = ApiGatewayControlPlaneTest.client(first)) {
            var api = apigw.createRestApi(b -> b.name("durable"));
            apiId = api.id();
            var ping = apigw.createResource(b -> b.restApiId(api.id()).parentId(api.rootResourceId()).pathPart("ping"));
            apigw.putMethod(b -> b.restApiId(api.id()).resourceId(ping.id()).httpMethod("GET").authorizationType("NONE"));
            apigw.putIntegration(b -> b.restApiId(api.id()).resourceId(ping.id()).httpMethod("GET")
                    .type(IntegrationType.MOCK).requestTemplates(Map.of("application/json", "{\"statusCode\": 200}")));
            apigw.putMethodResponse(b -> b.restApiId(api.id()).resourceId(ping.id()).httpMethod("GET")
                    .statusCode("200"));
            apigw.putIntegrationResponse(b -> b.restApiId(api.id()).resourceId(ping.id()).httpMethod("GET")
                    .statusCode("200").responseTemplates(Map.of("application/json", "pong")));
            apigw.createDeployment(b -> b.restApiId(api.id()).stageName("live").variables(Map.of("k", "v")));
        }
        try (StratusServer second = StratusServer.start(config);
             ApiGatewayClient apigw = ApiGatewayControlPlaneTest.client(second)) {
            assertThat(apigw.getRestApi(b -> b.restApiId(apiId)).name()).isEqualTo("durable");
            assertThat(apigw.getStage(b -> b.restApiId(apiId).stageName("live")).variables())
                    .containsExactly(Map.entry("k", "v"));
            HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                    HttpRequest.newBuilder(URI.create(second.endpoint() + "/_aws/execute-api/" + apiId + "/live/ping"))
                            .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("pong");
        }
    }
}
