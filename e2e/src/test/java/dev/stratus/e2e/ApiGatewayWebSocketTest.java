package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GetConnectionResponse;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PayloadTooLargeException;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.apigatewayv2.model.AuthorizationType;
import software.amazon.awssdk.services.apigatewayv2.model.AuthorizerType;
import software.amazon.awssdk.services.apigatewayv2.model.BadRequestException;
import software.amazon.awssdk.services.apigatewayv2.model.ConflictException;
import software.amazon.awssdk.services.apigatewayv2.model.CreateApiResponse;
import software.amazon.awssdk.services.apigatewayv2.model.NotFoundException;
import software.amazon.awssdk.services.apigatewayv2.model.IntegrationType;
import software.amazon.awssdk.services.apigatewayv2.model.ProtocolType;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * WebSocket APIs: $connect accepting and refusing, route selection, $default, two-way routes, the @connections
 * management API (from a function with boto3 and from the SDK), $disconnect, and the message size limit.
 */
class ApiGatewayWebSocketTest {
    static final StratusServer stratus = StratusServer.start();
    static final ApiGatewayV2Client apigw = ApiGatewayHttpApiControlPlaneTest.client(stratus);
    static final SqsClient sqs = stratus.client(SqsClient.builder());
    static final HttpClient http = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();
    static String fnArn;
    static String queueUrl;
    static String apiId;
    static String authorizerArn;

    /** One function for every route; $disconnect events go to a queue the test reads. */
    static final String FN = """
            import json, os, boto3
            def handler(event, context):
                ctx = event["requestContext"]
                route = ctx["routeKey"]
                if route == "$connect":
                    deny = (event.get("queryStringParameters") or {}).get("deny")
                    if deny:
                        return {"statusCode": int(deny)}
                    return {"statusCode": 200}
                if route == "$disconnect":
                    boto3.client("sqs").send_message(QueueUrl=os.environ["QUEUE_URL"], MessageBody=json.dumps(event))
                    return {"statusCode": 200}
                body = json.loads(event["body"]) if event["body"].startswith("{") else {}
                if route == "echo":
                    endpoint = os.environ["AWS_ENDPOINT_URL"] + "/_aws/execute-api/" + ctx["apiId"] + "/" + ctx["stage"]
                    client = boto3.client("apigatewaymanagementapi", endpoint_url=endpoint)
                    client.post_to_connection(ConnectionId=ctx["connectionId"],
                                              Data=json.dumps({"echo": body.get("text")}).encode())
                    return {"statusCode": 200}
                return {"statusCode": 200, "body": json.dumps({"routeKey": route, "event": event})}
            """;

    static final String AUTHORIZER = """
            def handler(event, context):
                token = event["queryStringParameters"]["token"]
                effect = "Allow" if token == "letmein" else "Deny"
                assert event["type"] == "REQUEST" and event["requestContext"]["eventType"] == "CONNECT"
                return {"principalId": "alice",
                        "policyDocument": {"Version": "2012-10-17", "Statement": [
                            {"Action": "execute-api:Invoke", "Effect": effect, "Resource": event["methodArn"]}]},
                        "context": {"team": "blue"}}
            """;

    @BeforeAll
    static void setUp() {
        queueUrl = sqs.createQueue(b -> b.queueName("ws-disconnects")).queueUrl();
        try (LambdaClient lambda = stratus.client(LambdaClient.builder())) {
            fnArn = lambda.createFunction(b -> b.functionName("ws-handler").runtime(Runtime.PYTHON3_12)
                    .role("arn:aws:iam::000000000000:role/r").handler("app.handler")
                    .environment(e -> e.variables(Map.of("QUEUE_URL", queueUrl)))
                    .code(c -> c.zipFile(LambdaTest.zip(Map.of("app.py", FN))))).functionArn();
            lambda.waiter().waitUntilFunctionActiveV2(b -> b.functionName("ws-handler"));
            authorizerArn = lambda.createFunction(b -> b.functionName("ws-authorizer").runtime(Runtime.PYTHON3_12)
                    .role("arn:aws:iam::000000000000:role/r").handler("app.handler")
                    .code(c -> c.zipFile(LambdaTest.zip(Map.of("app.py", AUTHORIZER))))).functionArn();
            lambda.waiter().waitUntilFunctionActiveV2(b -> b.functionName("ws-authorizer"));
        }
        apiId = api("chat", "$connect", "$disconnect", "$default", "echo", "reply");
    }

    /** A WebSocket API with these routes to the function, deployed to stage "prod"; $default and reply are two-way. */
    static String api(String name, String... routes) {
        CreateApiResponse api = apigw.createApi(b -> b.name(name).protocolType(ProtocolType.WEBSOCKET)
                .routeSelectionExpression("$request.body.action"));
        String integration = apigw.createIntegration(b -> b.apiId(api.apiId())
                .integrationType(IntegrationType.AWS_PROXY).integrationUri(fnArn)).integrationId();
        for (String key : routes) {
            boolean twoWay = key.equals("$default") || key.equals("reply");
            apigw.createRoute(b -> b.apiId(api.apiId()).routeKey(key).target("integrations/" + integration)
                    .routeResponseSelectionExpression(twoWay ? "$default" : null));
        }
        apigw.createStage(b -> b.apiId(api.apiId()).stageName("prod").autoDeploy(true));
        return api.apiId();
    }

    @AfterAll
    static void stop() {
        apigw.close();
        sqs.close();
        stratus.close();
    }

    static URI wsUri(String api, String query) {
        return URI.create("ws://localhost:" + stratus.endpoint().getPort() + "/_aws/execute-api/" + api + "/prod"
                + (query == null ? "" : "?" + query));
    }

    static ApiGatewayManagementApiClient management(String api) {
        // As with AWS, the endpoint is the stage's base URL (StratusServer.client would replace it with the edge's).
        return ApiGatewayManagementApiClient.builder()
                .endpointOverride(URI.create(stratus.endpoint() + "/_aws/execute-api/" + api + "/prod"))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }

    /** A client connection to a stage of this test's server. */
    static final class Client extends WebSocketTestClient {

        static Client connect(String api, String query) {
            Client c = new Client();
            c.socket = http.newWebSocketBuilder().buildAsync(wsUri(api, query), c).join();
            return c;
        }
    }

    @Test
    void createApiShowsAWebSocketEndpoint() {
        var api = apigw.getApi(b -> b.apiId(apiId));
        assertThat(api.protocolType()).isEqualTo(ProtocolType.WEBSOCKET);
        assertThat(api.routeSelectionExpression()).isEqualTo("$request.body.action");
        assertThat(api.apiEndpoint()).isEqualTo("ws://" + apiId + ".execute-api.localhost:"
                + stratus.endpoint().getPort());
        assertThat(apigw.getRoutes(b -> b.apiId(apiId)).items()).extracting(r -> r.routeKey())
                .containsExactlyInAnyOrder("$connect", "$disconnect", "$default", "echo", "reply");
    }

    @Test
    void webSocketApisNeedARouteSelectionExpressionAndKeepRouteResponses() {
        assertThatThrownBy(() -> apigw.createApi(b -> b.name("bad").protocolType(ProtocolType.WEBSOCKET)))
                .isInstanceOf(BadRequestException.class);
        String api = apigw.createApi(b -> b.name("responses").protocolType(ProtocolType.WEBSOCKET)
                .routeSelectionExpression("$request.body.action")).apiId();
        String routeId = apigw.createRoute(b -> b.apiId(api).routeKey("send")
                .routeResponseSelectionExpression("$default")).routeId();
        assertThat(apigw.getRoute(b -> b.apiId(api).routeId(routeId)).routeResponseSelectionExpression())
                .isEqualTo("$default");
        var created = apigw.createRouteResponse(b -> b.apiId(api).routeId(routeId).routeResponseKey("$default"));
        assertThat(created.routeResponseId()).isNotBlank();
        assertThat(apigw.getRouteResponse(b -> b.apiId(api).routeId(routeId)
                .routeResponseId(created.routeResponseId())).routeResponseKey()).isEqualTo("$default");
        assertThat(apigw.getRouteResponses(b -> b.apiId(api).routeId(routeId)).items()).hasSize(1);
        assertThatThrownBy(() -> apigw.createRouteResponse(b -> b.apiId(api).routeId(routeId)
                .routeResponseKey("$default"))).isInstanceOf(ConflictException.class);
        apigw.deleteRouteResponse(b -> b.apiId(api).routeId(routeId).routeResponseId(created.routeResponseId()));
        assertThat(apigw.getRouteResponses(b -> b.apiId(api).routeId(routeId)).items()).isEmpty();
        assertThatThrownBy(() -> apigw.getRouteResponse(b -> b.apiId(api).routeId(routeId)
                .routeResponseId(created.routeResponseId()))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void connectRouteCanRefuseTheUpgradeWithItsStatus() {
        assertThatThrownBy(() -> Client.connect(apiId, "deny=401"))
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode())
                        .isEqualTo(401));
        assertThatThrownBy(() -> http.newWebSocketBuilder().buildAsync(URI.create("ws://localhost:"
                + stratus.endpoint().getPort() + "/_aws/execute-api/" + apiId + "/nostage"), new Client()).join())
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode())
                        .isEqualTo(403));
    }

    @Test
    void messagesSelectTheirRouteOrFallBackToDefault() throws Exception {
        Client c = Client.connect(apiId, null);
        JsonNode reply = c.ask("{\"action\":\"reply\",\"n\":1}");
        assertThat(reply.get("routeKey").asText()).isEqualTo("reply");
        JsonNode ctx = reply.get("event").get("requestContext");
        assertThat(ctx.get("eventType").asText()).isEqualTo("MESSAGE");
        assertThat(ctx.get("routeKey").asText()).isEqualTo("reply");
        assertThat(ctx.get("messageDirection").asText()).isEqualTo("IN");
        assertThat(ctx.get("stage").asText()).isEqualTo("prod");
        assertThat(ctx.get("apiId").asText()).isEqualTo(apiId);
        assertThat(ctx.get("connectionId").asText()).isNotBlank();
        assertThat(ctx.get("messageId").asText()).isNotBlank();
        assertThat(ctx.get("connectedAt").asLong()).isPositive();
        assertThat(ctx.get("identity").get("sourceIp").asText()).isEqualTo("127.0.0.1");
        assertThat(reply.get("event").get("body").asText()).isEqualTo("{\"action\":\"reply\",\"n\":1}");

        assertThat(c.ask("{\"action\":\"unknown\"}").get("routeKey").asText()).isEqualTo("$default");
        assertThat(c.ask("not json").get("routeKey").asText()).isEqualTo("$default");
        c.socket.sendClose(1000, "bye").join();
    }

    @Test
    void aConnectAuthorizerDecidesAndItsContextReachesEveryEvent() throws Exception {
        String api = apigw.createApi(b -> b.name("guarded").protocolType(ProtocolType.WEBSOCKET)
                .routeSelectionExpression("$request.body.action")).apiId();
        String authorizer = apigw.createAuthorizer(b -> b.apiId(api).name("token")
                .authorizerType(AuthorizerType.REQUEST).authorizerUri(authorizerArn)
                .identitySource("route.request.querystring.token")).authorizerId();
        String integration = apigw.createIntegration(b -> b.apiId(api).integrationType(IntegrationType.AWS_PROXY)
                .integrationUri(fnArn)).integrationId();
        apigw.createRoute(b -> b.apiId(api).routeKey("$connect").target("integrations/" + integration)
                .authorizationType(AuthorizationType.CUSTOM).authorizerId(authorizer));
        apigw.createRoute(b -> b.apiId(api).routeKey("reply").target("integrations/" + integration)
                .routeResponseSelectionExpression("$default"));
        apigw.createStage(b -> b.apiId(api).stageName("prod").autoDeploy(true));

        assertThat(handshakeStatus(api, null)).isEqualTo(401);
        assertThat(handshakeStatus(api, "token=wrong")).isEqualTo(403);
        Client c = Client.connect(api, "token=letmein");
        JsonNode auth = c.ask("{\"action\":\"reply\"}").get("event").get("requestContext").get("authorizer");
        assertThat(auth.get("principalId").asText()).isEqualTo("alice");
        assertThat(auth.get("team").asText()).isEqualTo("blue");
    }

    static int handshakeStatus(String api, String query) {
        try {
            Client.connect(api, query).socket.abort();
            return 101;
        } catch (CompletionException e) {
            return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
        }
    }

    @Test
    void aMessageNoRouteTakesIsForbidden() throws Exception {
        String strict = api("strict", "reply");
        Client c = Client.connect(strict, null);
        JsonNode forbidden = c.ask("{\"action\":\"other\"}");
        assertThat(forbidden.get("message").asText()).isEqualTo("Forbidden");
        assertThat(forbidden.get("connectionId").asText()).isNotBlank();
        assertThat(forbidden.get("requestId").asText()).isNotBlank();
        assertThat(c.ask("{\"action\":\"reply\"}").get("routeKey").asText()).isEqualTo("reply");
    }

    @Test
    void functionsPostBackThroughTheManagementApi() throws Exception {
        Client c = Client.connect(apiId, null);
        assertThat(c.ask("{\"action\":\"echo\",\"text\":\"hello\"}").get("echo").asText()).isEqualTo("hello");
    }

    @Test
    void managementApiGetsPostsAndDeletesConnections() throws Exception {
        Client c = Client.connect(apiId, null);
        String id = c.ask("{\"action\":\"reply\"}").get("event").get("requestContext").get("connectionId").asText();
        try (ApiGatewayManagementApiClient mgmt = management(apiId)) {
            GetConnectionResponse info = mgmt.getConnection(b -> b.connectionId(id));
            assertThat(info.identity().sourceIp()).isEqualTo("127.0.0.1");
            assertThat(info.identity().userAgent()).isNotNull();
            assertThat(info.connectedAt()).isNotNull();
            assertThat(info.lastActiveAt()).isAfterOrEqualTo(info.connectedAt());

            mgmt.postToConnection(b -> b.connectionId(id).data(SdkBytes.fromUtf8String("{\"pushed\":true}")));
            assertThat(c.next().get("pushed").asBoolean()).isTrue();
            assertThatThrownBy(() -> mgmt.postToConnection(b -> b.connectionId(id)
                    .data(SdkBytes.fromByteArray(new byte[128 * 1024 + 1]))))
                    .isInstanceOf(PayloadTooLargeException.class)
                    .satisfies(e -> assertThat(((PayloadTooLargeException) e).statusCode()).isEqualTo(413));

            mgmt.deleteConnection(b -> b.connectionId(id));
            assertThat(c.closed.get(30, TimeUnit.SECONDS)).isEqualTo(1000);
            JsonNode disconnect = disconnectEventOf(id);
            assertThat(disconnect.get("requestContext").get("eventType").asText()).isEqualTo("DISCONNECT");
            assertThat(disconnect.get("requestContext").get("routeKey").asText()).isEqualTo("$disconnect");
            assertThat(disconnect.get("requestContext").has("disconnectStatusCode")).isTrue();

            assertThatThrownBy(() -> mgmt.postToConnection(b -> b.connectionId(id)
                    .data(SdkBytes.fromUtf8String("late"))))
                    .isInstanceOf(GoneException.class)
                    .satisfies(e -> assertThat(((GoneException) e).statusCode()).isEqualTo(410));
            assertThatThrownBy(() -> mgmt.getConnection(b -> b.connectionId(id))).isInstanceOf(GoneException.class);
        }
    }

    @Test
    void clientCloseFiresDisconnectWithItsCode() throws Exception {
        Client c = Client.connect(apiId, null);
        String id = c.ask("{\"action\":\"reply\"}").get("event").get("requestContext").get("connectionId").asText();
        c.socket.sendClose(4001, "done").join();
        JsonNode ctx = disconnectEventOf(id).get("requestContext");
        assertThat(ctx.get("disconnectStatusCode").asInt()).isEqualTo(4001);
        assertThat(ctx.get("disconnectReason").asText()).isEqualTo("done");
    }

    @Test
    void messagesOver128KbCloseTheConnectionWith1009() throws Exception {
        Client c = Client.connect(apiId, null);
        String part = "x".repeat(30 * 1024);
        for (int i = 0; i < 5 && !c.closed.isDone(); i++) {
            c.socket.sendText(part, false).join();
        }
        assertThat(c.closed.get(30, TimeUnit.SECONDS)).isEqualTo(1009);
    }

    @Test
    void hostStyleAddressUpgradesAndFramesOver32KbCloseWith1009() throws Exception {
        try (Socket s = new Socket("localhost", stratus.endpoint().getPort())) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /prod HTTP/1.1\r\nHost: " + apiId + ".execute-api.localhost:" + stratus.endpoint().getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 101");

            // One masked text frame of 32 KB + 1 (the JDK client may split what it sends, so frames are written here).
            int length = 32 * 1024 + 1;
            out.write(new byte[] {(byte) 0x81, (byte) (0x80 | 126), (byte) (length >> 8), (byte) length, 1, 2, 3, 4});
            out.write(new byte[length]);
            out.flush();
            int opcode = in.read();
            int payloadLength = in.read();
            assertThat(opcode).isEqualTo(0x88);
            assertThat(payloadLength).isGreaterThanOrEqualTo(2);
            assertThat((in.read() << 8) | in.read()).isEqualTo(1009);
        }
    }

    @Test
    void managementApiAnswersAtTheHostStyleBaseToo() throws Exception {
        Client c = Client.connect(apiId, null);
        String id = c.ask("{\"action\":\"reply\"}").get("event").get("requestContext").get("connectionId").asText();
        String found = rawGet(apiId + ".execute-api.localhost", "/prod/@connections/"
                + URLEncoder.encode(id, StandardCharsets.UTF_8));
        assertThat(found).startsWith("HTTP/1.1 200").contains("\"connectedAt\"").contains("\"sourceIp\":\"127.0.0.1\"");
        String gone = rawGet(apiId + ".execute-api.localhost", "/prod/@connections/nosuchconnection%3D");
        assertThat(gone).startsWith("HTTP/1.1 410").containsIgnoringCase("x-amzn-ErrorType: GoneException");
    }

    /** A GET with this Host header (the JDK's HTTP client does not let tests set Host), whole answer as text. */
    private static String rawGet(String host, String path) throws Exception {
        try (Socket s = new Socket("localhost", stratus.endpoint().getPort())) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + stratus.endpoint().getPort()
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            String head = readHead(in);
            Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
            byte[] body = length.find() ? in.readNBytes(Integer.parseInt(length.group(1))) : new byte[0];
            return head + new String(body, StandardCharsets.UTF_8);
        }
    }

    private static String readHead(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).isNotNegative();
            head.append((char) b);
        }
        return head.toString();
    }

    /** The $disconnect event for this connection, which the function forwards to the queue. */
    static JsonNode disconnectEventOf(String connectionId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (Message m : sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(2).maxNumberOfMessages(10))
                    .messages()) {
                JsonNode event = JSON.readTree(m.body());
                if (event.get("requestContext").get("connectionId").asText().equals(connectionId)) {
                    return event;
                }
            }
        }
        throw new AssertionError("no $disconnect event for " + connectionId);
    }
}
