package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.platform.StratusConfig;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;

/** AWS_IAM methods with strict authentication: the SigV4 signature must verify against a known key. */
class ApiGatewayIamStrictTest {
    static final StratusServer stratus = StratusServer.start(StratusConfig.forTests()
            .withAuth(StratusConfig.AuthMode.STRICT, StrictAuthTest.credentialsFile()));
    static final ApiGatewayClient apigw = stratus.client(ApiGatewayClient.builder(), StrictAuthTest.KEY,
            StrictAuthTest.SECRET);
    static String apiId;

    @BeforeAll
    static void deploy() {
        var api = apigw.createRestApi(b -> b.name("iam-api"));
        apiId = api.id();
        var r = apigw.createResource(b -> b.restApiId(apiId).parentId(api.rootResourceId()).pathPart("private"));
        apigw.putMethod(b -> b.restApiId(apiId).resourceId(r.id()).httpMethod("GET").authorizationType("AWS_IAM"));
        apigw.putIntegration(b -> b.restApiId(apiId).resourceId(r.id()).httpMethod("GET")
                .type(IntegrationType.MOCK).requestTemplates(Map.of("application/json", "{\"statusCode\": 200}")));
        apigw.putMethodResponse(b -> b.restApiId(apiId).resourceId(r.id()).httpMethod("GET").statusCode("200"));
        apigw.putIntegrationResponse(b -> b.restApiId(apiId).resourceId(r.id()).httpMethod("GET")
                .statusCode("200").responseTemplates(Map.of("application/json",
                        "{\"caller\": \"$context.identity.userArn\"}")));
        apigw.createDeployment(b -> b.restApiId(apiId).stageName("prod"));
    }

    @AfterAll
    static void stop() {
        stratus.close();
    }

    static HttpResponse<String> signedGet(String secret) {
        String path = "/_aws/execute-api/" + apiId + "/prod/private";
        return ApiGatewayInvokeTest.send(SignedInvocations.get(stratus.endpoint(), path, StrictAuthTest.KEY, secret));
    }

    @Test
    void onlyCorrectlySignedRequestsReachTheIntegration() {
        HttpResponse<String> unsigned = ApiGatewayInvokeTest.get(stratus.endpoint() + "/_aws/execute-api/" + apiId
                + "/prod/private");
        assertThat(unsigned.statusCode()).isEqualTo(403);
        assertThat(unsigned.body()).isEqualTo("{\"message\":\"Missing Authentication Token\"}");

        HttpResponse<String> forged = signedGet("not-the-secret");
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.headers().firstValue("x-amzn-ErrorType")).hasValue("InvalidSignatureException");
        assertThat(forged.body()).contains("signature");

        HttpResponse<String> ok = signedGet(StrictAuthTest.SECRET);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(ok.body()).contains(StrictAuthTest.ACCOUNT);
    }
}
