package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.platform.testing.MutableClock;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.BadRequestException;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;
import software.amazon.awssdk.services.apigateway.model.Op;
import software.amazon.awssdk.services.apigateway.model.PatchOperation;

/** Stage caches: cached integration responses per cache key, TTLs on the platform clock, invalidation, flush. */
class ApiGatewayStageCacheTest {
    static final MutableClock clock = new MutableClock(Instant.now());
    static final StratusServer stratus = StratusServer.start(clock);
    static final ApiGatewayClient apigw = ApiGatewayControlPlaneTest.client(stratus);

    static String apiId;

    @BeforeAll
    static void deploy() {
        var api = apigw.createRestApi(b -> b.name("cached"));
        apiId = api.id();
        var items = apigw.createResource(b -> b.restApiId(apiId).parentId(api.rootResourceId()).pathPart("items"));
        for (String method : new String[] {"GET", "POST"}) {
            apigw.putMethod(b -> b.restApiId(apiId).resourceId(items.id()).httpMethod(method)
                    .authorizationType("NONE").requestParameters(Map.of("method.request.querystring.q", false)));
            apigw.putIntegration(b -> b.restApiId(apiId).resourceId(items.id()).httpMethod(method)
                    .type(IntegrationType.MOCK).cacheKeyParameters("method.request.querystring.q")
                    .requestTemplates(Map.of("application/json", "{\"statusCode\": 200}")));
            apigw.putMethodResponse(b -> b.restApiId(apiId).resourceId(items.id()).httpMethod(method)
                    .statusCode("200"));
            apigw.putIntegrationResponse(b -> b.restApiId(apiId).resourceId(items.id()).httpMethod(method)
                    .statusCode("200").responseTemplates(Map.of("application/json",
                            "{\"id\": \"$context.requestId\", \"q\": \"$input.params('q')\"}")));
        }
        apigw.createDeployment(b -> b.restApiId(apiId).stageName("dev").cacheClusterEnabled(true)
                .cacheClusterSize("0.5"));
    }

    @AfterAll
    static void stop() {
        stratus.close();
    }

    static String call(String method, String query, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(stratus.endpoint() + "/_aws/execute-api/" + apiId
                + "/dev/items" + query)).method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            b.headers(headers);
        }
        var r = ApiGatewayInvokeTest.send(b);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    @Test
    void getResponsesAreCachedPerKeyUntilTheirTtl() {
        apigw.flushStageCache(b -> b.restApiId(apiId).stageName("dev"));
        String first = call("GET", "?q=a");
        assertThat(call("GET", "?q=a")).isEqualTo(first);
        assertThat(call("GET", "?q=b")).isNotEqualTo(first).contains("\"q\": \"b\"");
        // POST is not cached unless its method setting says so.
        assertThat(call("POST", "?q=a")).isNotEqualTo(call("POST", "?q=a"));
        clock.advance(Duration.ofSeconds(301));
        assertThat(call("GET", "?q=a")).isNotEqualTo(first);
    }

    @Test
    void flushAndCacheControlInvalidate() {
        String first = call("GET", "?q=flush");
        apigw.flushStageCache(b -> b.restApiId(apiId).stageName("dev"));
        String second = call("GET", "?q=flush");
        assertThat(second).isNotEqualTo(first);
        // An unsigned client may not invalidate by default ...
        assertThat(call("GET", "?q=flush", "Cache-Control", "max-age=0")).isEqualTo(second);
        // ... until the method setting allows it.
        apigw.updateStage(b -> b.restApiId(apiId).stageName("dev").patchOperations(PatchOperation.builder()
                .op(Op.REPLACE).path("/*/*/caching/requireAuthorizationForCacheControl").value("false").build()));
        assertThat(call("GET", "?q=flush", "Cache-Control", "max-age=0")).isNotEqualTo(second);
        apigw.updateStage(b -> b.restApiId(apiId).stageName("dev").patchOperations(PatchOperation.builder()
                .op(Op.REPLACE).path("/*/*/caching/requireAuthorizationForCacheControl").value("true").build()));
    }

    @Test
    void methodSettingsTurnCachingOnOffAndSetTheTtl() {
        apigw.updateStage(b -> b.restApiId(apiId).stageName("dev").patchOperations(
                PatchOperation.builder().op(Op.REPLACE).path("/~1items/POST/caching/enabled").value("true").build(),
                PatchOperation.builder().op(Op.REPLACE).path("/~1items/POST/caching/ttlInSeconds").value("10")
                        .build()));
        String post = call("POST", "?q=p");
        assertThat(call("POST", "?q=p")).isEqualTo(post);
        clock.advance(Duration.ofSeconds(11));
        assertThat(call("POST", "?q=p")).isNotEqualTo(post);
        apigw.updateStage(b -> b.restApiId(apiId).stageName("dev").patchOperations(
                PatchOperation.builder().op(Op.REPLACE).path("/~1items/POST/caching/enabled").value("false").build()));
        assertThat(call("POST", "?q=p")).isNotEqualTo(call("POST", "?q=p"));
        assertThatThrownBy(() -> apigw.updateStage(b -> b.restApiId(apiId).stageName("dev").patchOperations(
                PatchOperation.builder().op(Op.REPLACE).path("/*/*/caching/ttlInSeconds").value("3601").build())))
                .isInstanceOf(BadRequestException.class);
        var stage = apigw.getStage(b -> b.restApiId(apiId).stageName("dev"));
        assertThat(stage.cacheClusterEnabled()).isTrue();
        assertThat(stage.cacheClusterStatusAsString()).isEqualTo("AVAILABLE");
        assertThat(stage.cacheClusterSize()).isEqualTo("0.5");
        assertThat(List.of(stage.methodSettings().keySet().toArray())).contains("~1items/POST");
    }
}
