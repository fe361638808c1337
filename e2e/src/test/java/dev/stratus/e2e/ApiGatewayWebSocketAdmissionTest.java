package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.ApiStage;
import software.amazon.awssdk.services.apigateway.model.QuotaPeriodType;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.apigatewayv2.model.AuthorizationType;
import software.amazon.awssdk.services.apigatewayv2.model.AuthorizerType;
import software.amazon.awssdk.services.apigatewayv2.model.IntegrationType;
import software.amazon.awssdk.services.apigatewayv2.model.ProtocolType;
import software.amazon.awssdk.services.apigatewayv2.model.RouteSettings;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * What decides whether a WebSocket connection or message gets through, and how the handshake is answered:
 * subprotocol negotiation by the $connect function, API keys with usage plans, stage and route throttling, and the
 * $connect authorizer's cached replies.
 */
class ApiGatewayWebSocketAdmissionTest {
    static final StratusServer stratus = StratusServer.start();
    static final ApiGatewayV2Client apigw = ApiGatewayHttpApiControlPlaneTest.client(stratus);
    static final HttpClient http = HttpClient.newHttpClient();
    static String handlerArn;
    static String authorizerArn;

    /** $connect accepts only clients offering "myprotocol" when asked to, and answers with it; reply echoes. */
    static final String HANDLER = """
            import json
            def handler(event, context):
                ctx = event["requestContext"]
                if ctx["routeKey"] == "$connect":
                    headers = {k.lower(): v for k, v in (event.get("headers") or {}).items()}
                    if (event.get("queryStringParameters") or {}).get("negotiate"):
                        offered = [p.strip() for p in headers.get("sec-websocket-protocol", "").split(",")]
                        if "myprotocol" not in offered:
                            return {"statusCode": 400}
                        return {"statusCode": 200, "headers": {"Sec-WebSocket-Protocol": "myprotocol"}}
                    return {"statusCode": 200}
                return {"statusCode": 200, "body": json.dumps({"routeKey": ctx["routeKey"], "event": event})}
            """;

    /** Allows token "letmein"; each call returns a fresh nonce, so a cached reply shows as a repeated nonce. */
    static final String AUTHORIZER = """
            import uuid
            def handler(event, context):
                token = event["queryStringParameters"]["token"]
                return {"principalId": "alice", "usageIdentifierKey": "authorizer-key-value-0123456789",
                        "policyDocument": {"Version": "2012-10-17", "Statement": [
                            {"Action": "execute-api:Invoke", "Effect": "Allow" if token != "no" else "Deny",
                             "Resource": event["methodArn"]}]},
                        "context": {"nonce": str(uuid.uuid4())}}
            """;

    @BeforeAll
    static void setUp() {
        try (LambdaClient lambda = stratus.client(LambdaClient.builder())) {
            handlerArn = function(lambda, "ws-admission-handler", HANDLER);
            authorizerArn = function(lambda, "ws-admission-authorizer", AUTHORIZER);
        }
    }

    static String function(LambdaClient lambda, String name, String code) {
        String arn = lambda.createFunction(b -> b.functionName(name).runtime(Runtime.PYTHON3_12)
                .role("arn:aws:iam::000000000000:role/r").handler("app.handler")
                .code(c -> c.zipFile(LambdaTest.zip(Map.of("app.py", code))))).functionArn();
        lambda.waiter().waitUntilFunctionActiveV2(b -> b.functionName(name));
        return arn;
    }

    @AfterAll
    static void stop() {
        apigw.close();
        stratus.close();
    }

    static URI wsUri(String api, String query) {
        return URI.create("ws://localhost:" + stratus.endpoint().getPort() + "/_aws/execute-api/" + api + "/prod"
                + (query == null ? "" : "?" + query));
    }

    /** A WebSocket API with $connect and a two-way "reply" route to the handler (routes not yet deployed). */
    static String api(String name, boolean connectNeedsKey, String apiKeySelection) {
        String api = apigw.createApi(b -> b.name(name).protocolType(ProtocolType.WEBSOCKET)
                .routeSelectionExpression("$request.body.action").apiKeySelectionExpression(apiKeySelection))
                .apiId();
        String integration = apigw.createIntegration(b -> b.apiId(api).integrationType(IntegrationType.AWS_PROXY)
                .integrationUri(handlerArn)).integrationId();
        apigw.createRoute(b -> b.apiId(api).routeKey("$connect").target("integrations/" + integration)
                .apiKeyRequired(connectNeedsKey));
        apigw.createRoute(b -> b.apiId(api).routeKey("reply").target("integrations/" + integration)
                .routeResponseSelectionExpression("$default"));
        return api;
    }

    static WebSocketTestClient connect(String api, String query, Map<String, String> headers,
                                                  String... subprotocols) {
        WebSocketTestClient c = new WebSocketTestClient();
        WebSocket.Builder builder = http.newWebSocketBuilder();
        headers.forEach(builder::header);
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        c.socket = builder.buildAsync(wsUri(api, query), c).join();
        return c;
    }

    /** The handshake's refusal, or null when the connection opened (it is then closed). */
    static java.net.http.HttpResponse<?> refusal(String api, String query, Map<String, String> headers) {
        try {
            connect(api, query, headers).socket.sendClose(1000, "").join();
            return null;
        } catch (CompletionException e) {
            return ((WebSocketHandshakeException) e.getCause()).getResponse();
        }
    }

    @Test
    void theConnectFunctionChoosesTheSubprotocol() throws Exception {
        String api = api("ws-subprotocol", false, null);
        apigw.createStage(b -> b.apiId(api).stageName("prod").autoDeploy(true));
        var c = connect(api, "negotiate=1", Map.of(), "chat1", "myprotocol");
        assertThat(c.socket.getSubprotocol()).isEqualTo("myprotocol");
        JsonNode event = c.ask("{\"action\":\"reply\"}").get("event");
        assertThat(event.get("requestContext").get("routeKey").asText()).isEqualTo("reply");

        var plain = connect(api, null, Map.of(), "chat1");
        assertThat(plain.socket.getSubprotocol()).as("the function answered no subprotocol").isEmpty();

        try {
            connect(api, "negotiate=1", Map.of(), "chat1");
            throw new AssertionError("the upgrade should have been refused");
        } catch (CompletionException e) {
            assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode()).isEqualTo(400);
        }
    }

    @Test
    void connectWithApiKeyRequiredNeedsAKeyOfAUsagePlanForTheStage() throws Exception {
        String api = api("ws-keys", true, "$request.header.x-api-key");
        apigw.createStage(b -> b.apiId(api).stageName("prod").autoDeploy(true));
        try (ApiGatewayClient v1 = stratus.client(ApiGatewayClient.builder())) {
            var key = v1.createApiKey(b -> b.name("ws-key").enabled(true).value("ws-key-value-0123456789abcdef"));
            var unplanned = v1.createApiKey(b -> b.name("ws-unplanned").enabled(true)
                    .value("ws-unplanned-value-0123456789"));
            String plan = v1.createUsagePlan(b -> b.name("ws-plan")
                    .apiStages(ApiStage.builder().apiId(api).stage("prod").build())
                    .quota(q -> q.limit(2).period(QuotaPeriodType.DAY))).id();
            v1.createUsagePlanKey(b -> b.usagePlanId(plan).keyId(key.id()).keyType("API_KEY"));

            var missing = refusal(api, null, Map.of());
            assertThat(missing.statusCode()).isEqualTo(403);
            assertThat(missing.headers().firstValue("x-amzn-ErrorType")).hasValue("ForbiddenException");
            assertThat(refusal(api, null, Map.of("x-api-key", unplanned.value())).statusCode())
                    .as("a key of no plan for this stage").isEqualTo(403);

            var c = connect(api, null, Map.of("x-api-key", key.value()));
            JsonNode identity = c.ask("{\"action\":\"reply\"}").get("event").get("requestContext").get("identity");
            assertThat(identity.get("apiKey").asText()).isEqualTo(key.value());
            assertThat(identity.get("apiKeyId").asText()).isEqualTo(key.id());
            assertThat(refusal(api, null, Map.of("x-api-key", key.value()))).as("the quota's second request")
                    .isNull();
            var overQuota = refusal(api, null, Map.of("x-api-key", key.value()));
            assertThat(overQuota.statusCode()).isEqualTo(429);
            assertThat(overQuota.headers().firstValue("x-amzn-ErrorType")).hasValue("LimitExceededException");
            String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
            assertThat(v1.getUsage(b -> b.usagePlanId(plan).startDate(today).endDate(today)).items())
                    .as("[used, remaining] today").containsEntry(key.id(), java.util.List.of(java.util.List.of(2L, 0L)));
        }
    }

    @Test
    void theKeyCanComeFromTheConnectAuthorizer() throws Exception {
        String api = api("ws-authorizer-keys", true, "$context.authorizer.usageIdentifierKey");
        String authorizer = apigw.createAuthorizer(b -> b.apiId(api).name("token")
                .authorizerType(AuthorizerType.REQUEST).authorizerUri(authorizerArn)
                .identitySource("route.request.querystring.token")).authorizerId();
        String connectRoute = apigw.getRoutes(b -> b.apiId(api)).items().stream()
                .filter(r -> r.routeKey().equals("$connect")).findFirst().orElseThrow().routeId();
        apigw.updateRoute(b -> b.apiId(api).routeId(connectRoute).authorizationType(AuthorizationType.CUSTOM)
                .authorizerId(authorizer));
        apigw.createStage(b -> b.apiId(api).stageName("prod").autoDeploy(true));
        assertThat(refusal(api, "token=a", Map.of()).statusCode()).as("the authorizer's key is in no plan yet")
                .isEqualTo(403);
        try (ApiGatewayClient v1 = stratus.client(ApiGatewayClient.builder())) {
            var key = v1.createApiKey(b -> b.name("ws-authorizer-key").enabled(true)
                    .value("authorizer-key-value-0123456789"));
            String plan = v1.createUsagePlan(b -> b.name("ws-authorizer-plan")
                    .apiStages(ApiStage.builder().apiId(api).stage("prod").build())).id();
            v1.createUsagePlanKey(b -> b.usagePlanId(plan).keyId(key.id()).keyType("API_KEY"));
            var c = connect(api, "token=b", Map.of());
            JsonNode identity = c.ask("{\"action\":\"reply\"}").get("event").get("requestContext").get("identity");
            assertThat(identity.get("apiKeyId").asText()).isEqualTo(key.id());
        }
    }

    @Test
    void routeSettingsThrottleMessagesAndConnects() throws Exception {
        String api = api("ws-throttle", false, null);
        RouteSettings oncePer100Seconds = RouteSettings.builder().throttlingBurstLimit(1).throttlingRateLimit(0.01)
                .build();
        apigw.createStage(b -> b.apiId(api).stageName("prod").autoDeploy(true)
                .routeSettings(Map.of("reply", oncePer100Seconds, "$connect", oncePer100Seconds)));
        var c = connect(api, null, Map.of());
        assertThat(c.ask("{\"action\":\"reply\"}").get("routeKey").asText()).isEqualTo("reply");
        JsonNode throttled = c.ask("{\"action\":\"reply\"}");
        assertThat(throttled.get("message").asText()).isEqualTo("Too Many Requests");
        assertThat(throttled.get("connectionId").asText()).isNotBlank();
        assertThat(throttled.get("requestId").asText()).isNotBlank();

        var refused = refusal(api, null, Map.of());
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("x-amzn-ErrorType")).hasValue("TooManyRequestsException");
    }

    @Test
    void connectAuthorizerRepliesAreCachedForTheirTtlUntilReset() throws Exception {
        String api = apigw.createApi(b -> b.name("ws-auth-cache").protocolType(ProtocolType.WEBSOCKET)
                .routeSelectionExpression("$request.body.action")).apiId();
        String authorizer = apigw.createAuthorizer(b -> b.apiId(api).name("token")
                .authorizerType(AuthorizerType.REQUEST).authorizerUri(authorizerArn)
                .identitySource("route.request.querystring.token").authorizerResultTtlInSeconds(300)).authorizerId();
        String integration = apigw.createIntegration(b -> b.apiId(api).integrationType(IntegrationType.AWS_PROXY)
                .integrationUri(handlerArn)).integrationId();
        apigw.createRoute(b -> b.apiId(api).routeKey("$connect").target("integrations/" + integration)
                .authorizationType(AuthorizationType.CUSTOM).authorizerId(authorizer));
        apigw.createRoute(b -> b.apiId(api).routeKey("reply").target("integrations/" + integration)
                .routeResponseSelectionExpression("$default"));
        apigw.createStage(b -> b.apiId(api).stageName("prod").autoDeploy(true));

        String first = nonce(api, "token=one");
        assertThat(nonce(api, "token=one")).as("the cached reply").isEqualTo(first);
        assertThat(nonce(api, "token=two")).as("other identity values call the function").isNotEqualTo(first);
        apigw.resetAuthorizersCache(b -> b.apiId(api).stageName("prod"));
        assertThat(nonce(api, "token=one")).as("after ResetAuthorizersCache").isNotEqualTo(first);
    }

    static String nonce(String api, String query) throws Exception {
        var c = connect(api, query, Map.of());
        String nonce = c.ask("{\"action\":\"reply\"}").get("event").get("requestContext").get("authorizer")
                .get("nonce").asText();
        c.socket.sendClose(1000, "").join();
        return nonce;
    }
}
