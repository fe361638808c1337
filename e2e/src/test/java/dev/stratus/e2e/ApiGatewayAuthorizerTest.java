package dev.stratus.e2e;

import static dev.stratus.e2e.AwsErrors.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.platform.testing.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.AuthorizerType;
import software.amazon.awssdk.services.apigateway.model.BadRequestException;
import software.amazon.awssdk.services.apigateway.model.ConflictException;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;
import software.amazon.awssdk.services.apigateway.model.Op;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;

/** Lambda TOKEN and REQUEST authorizers and AWS_IAM methods, enforced on invocations of a deployed REST API. */
class ApiGatewayAuthorizerTest {
    static final MutableClock clock = new MutableClock(Instant.now());
    static final StratusServer stratus = StratusServer.start(clock);
    static final ApiGatewayClient apigw = ApiGatewayControlPlaneTest.client(stratus);
    static final LambdaClient lambda = stratus.client(LambdaClient.builder());
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final ObjectMapper JSON = new ObjectMapper();

    static final String AUTHORIZER = """
            import uuid
            def policy(effect, resource):
                return {"Version": "2012-10-17",
                        "Statement": [{"Action": "execute-api:Invoke", "Effect": effect, "Resource": resource}]}
            def handler(event, context):
                if event["type"] == "REQUEST":
                    return {"principalId": event["headers"]["X-User"],
                            "policyDocument": policy("Allow", event["methodArn"]),
                            "context": {"eventType": event["type"], "tenant": event["queryStringParameters"]["tenant"],
                                        "resource": event["resource"], "methodArn": event["methodArn"]}}
                token = event["authorizationToken"]
                if token == "with-key":
                    return {"principalId": "metered", "policyDocument": policy("Allow", event["methodArn"]),
                            "usageIdentifierKey": "authorizer-supplied-key-000001"}
                if token.startswith("allow"):
                    return {"principalId": "alice", "policyDocument": policy("Allow", event["methodArn"]),
                            "context": {"user": "alice", "n": 1, "ok": True, "nonce": str(uuid.uuid4()),
                                        "methodArn": event["methodArn"]}}
                if token == "only-pets":
                    return {"principalId": "bob",
                            "policyDocument": policy("Allow", event["methodArn"].split("/")[0] + "/dev/GET/pets/*")}
                if token == "deny":
                    return {"principalId": "eve", "policyDocument": policy("Deny", "*")}
                if token == "unauthorized":
                    raise Exception("Unauthorized")
                if token == "crash":
                    raise RuntimeError("boom")
                return {"principalId": "x", "context": {"nested": {"no": 1}}}
            """;

    static String apiId;
    static String tokenAuthorizerId;

    @BeforeAll
    static void deploy() {
        lambda.createFunction(b -> b.functionName("authz").runtime(Runtime.PYTHON3_12)
                .role("arn:aws:iam::000000000000:role/r").handler("app.handler")
                .code(c -> c.zipFile(LambdaTest.zip(Map.of("app.py", AUTHORIZER)))));
        lambda.createFunction(b -> b.functionName("authz-backend").runtime(Runtime.PYTHON3_12)
                .role("arn:aws:iam::000000000000:role/r").handler("app.handler")
                .code(c -> c.zipFile(LambdaTest.zip(Map.of("app.py", ApiGatewayInvokeTest.ECHO)))));
        lambda.waiter().waitUntilFunctionActiveV2(b -> b.functionName("authz"));
        lambda.waiter().waitUntilFunctionActiveV2(b -> b.functionName("authz-backend"));
        var api = apigw.createRestApi(b -> b.name("authz-api"));
        apiId = api.id();
        tokenAuthorizerId = apigw.createAuthorizer(b -> b.restApiId(apiId).name("token").type(AuthorizerType.TOKEN)
                .authorizerUri(uri("authz")).identitySource("method.request.header.Authorization")
                .identityValidationExpression("^[a-z-]+$")).id();
        String requestAuthorizer = apigw.createAuthorizer(b -> b.restApiId(apiId).name("request")
                .type(AuthorizerType.REQUEST).authorizerUri(uri("authz"))
                .identitySource("method.request.header.X-User, method.request.querystring.tenant")).id();
        var pets = apigw.createResource(b -> b.restApiId(apiId).parentId(api.rootResourceId()).pathPart("pets"));
        var pet = apigw.createResource(b -> b.restApiId(apiId).parentId(pets.id()).pathPart("{petId}"));
        var other = apigw.createResource(b -> b.restApiId(apiId).parentId(api.rootResourceId()).pathPart("other"));
        var byRequest = apigw.createResource(b -> b.restApiId(apiId).parentId(api.rootResourceId()).pathPart("req"));
        var iam = apigw.createResource(b -> b.restApiId(apiId).parentId(api.rootResourceId()).pathPart("iam"));
        method(pet.id(), "CUSTOM", tokenAuthorizerId);
        method(other.id(), "CUSTOM", tokenAuthorizerId);
        method(byRequest.id(), "CUSTOM", requestAuthorizer);
        method(iam.id(), "AWS_IAM", null);
        var metered = apigw.createResource(b -> b.restApiId(apiId).parentId(api.rootResourceId())
                .pathPart("metered"));
        method(metered.id(), "CUSTOM", tokenAuthorizerId);
        apigw.updateMethod(b -> b.restApiId(apiId).resourceId(metered.id()).httpMethod("GET")
                .patchOperations(p -> p.op(Op.REPLACE).path("/apiKeyRequired").value("true")));
        apigw.updateRestApi(b -> b.restApiId(apiId)
                .patchOperations(p -> p.op(Op.REPLACE).path("/apiKeySource").value("AUTHORIZER")));
        apigw.createDeployment(b -> b.restApiId(apiId).stageName("dev"));
        var key = apigw.createApiKey(b -> b.name("from-authorizer").enabled(true)
                .value("authorizer-supplied-key-000001"));
        var plan = apigw.createUsagePlan(b -> b.name("metered").apiStages(s -> s.apiId(apiId).stage("dev")));
        apigw.createUsagePlanKey(b -> b.usagePlanId(plan.id()).keyId(key.id()).keyType("API_KEY"));
    }

    static String uri(String function) {
        return "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                + "arn:aws:lambda:us-east-1:000000000000:function:" + function + "/invocations";
    }

    static void method(String resourceId, String authorizationType, String authorizerId) {
        apigw.putMethod(b -> b.restApiId(apiId).resourceId(resourceId).httpMethod("GET")
                .authorizationType(authorizationType).authorizerId(authorizerId));
        apigw.putIntegration(b -> b.restApiId(apiId).resourceId(resourceId).httpMethod("GET")
                .type(IntegrationType.AWS_PROXY).integrationHttpMethod("POST").uri(uri("authz-backend")));
    }

    @AfterAll
    static void stop() {
        stratus.close();
    }

    static String url(String path) {
        return stratus.endpoint() + "/_aws/execute-api/" + apiId + "/dev" + path;
    }

    static HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return ApiGatewayInvokeTest.send(b);
    }

    static JsonNode authorizerSeenByBackend(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).path("requestContext").path("authorizer");
    }

    @Test
    void anAllowingTokenAuthorizerPassesPrincipalAndContextToTheIntegration() throws Exception {
        JsonNode authorizer = authorizerSeenByBackend(get("/pets/7", "Authorization", "allow"));
        assertThat(authorizer.get("principalId").asText()).isEqualTo("alice");
        assertThat(authorizer.get("user").asText()).isEqualTo("alice");
        assertThat(authorizer.get("n").asText()).isEqualTo("1");
        assertThat(authorizer.get("ok").asText()).isEqualTo("true");
        assertThat(authorizer.get("methodArn").asText())
                .isEqualTo("arn:aws:execute-api:us-east-1:000000000000:" + apiId + "/dev/GET/pets/7");
    }

    @Test
    void missingOrInvalidTokensAreUnauthorizedWithoutCallingTheFunction() {
        for (HttpResponse<String> r : java.util.List.of(get("/pets/1"), get("/pets/1", "Authorization", "NOT VALID"))) {
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.body()).isEqualTo("{\"message\":\"Unauthorized\"}");
            assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("UnauthorizedException");
        }
    }

    @Test
    void policiesAreEvaluatedAgainstTheMethodArn() {
        HttpResponse<String> deny = get("/pets/1", "Authorization", "deny");
        assertThat(deny.statusCode()).isEqualTo(403);
        assertThat(deny.body())
                .isEqualTo("{\"Message\":\"User is not authorized to access this resource with an explicit deny\"}");
        assertThat(deny.headers().firstValue("x-amzn-ErrorType")).hasValue("AccessDeniedException");

        assertThat(get("/pets/2", "Authorization", "only-pets").statusCode()).isEqualTo(201);
        HttpResponse<String> elsewhere = get("/other", "Authorization", "only-pets");
        assertThat(elsewhere.statusCode()).isEqualTo(403);
        assertThat(elsewhere.body()).isEqualTo("{\"Message\":\"User is not authorized to access this resource\"}");
    }

    @Test
    void authorizerFailuresAre401Or500() {
        HttpResponse<String> unauthorized = get("/other", "Authorization", "unauthorized");
        assertThat(unauthorized.statusCode()).isEqualTo(401);
        assertThat(unauthorized.body()).isEqualTo("{\"message\":\"Unauthorized\"}");
        for (String token : new String[] {"crash", "malformed"}) {
            HttpResponse<String> r = get("/other", "Authorization", token);
            assertThat(r.statusCode()).as(token).isEqualTo(500);
            assertThat(r.body()).isEqualTo("{\"message\":null}");
            assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("AuthorizerConfigurationException");
        }
    }

    @Test
    void resultsAreCachedPerTokenForTheTtl() throws Exception {
        String first = authorizerSeenByBackend(get("/other", "Authorization", "allow-cache")).get("nonce").asText();
        String again = authorizerSeenByBackend(get("/other", "Authorization", "allow-cache")).get("nonce").asText();
        assertThat(again).isEqualTo(first);
        // As in AWS, the cached policy (allowing only /other) is what other methods are judged by.
        assertThat(get("/pets/1", "Authorization", "allow-cache").statusCode()).isEqualTo(403);
        apigw.flushStageAuthorizersCache(b -> b.restApiId(apiId).stageName("dev"));
        String flushed = authorizerSeenByBackend(get("/other", "Authorization", "allow-cache")).get("nonce").asText();
        assertThat(flushed).isNotEqualTo(first);
        clock.advance(Duration.ofSeconds(299));
        assertThat(authorizerSeenByBackend(get("/other", "Authorization", "allow-cache")).get("nonce").asText())
                .isEqualTo(flushed);
        clock.advance(Duration.ofSeconds(2));
        String later = authorizerSeenByBackend(get("/other", "Authorization", "allow-cache")).get("nonce").asText();
        assertThat(later).isNotEqualTo(flushed);
    }

    @Test
    void requestAuthorizersGetHeadersQueryAndRequireTheirIdentitySources() throws Exception {
        HttpResponse<String> missing = get("/req", "X-User", "carol");
        assertThat(missing.statusCode()).isEqualTo(401);
        JsonNode authorizer = authorizerSeenByBackend(get("/req?tenant=acme", "X-User", "carol"));
        assertThat(authorizer.get("principalId").asText()).isEqualTo("carol");
        assertThat(authorizer.get("eventType").asText()).isEqualTo("REQUEST");
        assertThat(authorizer.get("tenant").asText()).isEqualTo("acme");
        assertThat(authorizer.get("resource").asText()).isEqualTo("/req");
    }

    @Test
    void awsIamMethodsNeedASignedRequest() throws Exception {
        HttpResponse<String> unsigned = get("/iam");
        assertThat(unsigned.statusCode()).isEqualTo(403);
        assertThat(unsigned.body()).isEqualTo("{\"message\":\"Missing Authentication Token\"}");

        URI endpoint = stratus.endpoint();
        SdkHttpRequest request = SdkHttpRequest.builder().protocol("http").host(endpoint.getHost())
                .port(endpoint.getPort()).method(SdkHttpMethod.GET)
                .encodedPath("/_aws/execute-api/" + apiId + "/dev/iam").build();
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create("AKIAIOSFODNN7EXAMPLE", "secret")).request(request)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(Instant.now(), ZoneOffset.UTC))).request();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url("/iam")));
        signed.forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("Host")) {
                values.forEach(v -> b.header(name, v));
            }
        });
        HttpResponse<String> ok = ApiGatewayInvokeTest.send(b);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
        JsonNode identity = JSON.readTree(ok.body()).path("requestContext").path("identity");
        assertThat(identity.get("accessKey").asText()).isEqualTo("AKIAIOSFODNN7EXAMPLE");
    }

    @Test
    void withApiKeySourceAuthorizerTheKeyComesFromUsageIdentifierKey() throws Exception {
        HttpResponse<String> ok = get("/metered", "Authorization", "with-key");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
        assertThat(JSON.readTree(ok.body()).path("requestContext").path("identity").get("apiKey").asText())
                .isEqualTo("authorizer-supplied-key-000001");
        HttpResponse<String> keyless = get("/metered", "Authorization", "allow-keyless", "x-api-key",
                "authorizer-supplied-key-000001");
        assertThat(keyless.statusCode()).isEqualTo(403);
        assertThat(keyless.body()).isEqualTo("{\"message\":\"Forbidden\"}");
    }

    @Test
    void authorizersAreManagedAndTestInvoked() {
        var got = apigw.getAuthorizer(b -> b.restApiId(apiId).authorizerId(tokenAuthorizerId));
        assertThat(got.authorizerResultTtlInSeconds()).isEqualTo(300);
        assertThat(got.typeAsString()).isEqualTo("TOKEN");
        assertThat(apigw.getAuthorizers(b -> b.restApiId(apiId)).items()).hasSize(2);

        var test = apigw.testInvokeAuthorizer(b -> b.restApiId(apiId).authorizerId(tokenAuthorizerId)
                .headers(Map.of("Authorization", "allow")).pathWithQueryString("/pets/1"));
        assertThat(test.clientStatus()).isEqualTo(200);
        assertThat(test.principalId()).isEqualTo("alice");
        assertThat(test.policy()).contains("\"Effect\":\"Allow\"");
        assertThat(apigw.testInvokeAuthorizer(b -> b.restApiId(apiId).authorizerId(tokenAuthorizerId)
                .headers(Map.of("Authorization", "unauthorized"))).clientStatus()).isEqualTo(401);

        var created = apigw.createAuthorizer(b -> b.restApiId(apiId).name("spare").type(AuthorizerType.TOKEN)
                .authorizerUri(uri("authz")).identitySource("method.request.header.X-Spare")
                .authorizerResultTtlInSeconds(0));
        var updated = apigw.updateAuthorizer(b -> b.restApiId(apiId).authorizerId(created.id())
                .patchOperations(p -> p.op(Op.REPLACE).path("/name").value("renamed")));
        assertThat(updated.name()).isEqualTo("renamed");
        assertThat(updated.authorizerResultTtlInSeconds()).isZero();
        assertAwsError(() -> apigw.deleteAuthorizer(b -> b.restApiId(apiId).authorizerId(tokenAuthorizerId)),
                ConflictException.class, 409, "ConflictException", null);
        apigw.deleteAuthorizer(b -> b.restApiId(apiId).authorizerId(created.id()));
        assertAwsError(() -> apigw.getAuthorizer(b -> b.restApiId(apiId).authorizerId(created.id())),
                NotFoundException.class, 404, "NotFoundException", "Invalid Authorizer identifier specified");
        assertAwsError(() -> apigw.createAuthorizer(b -> b.restApiId(apiId).name("x").type(AuthorizerType.TOKEN)
                .identitySource("method.request.header.A")), BadRequestException.class, 400, "BadRequestException",
                "Authorizer URI is required for authorizer type of TOKEN");
    }
}
