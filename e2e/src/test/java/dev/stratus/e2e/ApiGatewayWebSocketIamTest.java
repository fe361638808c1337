package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.platform.StratusConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.apigatewayv2.model.AuthorizationType;
import software.amazon.awssdk.services.apigatewayv2.model.IntegrationType;
import software.amazon.awssdk.services.apigatewayv2.model.ProtocolType;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * A WebSocket API whose $connect route is AWS_IAM, with strict authentication: the upgrade must be SigV4-signed,
 * in its headers or (as clients do for wss:// URLs) in its query string, with a known key.
 */
class ApiGatewayWebSocketIamTest {
    static final StratusServer stratus = StratusServer.start(StratusConfig.forTests()
            .withAuth(StratusConfig.AuthMode.STRICT, StrictAuthTest.credentialsFile()));
    static final ApiGatewayV2Client apigw = stratus.client(ApiGatewayV2Client.builder(), StrictAuthTest.KEY,
            StrictAuthTest.SECRET);
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();
    static String apiId;

    /** Answers every message with the identity API Gateway put in its event. */
    static final String FN = """
            import json
            def handler(event, context):
                return {"statusCode": 200, "body": json.dumps(event["requestContext"]["identity"])}
            """;

    @BeforeAll
    static void setUp() {
        String fn;
        try (LambdaClient lambda = stratus.client(LambdaClient.builder(), StrictAuthTest.KEY, StrictAuthTest.SECRET)) {
            fn = lambda.createFunction(b -> b.functionName("ws-iam").runtime(Runtime.PYTHON3_12)
                    .role("arn:aws:iam::" + StrictAuthTest.ACCOUNT + ":role/r").handler("app.handler")
                    .code(c -> c.zipFile(LambdaTest.zip(Map.of("app.py", FN))))).functionArn();
            lambda.waiter().waitUntilFunctionActiveV2(b -> b.functionName("ws-iam"));
        }
        apiId = apigw.createApi(b -> b.name("ws-iam").protocolType(ProtocolType.WEBSOCKET)
                .routeSelectionExpression("$request.body.action")).apiId();
        String integration = apigw.createIntegration(b -> b.apiId(apiId).integrationType(IntegrationType.AWS_PROXY)
                .integrationUri(fn)).integrationId();
        apigw.createRoute(b -> b.apiId(apiId).routeKey("$connect").target("integrations/" + integration)
                .authorizationType(AuthorizationType.AWS_IAM));
        apigw.createRoute(b -> b.apiId(apiId).routeKey("$default").target("integrations/" + integration)
                .routeResponseSelectionExpression("$default"));
        apigw.createStage(b -> b.apiId(apiId).stageName("prod").autoDeploy(true));
    }

    @AfterAll
    static void stop() {
        apigw.close();
        stratus.close();
    }

    /** The upgrade request signed for execute-api with this secret, in its headers or presigned in its query. */
    static SdkHttpRequest signed(String secret, boolean presigned) {
        return signed(StrictAuthTest.KEY, secret, presigned);
    }

    static SdkHttpRequest signed(String key, String secret, boolean presigned) {
        SdkHttpRequest request = unsigned();
        return AwsV4HttpSigner.create().sign(r -> {
            r.identity(AwsCredentialsIdentity.create(key, secret)).request(request)
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                    .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(Instant.now(), ZoneOffset.UTC));
            if (presigned) {
                r.putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, Duration.ofMinutes(5));
            }
        }).request();
    }

    /** A connection that queues the text messages it receives (whole, as the replies here are small). */
    static final class Client implements WebSocket.Listener {
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        WebSocket socket;

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            received.add(data.toString());
            ws.request(1);
            return null;
        }

        JsonNode ask(String message) throws Exception {
            socket.sendText(message, true).join();
            String reply = received.poll(30, TimeUnit.SECONDS);
            assertThat(reply).as("a reply within 30 s").isNotNull();
            return JSON.readTree(reply);
        }
    }

    /** Connects with the request's URL (as ws://) and headers; the client sends its own Host. */
    static Client connect(SdkHttpRequest signed) {
        URI uri = URI.create(signed.getUri().toString().replaceFirst("^http", "ws"));
        WebSocket.Builder builder = HTTP.newWebSocketBuilder();
        signed.forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("Host")) {
                values.forEach(v -> builder.header(name, v));
            }
        });
        Client client = new Client();
        client.socket = builder.buildAsync(uri, client).join();
        return client;
    }

    static SdkHttpRequest unsigned() {
        URI endpoint = stratus.endpoint();
        return SdkHttpRequest.builder().protocol("http").host(endpoint.getHost()).port(endpoint.getPort())
                .method(SdkHttpMethod.GET).encodedPath("/_aws/execute-api/" + apiId + "/prod").build();
    }

    static int refusal(SdkHttpRequest signed) {
        try {
            connect(signed).socket.abort();
            return 101;
        } catch (CompletionException e) {
            return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
        }
    }

    @Test
    void unsignedAndForgedUpgradesAreRefusedWith403() {
        assertThat(refusal(unsigned())).isEqualTo(403);
        assertThat(refusal(signed("not-the-secret", false))).isEqualTo(403);
        assertThat(refusal(signed("not-the-secret", true))).isEqualTo(403);
    }

    @Test
    void aPresignedUrlConnectsAndTheSignerIsTheIdentity() throws Exception {
        Client client = connect(signed(StrictAuthTest.SECRET, true));
        JsonNode identity = client.ask("{\"action\":\"whoami\"}");
        assertThat(identity.get("accessKey").asText()).isEqualTo(StrictAuthTest.KEY);
        assertThat(identity.get("accountId").asText()).isEqualTo(StrictAuthTest.ACCOUNT);
        assertThat(identity.get("userArn").asText()).startsWith("arn:aws:iam::" + StrictAuthTest.ACCOUNT + ":");
        client.socket.sendClose(1000, "").join();
    }

    @Test
    void identityPoliciesDecideWhichSignersConnect() {
        AccessKey allowed;
        AccessKey denied;
        try (IamClient iam = stratus.client(IamClient.builder(), StrictAuthTest.KEY, StrictAuthTest.SECRET)) {
            allowed = user(iam, "ws-allowed", """
                    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "execute-api:Invoke",
                      "Resource": "arn:aws:execute-api:us-east-1:%s:%s/prod/$connect"}]}"""
                    .formatted(StrictAuthTest.ACCOUNT, apiId));
            denied = user(iam, "ws-other-stage", """
                    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "execute-api:Invoke",
                      "Resource": "arn:aws:execute-api:us-east-1:%s:%s/dev/$connect"}]}"""
                    .formatted(StrictAuthTest.ACCOUNT, apiId));
        }
        assertThat(refusal(signed(allowed.accessKeyId(), allowed.secretAccessKey(), true))).isEqualTo(101);
        assertThat(refusal(signed(denied.accessKeyId(), denied.secretAccessKey(), true))).isEqualTo(403);
    }

    private static AccessKey user(IamClient iam, String name, String policy) {
        iam.createUser(u -> u.userName(name));
        iam.putUserPolicy(p -> p.userName(name).policyName("connect").policyDocument(policy));
        return iam.createAccessKey(k -> k.userName(name)).accessKey();
    }

    @Test
    void aSignedAuthorizationHeaderConnectsToo() throws Exception {
        Client client = connect(signed(StrictAuthTest.SECRET, false));
        assertThat(client.ask("{}").get("accessKey").asText()).isEqualTo(StrictAuthTest.KEY);
        client.socket.sendClose(1000, "").join();
    }
}
