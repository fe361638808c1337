package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;

/** Deployed REST APIs invoked over HTTP on the edge's port: Lambda proxy events and responses, MOCK, failures. */
class ApiGatewayInvokeTest {
    static final StratusServer stratus = StratusServer.start();
    static final ApiGatewayClient apigw = ApiGatewayControlPlaneTest.client(stratus);
    static final LambdaClient lambda = stratus.client(LambdaClient.builder());
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final ObjectMapper JSON = new ObjectMapper();

    static final String ECHO = """
            import base64, json
            def handler(event, context):
                path = event["path"]
                if path == "/boom":
                    raise RuntimeError("boom")
                if path == "/malformed":
                    return {"statusCode": 200, "body": {"not": "a string"}}
                if path == "/binary":
                    return {"statusCode": 200, "headers": {"Content-Type": "application/octet-stream"},
                            "body": base64.b64encode(b"\\x00\\x01hi").decode(), "isBase64Encoded": True}
                return {"statusCode": 201, "headers": {"X-Echo": "yes", "X-Both": "single"},
                        "multiValueHeaders": {"X-Multi": ["a", "b"], "X-Both": ["multi"]},
                        "body": json.dumps(event)}
            """;

    static String apiId;
    static String proxyResourceId;
    static String petResourceId;

    @BeforeAll
    static void deploy() {
        lambda.createFunction(b -> b.functionName("api-echo").runtime(Runtime.PYTHON3_12)
                .role("arn:aws:iam::000000000000:role/r").handler("app.handler")
                .code(c -> c.zipFile(LambdaTest.zip(Map.of("app.py", ECHO)))));
        lambda.waiter().waitUntilFunctionActiveV2(b -> b.functionName("api-echo"));
        String uri = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                + "arn:aws:lambda:us-east-1:000000000000:function:api-echo/invocations";
        var api = apigw.createRestApi(b -> b.name("echo-api"));
        apiId = api.id();
        var proxy = apigw.createResource(b -> b.restApiId(apiId).parentId(api.rootResourceId()).pathPart("{proxy+}"));
        proxyResourceId = proxy.id();
        apigw.putMethod(b -> b.restApiId(apiId).resourceId(proxy.id()).httpMethod("ANY").authorizationType("NONE"));
        apigw.putIntegration(b -> b.restApiId(apiId).resourceId(proxy.id()).httpMethod("ANY")
                .type(IntegrationType.AWS_PROXY).integrationHttpMethod("POST").uri(uri));
        var pets = apigw.createResource(b -> b.restApiId(apiId).parentId(api.rootResourceId()).pathPart("pets"));
        var pet = apigw.createResource(b -> b.restApiId(apiId).parentId(pets.id()).pathPart("{petId}"));
        petResourceId = pet.id();
        apigw.putMethod(b -> b.restApiId(apiId).resourceId(pet.id()).httpMethod("GET").authorizationType("NONE"));
        apigw.putIntegration(b -> b.restApiId(apiId).resourceId(pet.id()).httpMethod("GET")
                .type(IntegrationType.AWS_PROXY).integrationHttpMethod("POST").uri(uri));
        var mock = apigw.createResource(b -> b.restApiId(apiId).parentId(api.rootResourceId()).pathPart("mock"));
        apigw.putMethod(b -> b.restApiId(apiId).resourceId(mock.id()).httpMethod("GET").authorizationType("NONE"));
        apigw.putIntegration(b -> b.restApiId(apiId).resourceId(mock.id()).httpMethod("GET")
                .type(IntegrationType.MOCK).requestTemplates(Map.of("application/json", "{\"statusCode\": 200}")));
        apigw.putMethodResponse(b -> b.restApiId(apiId).resourceId(mock.id()).httpMethod("GET").statusCode("200")
                .responseParameters(Map.of("method.response.header.X-Mock", false)));
        apigw.putIntegrationResponse(b -> b.restApiId(apiId).resourceId(mock.id()).httpMethod("GET")
                .statusCode("200").responseTemplates(Map.of("application/json", "{\"mocked\": true}"))
                .responseParameters(Map.of("method.response.header.X-Mock", "'yes'")));
        apigw.createDeployment(b -> b.restApiId(apiId).stageName("dev").variables(Map.of("color", "blue")));
    }

    @AfterAll
    static void stop() {
        stratus.close();
    }

    static String base() {
        return stratus.endpoint().toString();
    }

    static HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)));
    }

    @Test
    void lambdaProxyEventIsBuiltAsAwsBuildsIt() throws IOException {
        long before = Instant.now().toEpochMilli();
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base() + "/restapis/" + apiId
                        + "/dev/_user_request_/hello/world?a=1&a=2&b=x%20y"))
                .POST(HttpRequest.BodyPublishers.ofString("hello body"))
                .header("Content-Type", "text/plain").header("X-Custom", "v1").header("X-Custom", "v2")
                .header("User-Agent", "echo-test/1.0"));
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.headers().firstValue("X-Echo")).hasValue("yes");
        assertThat(r.headers().allValues("X-Multi")).containsExactly("a", "b");
        assertThat(r.headers().allValues("X-Both")).containsExactly("multi");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        String requestId = r.headers().firstValue("x-amzn-RequestId").orElseThrow();
        String apigwId = r.headers().firstValue("x-amz-apigw-id").orElseThrow();

        JsonNode e = JSON.readTree(r.body());
        assertThat(e.get("resource").asText()).isEqualTo("/{proxy+}");
        assertThat(e.get("path").asText()).isEqualTo("/hello/world");
        assertThat(e.get("httpMethod").asText()).isEqualTo("POST");
        assertThat(e.get("headers").get("X-Custom").asText()).isEqualTo("v2");
        assertThat(e.get("headers").get("User-Agent").asText()).isEqualTo("echo-test/1.0");
        assertThat(e.get("headers").get("X-Forwarded-For").asText()).isEqualTo("127.0.0.1");
        assertThat(e.get("headers").get("X-Forwarded-Proto").asText()).isEqualTo("http");
        assertThat(e.get("headers").get("X-Forwarded-Port").asText())
                .isEqualTo(Integer.toString(stratus.endpoint().getPort()));
        assertThat(e.get("headers").get("X-Amzn-Trace-Id").asText()).matches("Root=1-[0-9a-f]{8}-[0-9a-f]{24}");
        assertThat(e.get("multiValueHeaders").get("X-Custom")).hasSize(2);
        assertThat(e.get("multiValueHeaders").get("X-Custom").get(0).asText()).isEqualTo("v1");
        assertThat(e.get("multiValueHeaders").get("X-Custom").get(1).asText()).isEqualTo("v2");
        assertThat(e.get("queryStringParameters").toString()).isEqualTo("{\"a\":\"2\",\"b\":\"x y\"}");
        assertThat(e.get("multiValueQueryStringParameters").toString())
                .isEqualTo("{\"a\":[\"1\",\"2\"],\"b\":[\"x y\"]}");
        assertThat(e.get("pathParameters").toString()).isEqualTo("{\"proxy\":\"hello/world\"}");
        assertThat(e.get("stageVariables").toString()).isEqualTo("{\"color\":\"blue\"}");
        assertThat(e.get("body").asText()).isEqualTo("hello body");
        assertThat(e.get("isBase64Encoded").asBoolean()).isFalse();

        JsonNode c = e.get("requestContext");
        assertThat(c.get("resourceId").asText()).isEqualTo(proxyResourceId);
        assertThat(c.get("resourcePath").asText()).isEqualTo("/{proxy+}");
        assertThat(c.get("httpMethod").asText()).isEqualTo("POST");
        assertThat(c.get("extendedRequestId").asText()).isEqualTo(apigwId);
        assertThat(c.get("requestTime").asText()).matches("\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000");
        assertThat(c.get("path").asText()).isEqualTo("/dev/hello/world");
        assertThat(c.get("accountId").asText()).isEqualTo("000000000000");
        assertThat(c.get("protocol").asText()).isEqualTo("HTTP/1.1");
        assertThat(c.get("stage").asText()).isEqualTo("dev");
        String host = stratus.endpoint().getHost();
        assertThat(c.get("domainName").asText()).isEqualTo(host);
        assertThat(c.get("domainPrefix").asText()).isEqualTo(host.split("\\.")[0]);
        assertThat(c.get("requestTimeEpoch").asLong()).isBetween(before - 1000, Instant.now().toEpochMilli());
        assertThat(c.get("requestId").asText()).isEqualTo(requestId);
        assertThat(c.get("apiId").asText()).isEqualTo(apiId);
        JsonNode identity = c.get("identity");
        assertThat(identity.get("sourceIp").asText()).isEqualTo("127.0.0.1");
        assertThat(identity.get("userAgent").asText()).isEqualTo("echo-test/1.0");
        for (String absent : new String[] {"cognitoIdentityPoolId", "accountId", "cognitoIdentityId", "caller",
                "principalOrgId", "accessKey", "cognitoAuthenticationType", "cognitoAuthenticationProvider",
                "userArn", "user"}) {
            assertThat(identity.has(absent) && identity.get(absent).isNull()).as(absent).isTrue();
        }
    }

    @Test
    void awsExecuteApiPathAndHostHeaderReachTheSameApi() throws IOException {
        HttpResponse<String> r = get(base() + "/_aws/execute-api/" + apiId + "/dev/pets/7");
        assertThat(r.statusCode()).isEqualTo(201);
        JsonNode e = JSON.readTree(r.body());
        assertThat(e.get("resource").asText()).isEqualTo("/pets/{petId}");
        assertThat(e.get("pathParameters").toString()).isEqualTo("{\"petId\":\"7\"}");
        assertThat(e.get("requestContext").get("resourceId").asText()).isEqualTo(petResourceId);
        assertThat(e.get("queryStringParameters").isNull()).isTrue();
        assertThat(e.get("multiValueQueryStringParameters").isNull()).isTrue();
        assertThat(e.get("body").isNull()).isTrue();

        // Deeper than /pets/{petId} only the greedy proxy matches.
        JsonNode deeper = JSON.readTree(get(base() + "/_aws/execute-api/" + apiId + "/dev/pets/7/toys").body());
        assertThat(deeper.get("resource").asText()).isEqualTo("/{proxy+}");
        assertThat(deeper.get("pathParameters").get("proxy").asText()).isEqualTo("pets/7/toys");

        String host = apiId + ".execute-api.localhost:" + stratus.endpoint().getPort();
        RawResponse raw = raw("GET /dev/pets/8 HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
        assertThat(raw.status).isEqualTo(201);
        JsonNode byHost = JSON.readTree(raw.body);
        assertThat(byHost.get("path").asText()).isEqualTo("/pets/8");
        assertThat(byHost.get("requestContext").get("domainName").asText())
                .isEqualTo(apiId + ".execute-api.localhost");
        assertThat(byHost.get("requestContext").get("domainPrefix").asText()).isEqualTo(apiId);
        assertThat(byHost.get("requestContext").get("path").asText()).isEqualTo("/dev/pets/8");
    }

    @Test
    void binaryBodiesAreDecoded() {
        var r = send(HttpRequest.newBuilder(URI.create(base() + "/_aws/execute-api/" + apiId + "/dev/binary")));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(r.body().getBytes(StandardCharsets.ISO_8859_1)).isNotEmpty();
        assertThat(r.body()).endsWith("hi").startsWith("\u0000\u0001");
    }

    @Test
    void failuresAnswerAsApiGatewayDoes() {
        HttpResponse<String> boom = get(base() + "/_aws/execute-api/" + apiId + "/dev/boom");
        assertThat(boom.statusCode()).isEqualTo(502);
        assertThat(boom.body()).isEqualTo("{\"message\":\"Internal server error\"}");
        assertThat(boom.headers().firstValue("x-amzn-ErrorType")).hasValue("InternalServerErrorException");
        assertThat(boom.headers().firstValue("x-amz-apigw-id")).isPresent();

        HttpResponse<String> malformed = get(base() + "/_aws/execute-api/" + apiId + "/dev/malformed");
        assertThat(malformed.statusCode()).isEqualTo(502);
        assertThat(malformed.body()).isEqualTo("{\"message\":\"Internal server error\"}");

        // /mock answers GET only; the less specific /{proxy+} ANY does not take over its other methods.
        HttpResponse<String> noMethod = send(HttpRequest.newBuilder(URI.create(base() + "/_aws/execute-api/" + apiId
                + "/dev/mock")).DELETE());
        assertThat(noMethod.statusCode()).isEqualTo(403);
        assertThat(noMethod.body()).isEqualTo("{\"message\":\"Missing Authentication Token\"}");
        assertThat(noMethod.headers().firstValue("x-amzn-ErrorType")).hasValue("MissingAuthenticationTokenException");
        assertThat(get(base() + "/_aws/execute-api/" + apiId + "/dev/").statusCode()).isEqualTo(403);

        HttpResponse<String> noStage = get(base() + "/_aws/execute-api/" + apiId + "/nope/x");
        assertThat(noStage.statusCode()).isEqualTo(403);
        assertThat(noStage.body()).isEqualTo("{\"message\":\"Forbidden\"}");
        assertThat(get(base() + "/_aws/execute-api/zzzzzzzzzz/dev/x").body()).isEqualTo("{\"message\":\"Forbidden\"}");
    }

    @Test
    void lambdaFailuresOfConfigurationAre500() {
        var api = apigw.createRestApi(b -> b.name("missing-fn"));
        apigw.putMethod(b -> b.restApiId(api.id()).resourceId(api.rootResourceId()).httpMethod("GET")
                .authorizationType("NONE"));
        apigw.putIntegration(b -> b.restApiId(api.id()).resourceId(api.rootResourceId()).httpMethod("GET")
                .type(IntegrationType.AWS_PROXY).integrationHttpMethod("POST")
                .uri("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                        + "arn:aws:lambda:us-east-1:000000000000:function:does-not-exist/invocations"));
        apigw.createDeployment(b -> b.restApiId(api.id()).stageName("dev"));
        HttpResponse<String> r = get(base() + "/_aws/execute-api/" + api.id() + "/dev");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("{\"message\":\"Internal server error\"}");
    }

    @Test
    void mockAnswersFromItsTemplatesAndInvocationsUseTheDeployedTree() {
        HttpResponse<String> r = get(base() + "/restapis/" + apiId + "/dev/_user_request_/mock");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"mocked\": true}");
        assertThat(r.headers().firstValue("X-Mock")).hasValue("yes");

        var api = apigw.createRestApi(b -> b.name("snapshots"));
        var first = apigw.createResource(b -> b.restApiId(api.id()).parentId(api.rootResourceId()).pathPart("first"));
        mockGet(api.id(), first.id());
        apigw.createDeployment(b -> b.restApiId(api.id()).stageName("v1"));
        var later = apigw.createResource(b -> b.restApiId(api.id()).parentId(api.rootResourceId()).pathPart("later"));
        mockGet(api.id(), later.id());
        String url = base() + "/_aws/execute-api/" + api.id() + "/v1/";
        assertThat(get(url + "first").statusCode()).isEqualTo(200);
        assertThat(get(url + "later").statusCode()).isEqualTo(403);
        apigw.createDeployment(b -> b.restApiId(api.id()).stageName("v1"));
        assertThat(get(url + "later").statusCode()).isEqualTo(200);
    }

    @Test
    void httpProxyForwardsToTheIntegrationUriWithStageVariables() {
        // The upstream is this server's own MOCK method, reached through another API's greedy HTTP_PROXY.
        var api = apigw.createRestApi(b -> b.name("forwarder"));
        var proxy = apigw.createResource(b -> b.restApiId(api.id()).parentId(api.rootResourceId())
                .pathPart("{proxy+}"));
        apigw.putMethod(b -> b.restApiId(api.id()).resourceId(proxy.id()).httpMethod("ANY")
                .authorizationType("NONE"));
        apigw.putIntegration(b -> b.restApiId(api.id()).resourceId(proxy.id()).httpMethod("ANY")
                .type(IntegrationType.HTTP_PROXY).integrationHttpMethod("ANY")
                .uri("http://${stageVariables.upstream}/dev/{proxy}"));
        String upstream = stratus.endpoint().getAuthority() + "/_aws/execute-api/" + apiId;
        apigw.createDeployment(b -> b.restApiId(api.id()).stageName("fwd").variables(Map.of("upstream", upstream)));
        HttpResponse<String> r = get(base() + "/_aws/execute-api/" + api.id() + "/fwd/mock");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"mocked\": true}");
        assertThat(r.headers().firstValue("X-Mock")).hasValue("yes");
    }

    static void mockGet(String api, String resource) {
        apigw.putMethod(b -> b.restApiId(api).resourceId(resource).httpMethod("GET").authorizationType("NONE"));
        apigw.putIntegration(b -> b.restApiId(api).resourceId(resource).httpMethod("GET")
                .type(IntegrationType.MOCK).requestTemplates(Map.of("application/json", "{\"statusCode\": 200}")));
        apigw.putMethodResponse(b -> b.restApiId(api).resourceId(resource).httpMethod("GET").statusCode("200"));
        apigw.putIntegrationResponse(b -> b.restApiId(api).resourceId(resource).httpMethod("GET").statusCode("200"));
    }

    record RawResponse(int status, String body) {
    }

    /** One HTTP/1.1 exchange over a socket: java.net.http refuses to set the Host header. */
    static RawResponse raw(String request) throws IOException {
        return raw(stratus.endpoint().getPort(), request);
    }

    /** The same exchange with the server on the given port. */
    static RawResponse raw(int port, String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            // Read the head byte by byte, then exactly Content-Length bytes: the server keeps the connection open.
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.append((char) b);
            }
            int status = Integer.parseInt(head.substring(9, 12));
            int length = 0;
            for (String line : head.toString().split("\r\n")) {
                if (line.toLowerCase().startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).strip());
                }
            }
            String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            return new RawResponse(status, body);
        }
    }
}
