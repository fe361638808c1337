package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.stratus.platform.StratusConfig;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.apigatewayv2.model.AuthorizationType;
import software.amazon.awssdk.services.apigatewayv2.model.ProtocolType;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;

/**
 * Strict mode evaluates IAM policies for AWS_IAM methods: the signer's identity policies and the REST API's
 * resource policy must allow execute-api:Invoke on the method ARN; an explicit Deny wins.
 */
class ApiGatewayIamPolicyTest {
    static final StratusServer stratus = StratusServer.start(StratusConfig.forTests()
            .withAuth(StratusConfig.AuthMode.STRICT, StrictAuthTest.credentialsFile()));
    static final ApiGatewayClient apigw = stratus.client(ApiGatewayClient.builder(), StrictAuthTest.KEY,
            StrictAuthTest.SECRET);
    static final String ACCOUNT = StrictAuthTest.ACCOUNT;
    static String apiId;
    static String guardedId;
    static String ipLimitedId;
    static AccessKey alice;
    static AccessKey bob;
    static AccessKey carol;

    @BeforeAll
    static void setUp() {
        apiId = api("iam-policies", null);
        guardedId = api("iam-resource-policy", """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::%1$s:user/bob"},
                   "Action": "execute-api:Invoke", "Resource": "arn:aws:execute-api:us-east-1:%1$s:*/*"},
                  {"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke",
                   "Resource": "arn:aws:execute-api:us-east-1:%1$s:*/prod/GET/other"}]}""".formatted(ACCOUNT));
        ipLimitedId = api("iam-ip-policy", """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke",
                   "Resource": "arn:aws:execute-api:us-east-1:%s:*/prod/GET/open",
                   "Condition": {"IpAddress": {"aws:SourceIp": "10.1.0.0/16"}}}]}""".formatted(ACCOUNT));
        try (IamClient iam = stratus.client(IamClient.builder(), StrictAuthTest.KEY, StrictAuthTest.SECRET)) {
            alice = user(iam, "alice", """
                    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "execute-api:Invoke",
                      "Resource": "arn:aws:execute-api:us-east-1:%s:*/prod/GET/private"}]}""".formatted(ACCOUNT));
            bob = user(iam, "bob", null);
            carol = user(iam, "carol", """
                    {"Version": "2012-10-17", "Statement": [
                      {"Effect": "Allow", "Action": "execute-api:*", "Resource": "*"},
                      {"Effect": "Deny", "Action": "execute-api:Invoke",
                       "Resource": "arn:aws:execute-api:*:*:*/prod/GET/private"}]}""");
        }
    }

    /** A REST API with AWS_IAM methods GET /private and GET /other and an open GET /open (MOCK), deployed to prod. */
    static String api(String name, String policy) {
        return apiWith(apigw, name, "AWS_IAM", policy);
    }

    /** Such an API with {@code authorization} on GET /private and GET /other. */
    static String apiWith(ApiGatewayClient apigw, String name, String authorization, String policy) {
        var api = apigw.createRestApi(b -> b.name(name).policy(policy));
        for (String part : new String[] {"private", "other", "open"}) {
            var r = apigw.createResource(b -> b.restApiId(api.id()).parentId(api.rootResourceId()).pathPart(part));
            apigw.putMethod(b -> b.restApiId(api.id()).resourceId(r.id()).httpMethod("GET")
                    .authorizationType(part.equals("open") ? "NONE" : authorization));
            apigw.putIntegration(b -> b.restApiId(api.id()).resourceId(r.id()).httpMethod("GET")
                    .type(IntegrationType.MOCK).requestTemplates(Map.of("application/json", "{\"statusCode\": 200}")));
            apigw.putMethodResponse(b -> b.restApiId(api.id()).resourceId(r.id()).httpMethod("GET")
                    .statusCode("200"));
            apigw.putIntegrationResponse(b -> b.restApiId(api.id()).resourceId(r.id()).httpMethod("GET")
                    .statusCode("200").responseTemplates(Map.of("application/json",
                            "{\"caller\": \"$context.identity.userArn\"}")));
        }
        apigw.createDeployment(b -> b.restApiId(api.id()).stageName("prod"));
        return api.id();
    }

    static AccessKey user(IamClient iam, String name, String policy) {
        iam.createUser(u -> u.userName(name));
        if (policy != null) {
            iam.putUserPolicy(p -> p.userName(name).policyName("invoke").policyDocument(policy));
        }
        return iam.createAccessKey(k -> k.userName(name)).accessKey();
    }

    @AfterAll
    static void stop() {
        stratus.close();
    }

    static HttpResponse<String> get(String api, String resource, String key, String secret) {
        String path = "/_aws/execute-api/" + api + "/prod/" + resource;
        return ApiGatewayInvokeTest.send(SignedInvocations.get(stratus.endpoint(), path, key, secret));
    }

    static HttpResponse<String> get(String api, String resource, AccessKey key) {
        return get(api, resource, key.accessKeyId(), key.secretAccessKey());
    }

    static String arn(String api, String resource) {
        return "arn:aws:execute-api:us-east-1:" + ACCOUNT + ":" + api + "/prod/GET/" + resource;
    }

    static void assertDenied(HttpResponse<String> r, String user, String resourceArn, boolean explicit) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("AccessDeniedException");
        assertThat(r.body()).isEqualTo("{\"Message\":\"User: arn:aws:iam::" + ACCOUNT + ":user/" + user
                + " is not authorized to perform: execute-api:Invoke on resource: " + resourceArn
                + (explicit ? " with an explicit deny" : "") + "\"}");
    }

    @Test
    void identityPoliciesDecideForApisWithoutAResourcePolicy() {
        HttpResponse<String> allowed = get(apiId, "private", alice);
        assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
        assertThat(allowed.body()).contains("user/alice");
        assertDenied(get(apiId, "other", alice), "alice", arn(apiId, "other"), false);
        assertDenied(get(apiId, "private", bob), "bob", arn(apiId, "private"), false);
        assertDenied(get(apiId, "private", carol), "carol", arn(apiId, "private"), true);
        assertThat(get(apiId, "other", carol).statusCode()).isEqualTo(200);
        assertThat(get(apiId, "other", StrictAuthTest.KEY, StrictAuthTest.SECRET).statusCode())
                .as("the account root").isEqualTo(200);
    }

    @Test
    void httpApiRoutesWithAwsIamCheckIdentityPolicies() throws Exception {
        HttpServer backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        backend.createContext("/", ex -> {
            byte[] body = "backend".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        backend.start();
        try (ApiGatewayV2Client v2 = stratus.client(ApiGatewayV2Client.builder(), StrictAuthTest.KEY,
                StrictAuthTest.SECRET)) {
            String api = v2.createApi(b -> b.name("http-iam").protocolType(ProtocolType.HTTP)).apiId();
            String integration = v2.createIntegration(b -> b.apiId(api).integrationType("HTTP_PROXY")
                    .integrationMethod("GET").integrationUri("http://127.0.0.1:" + backend.getAddress().getPort()
                            + "/")).integrationId();
            for (String key : new String[] {"GET /private", "GET /other"}) {
                v2.createRoute(b -> b.apiId(api).routeKey(key).target("integrations/" + integration)
                        .authorizationType(AuthorizationType.AWS_IAM));
            }
            v2.createStage(b -> b.apiId(api).stageName("prod").autoDeploy(true));
            HttpResponse<String> ok = get(api, "private", alice);
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            assertThat(ok.body()).isEqualTo("backend");
            for (HttpResponse<String> refused : List.of(get(api, "other", alice), get(api, "private", bob),
                    get(api, "private", carol), ApiGatewayInvokeTest.get(stratus.endpoint() + "/_aws/execute-api/"
                            + api + "/prod/private"))) {
                assertThat(refused.statusCode()).isEqualTo(403);
                assertThat(refused.body()).isEqualTo("{\"message\":\"Forbidden\"}");
            }
        } finally {
            backend.stop(0);
        }
    }

    @Test
    void openMethodsMeetTheResourcePolicyAsAnonymousCallers() {
        String open = stratus.endpoint() + "/_aws/execute-api/%s/prod/open";
        assertThat(ApiGatewayInvokeTest.get(open.formatted(apiId)).statusCode()).as("no resource policy")
                .isEqualTo(200);
        HttpResponse<String> refused = ApiGatewayInvokeTest.get(open.formatted(guardedId));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).isEqualTo("{\"Message\":\"User: anonymous is not authorized to perform: "
                + "execute-api:Invoke on resource: " + arn(guardedId, "open") + "\"}");
        assertThat(ApiGatewayInvokeTest.get(open.formatted(ipLimitedId)).statusCode()).as("from 127.0.0.1")
                .isEqualTo(403);
        HttpResponse<String> inRange = ApiGatewayInvokeTest.send(HttpRequest.newBuilder(URI.create(
                open.formatted(ipLimitedId))).header("X-Forwarded-For", "10.1.2.3"));
        assertThat(inRange.statusCode()).as(inRange.body()).isEqualTo(200);
    }

    @Test
    void resourcePolicyAllowsInTheSameAccountAndItsDenyWins() {
        assertThat(get(guardedId, "private", bob).statusCode()).as("allowed by the resource policy alone")
                .isEqualTo(200);
        assertDenied(get(guardedId, "other", bob), "bob", arn(guardedId, "other"), true);
        assertDenied(get(guardedId, "other", carol), "carol", arn(guardedId, "other"), true);
        assertThat(get(guardedId, "other", StrictAuthTest.KEY, StrictAuthTest.SECRET).statusCode())
                .as("the resource policy's Deny holds for the account root too").isEqualTo(403);
        assertThat(get(guardedId, "private", alice).statusCode()).as("alice's identity policy").isEqualTo(200);
    }
}
