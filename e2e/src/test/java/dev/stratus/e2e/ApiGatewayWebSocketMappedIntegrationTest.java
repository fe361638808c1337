package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.apigatewayv2.model.ConflictException;
import software.amazon.awssdk.services.apigatewayv2.model.IntegrationType;
import software.amazon.awssdk.services.apigatewayv2.model.NotFoundException;
import software.amazon.awssdk.services.apigatewayv2.model.ProtocolType;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * Non-proxy integrations of WebSocket routes (MOCK, AWS Lambda, HTTP): request templates chosen by the integration's
 * TemplateSelectionExpression, integration responses chosen by key on the IntegrationResponseSelectionExpression, and
 * their response templates making what a two-way route sends back.
 */
class ApiGatewayWebSocketMappedIntegrationTest {
    static final StratusServer stratus = StratusServer.start();
    static final ApiGatewayV2Client apigw = ApiGatewayHttpApiControlPlaneTest.client(stratus);
    static final HttpClient http = HttpClient.newHttpClient();

    @AfterAll
    static void stop() {
        apigw.close();
        stratus.close();
    }

    static String webSocketApi(String name) {
        return apigw.createApi(b -> b.name(name).protocolType(ProtocolType.WEBSOCKET)
                .routeSelectionExpression("$request.body.action")).apiId();
    }

    /** A two-way route (RouteResponseSelectionExpression and a $default route response) to this integration. */
    static void twoWayRoute(String api, String key, String integration) {
        String routeId = apigw.createRoute(b -> b.apiId(api).routeKey(key).target("integrations/" + integration)
                .routeResponseSelectionExpression("$default")).routeId();
        apigw.createRouteResponse(b -> b.apiId(api).routeId(routeId).routeResponseKey("$default"));
    }

    static WebSocketTestClient connect(String api) {
        WebSocketTestClient c = new WebSocketTestClient();
        c.socket = http.newWebSocketBuilder().buildAsync(URI.create("ws://localhost:" + stratus.endpoint().getPort()
                + "/_aws/execute-api/" + api + "/prod"), c).join();
        return c;
    }

    @Test
    void mockIntegrationsAnswerFromTheirTemplates() throws Exception {
        String api = webSocketApi("ws-mock");
        String integration = apigw.createIntegration(b -> b.apiId(api).integrationType(IntegrationType.MOCK)
                .templateSelectionExpression("$request.body.kind")
                .requestTemplates(Map.of("found", "{\"statusCode\": 200}", "$default", "{\"statusCode\": 404}")))
                .integrationId();
        assertThat(apigw.getIntegration(b -> b.apiId(api).integrationId(integration))
                .integrationResponseSelectionExpression()).isEqualTo("${integration.response.statuscode}");
        apigw.createIntegrationResponse(b -> b.apiId(api).integrationId(integration).integrationResponseKey("/2\\d\\d/")
                .templateSelectionExpression("\\$default").responseTemplates(Map.of("$default",
                        "{\"result\": \"ok\", \"route\": \"$context.routeKey\", \"id\": \"$context.connectionId\"}")));
        apigw.createIntegrationResponse(b -> b.apiId(api).integrationId(integration).integrationResponseKey("$default")
                .responseTemplates(Map.of("$default", "{\"result\": \"missing\"}")));
        twoWayRoute(api, "lookup", integration);
        apigw.createStage(b -> b.apiId(api).stageName("prod").autoDeploy(true));

        WebSocketTestClient c = connect(api);
        JsonNode found = c.ask("{\"action\": \"lookup\", \"kind\": \"found\"}");
        assertThat(found.get("result").asText()).isEqualTo("ok");
        assertThat(found.get("route").asText()).isEqualTo("lookup");
        assertThat(found.get("id").asText()).isNotBlank();
        assertThat(c.ask("{\"action\": \"lookup\", \"kind\": \"other\"}").get("result").asText()).isEqualTo("missing");
    }

    @Test
    void aMockConnectIntegrationDecidesTheUpgradeByItsStatusCode() {
        String api = webSocketApi("ws-mock-connect");
        String integration = apigw.createIntegration(b -> b.apiId(api).integrationType(IntegrationType.MOCK)
                .requestTemplates(Map.of("$default", "{\"statusCode\": 503}"))).integrationId();
        apigw.createRoute(b -> b.apiId(api).routeKey("$connect").target("integrations/" + integration));
        apigw.createStage(b -> b.apiId(api).stageName("prod").autoDeploy(true));
        try {
            connect(api);
            throw new AssertionError("the upgrade should have been refused");
        } catch (CompletionException e) {
            assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode()).isEqualTo(503);
        }
    }

    @Test
    void lambdaCustomIntegrationsGetTheMappedPayload() throws Exception {
        String fn;
        try (LambdaClient lambda = stratus.client(LambdaClient.builder())) {
            fn = lambda.createFunction(b -> b.functionName("ws-custom").runtime(Runtime.PYTHON3_12)
                    .role("arn:aws:iam::000000000000:role/r").handler("app.handler")
                    .code(c -> c.zipFile(LambdaTest.zip(Map.of("app.py", """
                            def handler(event, context):
                                if event["name"] == "fail":
                                    raise Exception("Bad name")
                                return {"msg": "hello " + event["name"], "connection": event["cid"]}
                            """))))).functionArn();
            lambda.waiter().waitUntilFunctionActiveV2(b -> b.functionName("ws-custom"));
        }
        String api = webSocketApi("ws-lambda-custom");
        String integration = apigw.createIntegration(b -> b.apiId(api).integrationType(IntegrationType.AWS)
                .integrationUri("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/" + fn + "/invocations")
                .templateSelectionExpression("\\$default")
                .requestTemplates(Map.of("$default",
                        "{\"name\": $input.json('$.name'), \"cid\": \"$context.connectionId\"}")))
                .integrationId();
        assertThat(apigw.getIntegration(b -> b.apiId(api).integrationId(integration))
                .integrationResponseSelectionExpression()).isEqualTo("${integration.response.body.errorMessage}");
        apigw.createIntegrationResponse(b -> b.apiId(api).integrationId(integration).integrationResponseKey("$default")
                .responseTemplates(Map.of("$default", "{\"reply\": $input.json('$.msg')}")));
        apigw.createIntegrationResponse(b -> b.apiId(api).integrationId(integration)
                .integrationResponseKey("/Bad.*/").responseTemplates(Map.of("$default",
                        "{\"error\": $input.json('$.errorMessage')}")));
        twoWayRoute(api, "greet", integration);
        apigw.createStage(b -> b.apiId(api).stageName("prod").autoDeploy(true));

        WebSocketTestClient c = connect(api);
        assertThat(c.ask("{\"action\": \"greet\", \"name\": \"bob\"}").get("reply").asText()).isEqualTo("hello bob");
        assertThat(c.ask("{\"action\": \"greet\", \"name\": \"fail\"}").get("error").asText()).isEqualTo("Bad name");
    }

    @Test
    void httpIntegrationsSendTheMappedRequestAndPassTheReplyThrough() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        HttpServer backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        backend.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + " " + body);
            byte[] reply = ("{\"upper\": \"" + body.toUpperCase(Locale.ROOT).replace("\"", "'") + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, reply.length);
            ex.getResponseBody().write(reply);
            ex.close();
        });
        backend.start();
        try {
            String api = webSocketApi("ws-http");
            String integration = apigw.createIntegration(b -> b.apiId(api).integrationType(IntegrationType.HTTP)
                    .integrationMethod("PUT").integrationUri("http://127.0.0.1:" + backend.getAddress().getPort()
                            + "/items").requestTemplates(Map.of("$default", "{\"text\": $input.json('$.text')}")))
                    .integrationId();
            apigw.createIntegrationResponse(b -> b.apiId(api).integrationId(integration)
                    .integrationResponseKey("$default"));
            twoWayRoute(api, "$default", integration);
            apigw.createStage(b -> b.apiId(api).stageName("prod").autoDeploy(true));

            WebSocketTestClient c = connect(api);
            JsonNode reply = c.ask("{\"text\": \"shout\"}");
            assertThat(received.poll(30, TimeUnit.SECONDS)).isEqualTo("PUT /items {\"text\": \"shout\"}");
            assertThat(reply.get("upper").asText()).isEqualTo("{'TEXT': 'SHOUT'}");
        } finally {
            backend.stop(0);
        }
    }

    @Test
    void integrationResponsesAreManagedPerIntegration() {
        String api = webSocketApi("ws-integration-responses");
        String integration = apigw.createIntegration(b -> b.apiId(api).integrationType(IntegrationType.MOCK)
                .requestTemplates(Map.of("$default", "{\"statusCode\": 200}"))).integrationId();
        var created = apigw.createIntegrationResponse(b -> b.apiId(api).integrationId(integration)
                .integrationResponseKey("$default").responseTemplates(Map.of("$default", "{}")));
        assertThat(created.integrationResponseId()).isNotBlank();
        assertThat(created.integrationResponseKey()).isEqualTo("$default");
        assertThatThrownBy(() -> apigw.createIntegrationResponse(b -> b.apiId(api).integrationId(integration)
                .integrationResponseKey("$default"))).isInstanceOf(ConflictException.class);
        var updated = apigw.updateIntegrationResponse(b -> b.apiId(api).integrationId(integration)
                .integrationResponseId(created.integrationResponseId()).integrationResponseKey("/2\\d\\d/"));
        assertThat(updated.integrationResponseKey()).isEqualTo("/2\\d\\d/");
        assertThat(updated.responseTemplates()).containsEntry("$default", "{}");
        assertThat(apigw.getIntegrationResponses(b -> b.apiId(api).integrationId(integration)).items())
                .extracting(r -> r.integrationResponseKey()).containsExactly("/2\\d\\d/");
        assertThat(apigw.getIntegration(b -> b.apiId(api).integrationId(integration)).requestTemplates())
                .containsEntry("$default", "{\"statusCode\": 200}");
        apigw.deleteIntegrationResponse(b -> b.apiId(api).integrationId(integration)
                .integrationResponseId(created.integrationResponseId()));
        assertThatThrownBy(() -> apigw.getIntegrationResponse(b -> b.apiId(api).integrationId(integration)
                .integrationResponseId(created.integrationResponseId()))).isInstanceOf(NotFoundException.class);
    }
}
