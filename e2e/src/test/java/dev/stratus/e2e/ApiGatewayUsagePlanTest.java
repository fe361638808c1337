package dev.stratus.e2e;

import static dev.stratus.e2e.AwsErrors.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.platform.testing.MutableClock;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.BadRequestException;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;
import software.amazon.awssdk.services.apigateway.model.Op;
import software.amazon.awssdk.services.apigateway.model.QuotaPeriodType;

/** API keys, usage plans (throttle and quota) and stage throttling, enforced on invocations. */
class ApiGatewayUsagePlanTest {
    static final MutableClock clock = new MutableClock(Instant.parse("2026-03-10T12:00:00Z"));
    static final StratusServer stratus = StratusServer.start(clock);
    static final ApiGatewayClient apigw = ApiGatewayControlPlaneTest.client(stratus);

    static String apiId;
    static String throttledKey;
    static String quotaKey;
    static String quotaKeyId;
    static String quotaPlanId;
    static String loneKey;
    static String disabledKey;

    @BeforeAll
    static void deploy() {
        var api = apigw.createRestApi(b -> b.name("keyed-api"));
        apiId = api.id();
        for (String path : new String[] {"a", "b", "c"}) {
            var r = apigw.createResource(b -> b.restApiId(apiId).parentId(api.rootResourceId()).pathPart(path));
            apigw.putMethod(b -> b.restApiId(apiId).resourceId(r.id()).httpMethod("GET").authorizationType("NONE")
                    .apiKeyRequired(!path.equals("c")));
            apigw.putIntegration(b -> b.restApiId(apiId).resourceId(r.id()).httpMethod("GET")
                    .type(IntegrationType.MOCK).requestTemplates(Map.of("application/json", "{\"statusCode\": 200}")));
            apigw.putMethodResponse(b -> b.restApiId(apiId).resourceId(r.id()).httpMethod("GET").statusCode("200"));
            apigw.putIntegrationResponse(b -> b.restApiId(apiId).resourceId(r.id()).httpMethod("GET")
                    .statusCode("200").responseTemplates(Map.of("application/json", "{\"ok\": true}")));
        }
        apigw.createDeployment(b -> b.restApiId(apiId).stageName("dev"));
        String deploymentId = apigw.getStage(b -> b.restApiId(apiId).stageName("dev")).deploymentId();
        apigw.createStage(b -> b.restApiId(apiId).stageName("limited").deploymentId(deploymentId));
        apigw.createStage(b -> b.restApiId(apiId).stageName("per-method").deploymentId(deploymentId));

        var throttling = apigw.createUsagePlan(b -> b.name("throttled")
                .apiStages(s -> s.apiId(apiId).stage("dev")).throttle(t -> t.rateLimit(1.0).burstLimit(2)));
        var quota = apigw.createUsagePlan(b -> b.name("quota").apiStages(s -> s.apiId(apiId).stage("dev"))
                .quota(q -> q.limit(3).period(QuotaPeriodType.DAY)));
        quotaPlanId = quota.id();
        var t = apigw.createApiKey(b -> b.name("throttled").enabled(true));
        var q = apigw.createApiKey(b -> b.name("quota").enabled(true).value("quota-key-value-0123456789"));
        var lone = apigw.createApiKey(b -> b.name("lone").enabled(true));
        var disabled = apigw.createApiKey(b -> b.name("disabled").enabled(false));
        throttledKey = t.value();
        quotaKey = q.value();
        quotaKeyId = q.id();
        loneKey = lone.value();
        disabledKey = disabled.value();
        apigw.createUsagePlanKey(b -> b.usagePlanId(throttling.id()).keyId(t.id()).keyType("API_KEY"));
        apigw.createUsagePlanKey(b -> b.usagePlanId(throttling.id()).keyId(disabled.id()).keyType("API_KEY"));
        apigw.createUsagePlanKey(b -> b.usagePlanId(quota.id()).keyId(q.id()).keyType("API_KEY"));
    }

    @AfterAll
    static void stop() {
        stratus.close();
    }

    static HttpResponse<String> get(String stage, String path, String apiKey) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(stratus.endpoint() + "/_aws/execute-api/" + apiId
                + "/" + stage + path));
        if (apiKey != null) {
            b.header("x-api-key", apiKey);
        }
        return ApiGatewayInvokeTest.send(b);
    }

    static void assertForbidden(HttpResponse<String> r) {
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).isEqualTo("{\"message\":\"Forbidden\"}");
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("ForbiddenException");
    }

    @Test
    void methodsRequiringAKeyRefuseMissingUnknownDisabledAndPlanlessKeys() {
        assertForbidden(get("dev", "/b", null));
        assertForbidden(get("dev", "/b", "no-such-key-0000000000000000"));
        assertForbidden(get("dev", "/b", disabledKey));
        assertForbidden(get("dev", "/b", loneKey));
        // the plans cover stage dev only
        assertForbidden(get("limited", "/b", quotaKey));
        assertThat(get("dev", "/c", null).statusCode()).isEqualTo(200);
    }

    @Test
    void aPlansThrottleIsATokenBucketPerKey() {
        assertThat(get("dev", "/a", throttledKey).statusCode()).isEqualTo(200);
        assertThat(get("dev", "/a", throttledKey).statusCode()).isEqualTo(200);
        HttpResponse<String> throttled = get("dev", "/a", throttledKey);
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.body()).isEqualTo("{\"message\":\"Too Many Requests\"}");
        assertThat(throttled.headers().firstValue("x-amzn-ErrorType")).hasValue("TooManyRequestsException");
        clock.advance(Duration.ofSeconds(1));
        assertThat(get("dev", "/a", throttledKey).statusCode()).isEqualTo(200);
        assertThat(get("dev", "/a", throttledKey).statusCode()).isEqualTo(429);
    }

    @Test
    void aPlansQuotaCountsPerPeriodAndGetUsageReportsIt() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        int admitted = 0;
        HttpResponse<String> r;
        while ((r = get("dev", "/a", quotaKey)).statusCode() == 200) {
            admitted++;
        }
        assertThat(admitted).isEqualTo(3);
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.body()).isEqualTo("{\"message\":\"Limit Exceeded\"}");
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("LimitExceededException");
        var usage = apigw.getUsage(b -> b.usagePlanId(quotaPlanId).startDate(today.toString())
                .endDate(today.toString()));
        assertThat(usage.items().get(quotaKeyId)).hasSize(1);
        assertThat(usage.items().get(quotaKeyId).get(0)).containsExactly(3L, 0L);
        clock.advance(Duration.ofDays(1));
        assertThat(get("dev", "/a", quotaKey).statusCode()).isEqualTo(200);
    }

    @Test
    void stageMethodSettingsThrottleEveryCaller() {
        var stage = apigw.updateStage(b -> b.restApiId(apiId).stageName("limited").patchOperations(
                p -> p.op(Op.REPLACE).path("/*/*/throttling/rateLimit").value("1"),
                p -> p.op(Op.REPLACE).path("/*/*/throttling/burstLimit").value("1")));
        assertThat(stage.methodSettings().get("*/*").throttlingBurstLimit()).isEqualTo(1);
        assertThat(get("limited", "/c", null).statusCode()).isEqualTo(200);
        HttpResponse<String> r = get("limited", "/c", null);
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.body()).isEqualTo("{\"message\":\"Too Many Requests\"}");
    }

    @Test
    void methodSettingsOfOneMethodOverrideTheStagesAndLeaveOthersAlone() {
        apigw.updateStage(b -> b.restApiId(apiId).stageName("per-method").patchOperations(
                p -> p.op(Op.REPLACE).path("/~1c/GET/throttling/rateLimit").value("0"),
                p -> p.op(Op.REPLACE).path("/~1c/GET/throttling/burstLimit").value("0")));
        assertThat(apigw.getStage(b -> b.restApiId(apiId).stageName("per-method")).methodSettings())
                .containsKey("~1c/GET");
        assertThat(get("per-method", "/c", null).statusCode()).isEqualTo(429);
        assertThat(get("per-method", "/b", quotaKey).statusCode()).isNotEqualTo(429);
    }

    @Test
    void apiKeysAndPlansAreManaged() {
        var key = apigw.createApiKey(b -> b.name("managed").description("d"));
        assertThat(key.value()).hasSize(40).matches("[A-Za-z0-9]+");
        assertThat(key.enabled()).isFalse();
        assertThat(apigw.getApiKey(b -> b.apiKey(key.id())).value()).isNull();
        assertThat(apigw.getApiKey(b -> b.apiKey(key.id()).includeValue(true)).value()).isEqualTo(key.value());
        assertThat(apigw.getApiKeys(b -> b.nameQuery("manag").includeValues(true)).items())
                .singleElement().satisfies(k -> assertThat(k.value()).isEqualTo(key.value()));
        var enabled = apigw.updateApiKey(b -> b.apiKey(key.id())
                .patchOperations(p -> p.op(Op.REPLACE).path("/enabled").value("true")));
        assertThat(enabled.enabled()).isTrue();
        assertAwsError(() -> apigw.createApiKey(b -> b.name("short").value("too-short")),
                BadRequestException.class, 400, "BadRequestException", null);

        var plan = apigw.createUsagePlan(b -> b.name("managed-plan").apiStages(s -> s.apiId(apiId).stage("dev")));
        apigw.createUsagePlanKey(b -> b.usagePlanId(plan.id()).keyId(key.id()).keyType("API_KEY"));
        assertThat(apigw.getUsagePlanKeys(b -> b.usagePlanId(plan.id())).items())
                .singleElement().satisfies(k -> {
                    assertThat(k.id()).isEqualTo(key.id());
                    assertThat(k.type()).isEqualTo("API_KEY");
                    assertThat(k.name()).isEqualTo("managed");
                });
        assertThat(apigw.getUsagePlans(b -> b.keyId(key.id())).items()).extracting(p -> p.id())
                .containsExactly(plan.id());
        var updated = apigw.updateUsagePlan(b -> b.usagePlanId(plan.id()).patchOperations(
                p -> p.op(Op.REPLACE).path("/throttle/rateLimit").value("5"),
                p -> p.op(Op.REPLACE).path("/quota/limit").value("100"),
                p -> p.op(Op.REPLACE).path("/quota/period").value("MONTH")));
        assertThat(updated.throttle().rateLimit()).isEqualTo(5.0);
        assertThat(updated.quota().limit()).isEqualTo(100);
        apigw.deleteUsagePlanKey(b -> b.usagePlanId(plan.id()).keyId(key.id()));
        assertThat(apigw.getUsagePlanKeys(b -> b.usagePlanId(plan.id())).items()).isEmpty();
        apigw.deleteApiKey(b -> b.apiKey(key.id()));
        assertAwsError(() -> apigw.getApiKey(b -> b.apiKey(key.id())), NotFoundException.class, 404,
                "NotFoundException", "Invalid API Key identifier specified");
        apigw.deleteUsagePlan(b -> b.usagePlanId(plan.id()));
        assertAwsError(() -> apigw.getUsagePlan(b -> b.usagePlanId(plan.id())), NotFoundException.class, 404,
                "NotFoundException", "Invalid Usage Plan ID specified");
    }
}
