package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.BadRequestException;
import software.amazon.awssdk.services.apigateway.model.GetStageResponse;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;
import software.amazon.awssdk.services.apigateway.model.Op;
import software.amazon.awssdk.services.apigateway.model.PatchOperation;

/**
 * Canary releases on REST API stages: CreateDeployment with canarySettings, the traffic split (spread evenly, so
 * counts are exact), stage variable overrides, the stage cache, and promotion with UpdateStage as AWS documents it.
 */
class ApiGatewayCanaryTest {
    static final StratusServer stratus = StratusServer.start();
    static final ApiGatewayClient apigw = ApiGatewayControlPlaneTest.client(stratus);

    String apiId;
    String resourceId;
    String baseDeployment;

    /** An API whose GET /v answers which tree ("release") and which stage variable ("color") served it. */
    @BeforeEach
    void deployBase() {
        var api = apigw.createRestApi(b -> b.name("canary"));
        apiId = api.id();
        resourceId = apigw.createResource(b -> b.restApiId(apiId).parentId(api.rootResourceId()).pathPart("v")).id();
        apigw.putMethod(b -> b.restApiId(apiId).resourceId(resourceId).httpMethod("GET").authorizationType("NONE"));
        apigw.putIntegration(b -> b.restApiId(apiId).resourceId(resourceId).httpMethod("GET")
                .type(IntegrationType.MOCK).requestTemplates(Map.of("application/json", "{\"statusCode\": 200}")));
        apigw.putMethodResponse(b -> b.restApiId(apiId).resourceId(resourceId).httpMethod("GET").statusCode("200"));
        release("base");
        baseDeployment = apigw.createDeployment(b -> b.restApiId(apiId).stageName("prod")
                .variables(Map.of("color", "blue"))).id();
    }

    @AfterAll
    static void stop() {
        stratus.close();
    }

    /** Changes the live tree's answer; the next deployment freezes it. */
    void release(String name) {
        apigw.putIntegrationResponse(b -> b.restApiId(apiId).resourceId(resourceId).httpMethod("GET")
                .statusCode("200").responseTemplates(Map.of("application/json",
                        "{\"release\": \"" + name + "\", \"color\": \"$stageVariables.color\", "
                                + "\"id\": \"$context.requestId\"}")));
    }

    String canaryDeployment(double percent, boolean useStageCache) {
        release("canary");
        return apigw.createDeployment(b -> b.restApiId(apiId).stageName("prod").canarySettings(c -> c
                .percentTraffic(percent).stageVariableOverrides(Map.of("color", "yellow"))
                .useStageCache(useStageCache))).id();
    }

    String get() {
        var r = ApiGatewayInvokeTest.send(HttpRequest.newBuilder(URI.create(stratus.endpoint() + "/_aws/execute-api/"
                + apiId + "/prod/v")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    /** How many of n requests each release/color pair answered. */
    Map<String, Integer> tally(int n) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String body = get();
            String key = body.replaceAll(".*\"release\": \"(\\w+)\", \"color\": \"(\\w*)\".*", "$1/$2");
            counts.merge(key, 1, Integer::sum);
        }
        return counts;
    }

    void patch(PatchOperation... ops) {
        apigw.updateStage(b -> b.restApiId(apiId).stageName("prod").patchOperations(ops));
    }

    static PatchOperation replace(String path, String value) {
        return PatchOperation.builder().op(Op.REPLACE).path(path).value(value).build();
    }

    static PatchOperation copy(String from, String path) {
        return PatchOperation.builder().op(Op.COPY).from(from).path(path).build();
    }

    @Test
    void aCanaryDeploymentTakesItsShareOfTheStagesRequests() {
        String canary = canaryDeployment(25.0, false);
        GetStageResponse stage = apigw.getStage(b -> b.restApiId(apiId).stageName("prod"));
        assertThat(stage.deploymentId()).isEqualTo(baseDeployment);
        assertThat(stage.canarySettings().deploymentId()).isEqualTo(canary);
        assertThat(stage.canarySettings().percentTraffic()).isEqualTo(25.0);
        assertThat(stage.canarySettings().stageVariableOverrides()).isEqualTo(Map.of("color", "yellow"));
        assertThat(stage.canarySettings().useStageCache()).isFalse();

        // The canary serves its own frozen tree with the overridden variables; the rest is untouched.
        assertThat(tally(200)).isEqualTo(Map.of("canary/yellow", 50, "base/blue", 150));
    }

    @Test
    void zeroAndHundredPercentSendNothingOrEverythingToTheCanary() {
        canaryDeployment(0.0, false);
        assertThat(tally(20)).isEqualTo(Map.of("base/blue", 20));
        patch(replace("/canarySettings/percentTraffic", "100.0"));
        assertThat(tally(20)).isEqualTo(Map.of("canary/yellow", 20));
        patch(replace("/canarySettings/percentTraffic", "10"));
        assertThat(tally(50)).isEqualTo(Map.of("canary/yellow", 5, "base/blue", 45));
    }

    @Test
    void promotingCopiesTheCanaryIntoTheStageAndRemovingEndsIt() {
        String canary = canaryDeployment(50.0, false);
        // AWS's promotion: the canary's deployment and variables become the stage's, its traffic 0%.
        patch(replace("/canarySettings/percentTraffic", "0.0"),
                copy("/canarySettings/stageVariableOverrides", "/variables"),
                copy("/canarySettings/deploymentId", "/deploymentId"));
        GetStageResponse stage = apigw.getStage(b -> b.restApiId(apiId).stageName("prod"));
        assertThat(stage.deploymentId()).isEqualTo(canary);
        assertThat(stage.variables()).containsEntry("color", "yellow");
        assertThat(tally(10)).isEqualTo(Map.of("canary/yellow", 10));

        patch(PatchOperation.builder().op(Op.REMOVE).path("/canarySettings").build());
        assertThat(apigw.getStage(b -> b.restApiId(apiId).stageName("prod")).canarySettings()).isNull();
        apigw.deleteDeployment(b -> b.restApiId(apiId).deploymentId(baseDeployment));
    }

    @Test
    void updateStageTurnsAStageIntoACanaryOfADeployment() {
        release("canary");
        String next = apigw.createDeployment(b -> b.restApiId(apiId)).id();
        patch(replace("/canarySettings/percentTraffic", "50"), replace("/canarySettings/deploymentId", next),
                replace("/canarySettings/stageVariableOverrides/color", "green"));
        assertThat(tally(10)).isEqualTo(Map.of("canary/green", 5, "base/blue", 5));
    }

    @Test
    void theCanaryUsesTheStageCacheOnlyWhenAllowed() {
        patch(replace("/cacheClusterEnabled", "true"));
        String cached = get();
        canaryDeployment(100.0, false);
        assertThat(get()).contains("\"release\": \"canary\"").isNotEqualTo(get());
        patch(replace("/canarySettings/useStageCache", "true"));
        // With the stage cache the canary is answered from the entry the base release left.
        assertThat(get()).isEqualTo(cached);
    }

    @Test
    void canaryErrors() {
        release("canary");
        assertThatThrownBy(() -> apigw.createDeployment(b -> b.restApiId(apiId).stageName("nostage")
                .canarySettings(c -> c.percentTraffic(10.0))))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("Invalid Stage identifier specified");
        assertThatThrownBy(() -> apigw.createDeployment(b -> b.restApiId(apiId).stageName("prod")
                .canarySettings(c -> c.percentTraffic(150.0))))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("between 0.0 and 100.0");
        assertThat(apigw.getDeployments(b -> b.restApiId(apiId)).items()).hasSize(1);

        String canary = canaryDeployment(10.0, false);
        assertThatThrownBy(() -> apigw.deleteDeployment(b -> b.restApiId(apiId).deploymentId(canary)))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Active stages pointing to this deployment must be moved or deleted");
        assertThatThrownBy(() -> patch(replace("/canarySettings/deploymentId", "nope")))
                .isInstanceOf(NotFoundException.class);
        assertThat(List.of(apigw.getStage(b -> b.restApiId(apiId).stageName("prod")).canarySettings().deploymentId()))
                .containsExactly(canary);
    }
}
