package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.apigatewayv2.model.IntegrationType;
import software.amazon.awssdk.services.apigatewayv2.model.ProtocolType;
import software.amazon.awssdk.services.apigatewayv2.model.RouteSettings;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;

/** Invoking HTTP APIs: stages, route selection, payload formats 1.0 and 2.0, HTTP_PROXY, throttling and CORS. */
class ApiGatewayHttpApiInvokeTest {
    static final StratusServer stratus = StratusServer.start();
    static final ApiGatewayV2Client apigw = ApiGatewayHttpApiControlPlaneTest.client(stratus);
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final ObjectMapper JSON = new ObjectMapper();
    static String fnArn;

    static final String FN = """
            import json, base64, time
            def handler(event, context):
                path = event.get("rawPath") or event.get("path")
                if path.endswith("/slow"):
                    time.sleep(2)
                if path.endswith("/boom"):
                    raise RuntimeError("boom")
                if path.endswith("/plain"):
                    return {"hello": "world"}
                if path.endswith("/text"):
                    return "just text"
                if path.endswith("/binary"):
                    return {"statusCode": 201, "isBase64Encoded": True, "body": base64.b64encode(b"\\x00\\x01").decode(),
                            "headers": {"content-type": "application/octet-stream"}, "cookies": ["a=1", "b=2"]}
                return {"statusCode": 200, "headers": {"content-type": "application/json",
                        "access-control-allow-origin": "https://backend.example"}, "body": json.dumps(event)}
            """;

    @BeforeAll
    static void function() {
        try (LambdaClient lambda = stratus.client(LambdaClient.builder())) {
            fnArn = lambda.createFunction(b -> b.functionName("http-api-echo").runtime(Runtime.PYTHON3_12)
                    .role("arn:aws:iam::000000000000:role/r").handler("app.handler")
                    .code(c -> c.zipFile(LambdaTest.zip(Map.of("app.py", FN))))).functionArn();
            lambda.waiter().waitUntilFunctionActiveV2(b -> b.functionName("http-api-echo"));
        }
    }

    @AfterAll
    static void stop() {
        apigw.close();
        stratus.close();
    }

    static String base(String apiId) {
        return base(stratus, apiId);
    }

    static String base(StratusServer server, String apiId) {
        return server.endpoint() + "/_aws/execute-api/" + apiId;
    }

    static HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String integration(String api, String version) {
        return apigw.createIntegration(b -> b.apiId(api).integrationType(IntegrationType.AWS_PROXY)
                .integrationUri(fnArn).payloadFormatVersion(version)).integrationId();
    }

    static void route(String api, String key, String integrationId) {
        apigw.createRoute(b -> b.apiId(api).routeKey(key).target("integrations/" + integrationId));
    }

    @Test
    void mostSpecificRouteWinsAndDefaultCatchesTheRest() throws Exception {
        String api = apigw.createApi(b -> b.name("routing").protocolType(ProtocolType.HTTP)).apiId();
        String fn = integration(api, "2.0");
        for (String key : new String[] {"GET /items/{id}", "GET /items/special", "ANY /items/{proxy+}",
                "GET /items/{id}/parts/{part}", "ANY /items/{id}/parts/{part}"}) {
            route(api, key, fn);
        }
        apigw.createStage(b -> b.apiId(api).stageName("$default").autoDeploy(true));

        assertThat(routeKey(get(base(api) + "/items/special"))).isEqualTo("GET /items/special");
        JsonNode byId = JSON.readTree(get(base(api) + "/items/42").body());
        assertThat(byId.get("routeKey").asText()).isEqualTo("GET /items/{id}");
        assertThat(byId.get("pathParameters").toString()).isEqualTo("{\"id\":\"42\"}");
        assertThat(routeKey(get(base(api) + "/items/1/parts/2"))).isEqualTo("GET /items/{id}/parts/{part}");
        JsonNode greedy = JSON.readTree(get(base(api) + "/items/a/b/c").body());
        assertThat(greedy.get("routeKey").asText()).isEqualTo("ANY /items/{proxy+}");
        assertThat(greedy.get("pathParameters").get("proxy").asText()).isEqualTo("a/b/c");
        HttpResponse<String> delete = http.send(HttpRequest.newBuilder(URI.create(base(api) + "/items/42")).DELETE()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(routeKey(delete)).isEqualTo("ANY /items/{proxy+}");

        HttpResponse<String> none = get(base(api) + "/elsewhere");
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(none.body()).isEqualTo("{\"message\":\"Not Found\"}");
        route(api, "$default", fn);
        assertThat(routeKey(get(base(api) + "/elsewhere"))).isEqualTo("$default");
    }

    static String routeKey(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).get("routeKey").asText();
    }

    @Test
    void namedStagesServeTheirDeploymentUnderTheirName() throws Exception {
        String api = apigw.createApi(b -> b.name("stages").protocolType(ProtocolType.HTTP)).apiId();
        String fn = integration(api, "2.0");
        route(api, "GET /a", fn);
        apigw.createStage(b -> b.apiId(api).stageName("prod").stageVariables(Map.of("color", "blue")));
        assertThat(get(base(api) + "/prod/a").statusCode()).isEqualTo(404);
        apigw.createDeployment(b -> b.apiId(api).stageName("prod"));
        route(api, "GET /b", fn);

        HttpResponse<String> r = get(base(api) + "/prod/a?x=1");
        JsonNode e = JSON.readTree(r.body());
        assertThat(e.get("rawPath").asText()).isEqualTo("/prod/a");
        assertThat(e.get("rawQueryString").asText()).isEqualTo("x=1");
        assertThat(e.get("stageVariables").toString()).isEqualTo("{\"color\":\"blue\"}");
        assertThat(e.get("headers").get("x-forwarded-port").asText())
                .isEqualTo(Integer.toString(stratus.endpoint().getPort()));
        assertThat(e.get("headers").get("x-forwarded-for").asText()).isEqualTo("127.0.0.1");
        JsonNode c = e.get("requestContext");
        assertThat(c.get("stage").asText()).isEqualTo("prod");
        assertThat(c.get("http").get("path").asText()).isEqualTo("/prod/a");
        assertThat(c.get("accountId").asText()).isEqualTo("000000000000");
        assertThat(c.get("domainName").asText()).isEqualTo(stratus.endpoint().getHost());
        assertThat(c.get("domainPrefix").asText()).isEqualTo(stratus.endpoint().getHost().split("\\.")[0]);
        assertThat(c.get("timeEpoch").asLong()).isPositive();
        assertThat(r.headers().firstValue("apigw-requestid")).contains(c.get("requestId").asText());
        assertThat(get(base(api) + "/prod/b").statusCode()).as("not deployed yet").isEqualTo(404);
        assertThat(get(base(api) + "/a").statusCode()).as("no $default stage").isEqualTo(404);
        apigw.createDeployment(b -> b.apiId(api).stageName("prod"));
        assertThat(get(base(api) + "/prod/b").statusCode()).isEqualTo(200);
    }

    @Test
    void payload2RepliesAndErrors() throws Exception {
        String api = apigw.createApi(b -> b.name("replies").protocolType(ProtocolType.HTTP).target(fnArn)).apiId();
        HttpResponse<String> plain = get(base(api) + "/plain");
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().firstValue("content-type")).contains("application/json");
        assertThat(plain.body()).isEqualTo("{\"hello\": \"world\"}");
        assertThat(get(base(api) + "/text").body()).isEqualTo("just text");
        HttpResponse<byte[]> binary = http.send(HttpRequest.newBuilder(URI.create(base(api) + "/binary")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(binary.statusCode()).isEqualTo(201);
        assertThat(binary.body()).containsExactly(0, 1);
        assertThat(binary.headers().allValues("set-cookie")).containsExactly("a=1", "b=2");
        HttpResponse<String> boom = get(base(api) + "/boom");
        assertThat(boom.statusCode()).isEqualTo(500);
        assertThat(boom.body()).isEqualTo("{\"message\":\"Internal Server Error\"}");
        HttpResponse<String> body = http.send(HttpRequest.newBuilder(URI.create(base(api) + "/upload"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1, 2, 3})).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode e = JSON.readTree(body.body());
        assertThat(e.get("isBase64Encoded").asBoolean()).isTrue();
        assertThat(e.get("body").asText()).isEqualTo("AQID");
    }

    @Test
    void integrationTimeoutAndDisabledEndpoint() throws Exception {
        String api = apigw.createApi(b -> b.name("slow").protocolType(ProtocolType.HTTP)).apiId();
        String fn = apigw.createIntegration(b -> b.apiId(api).integrationType(IntegrationType.AWS_PROXY)
                .integrationUri(fnArn).payloadFormatVersion("2.0").timeoutInMillis(200)).integrationId();
        route(api, "GET /slow", fn);
        apigw.createStage(b -> b.apiId(api).stageName("$default").autoDeploy(true));
        HttpResponse<String> slow = get(base(api) + "/slow");
        assertThat(slow.statusCode()).isEqualTo(503);
        assertThat(slow.body()).isEqualTo("{\"message\":\"Service Unavailable\"}");
        apigw.updateApi(b -> b.apiId(api).disableExecuteApiEndpoint(true));
        HttpResponse<String> disabled = get(base(api) + "/slow");
        assertThat(disabled.statusCode()).isEqualTo(403);
        assertThat(disabled.body()).isEqualTo("{\"message\":\"Forbidden\"}");
    }

    @Test
    void payload1EventForVersion1Integrations() throws Exception {
        String api = apigw.createApi(b -> b.name("v1").protocolType(ProtocolType.HTTP)).apiId();
        route(api, "GET /pets/{petId}", integration(api, "1.0"));
        apigw.createStage(b -> b.apiId(api).stageName("$default").autoDeploy(true));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base(api) + "/pets/7?q=1&q=2"))
                .header("X-Multi", "a").header("X-Multi", "b").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode e = JSON.readTree(r.body());
        assertThat(e.get("version").asText()).isEqualTo("1.0");
        assertThat(e.get("resource").asText()).isEqualTo("/pets/{petId}");
        assertThat(e.get("path").asText()).isEqualTo("/pets/7");
        assertThat(e.get("httpMethod").asText()).isEqualTo("GET");
        assertThat(e.get("pathParameters").toString()).isEqualTo("{\"petId\":\"7\"}");
        assertThat(e.get("multiValueQueryStringParameters").get("q").toString()).isEqualTo("[\"1\",\"2\"]");
        assertThat(e.get("multiValueHeaders").get("X-Multi").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(e.get("requestContext").get("resourcePath").asText()).isEqualTo("/pets/{petId}");
        assertThat(e.get("requestContext").get("stage").asText()).isEqualTo("$default");
        assertThat(e.get("requestContext").get("authorizer").toString()).isEqualTo("{\"claims\":null,\"scopes\":null}");
        assertThat(e.get("body").isNull()).isTrue();
    }

    @Test
    void throttlingPerStageAndRoute() throws Exception {
        String api = apigw.createApi(b -> b.name("throttle").protocolType(ProtocolType.HTTP)).apiId();
        String fn = integration(api, "2.0");
        route(api, "GET /limited", fn);
        route(api, "GET /closed", fn);
        route(api, "GET /open", fn);
        apigw.createStage(b -> b.apiId(api).stageName("$default").autoDeploy(true)
                .defaultRouteSettings(s -> s.throttlingBurstLimit(2).throttlingRateLimit(0.001))
                .routeSettings(Map.of("GET /closed", RouteSettings.builder().throttlingBurstLimit(0)
                                .throttlingRateLimit(0.0).build(),
                        "GET /open", RouteSettings.builder().throttlingBurstLimit(100).throttlingRateLimit(100.0)
                                .build())));
        assertThat(get(base(api) + "/limited").statusCode()).isEqualTo(200);
        assertThat(get(base(api) + "/limited").statusCode()).isEqualTo(200);
        HttpResponse<String> third = get(base(api) + "/limited");
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.body()).isEqualTo("{\"message\":\"Too Many Requests\"}");
        assertThat(get(base(api) + "/closed").statusCode()).isEqualTo(429);
        for (int i = 0; i < 3; i++) {
            assertThat(get(base(api) + "/open").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void corsPreflightAndResponseHeaders() throws Exception {
        String api = apigw.createApi(b -> b.name("cors").protocolType(ProtocolType.HTTP).target(fnArn)
                .corsConfiguration(c -> c.allowOrigins("https://app.example").allowMethods("GET", "POST")
                        .allowHeaders("content-type", "authorization").exposeHeaders("x-total")
                        .maxAge(600).allowCredentials(true))).apiId();
        HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(URI.create(base(api) + "/boom"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://app.example")
                .header("Access-Control-Request-Method", "POST").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).as("answered without invoking the route").isEqualTo(204);
        assertThat(preflight.headers().firstValue("access-control-allow-origin")).contains("https://app.example");
        assertThat(preflight.headers().firstValue("access-control-allow-methods")).contains("GET,POST");
        assertThat(preflight.headers().firstValue("access-control-allow-headers"))
                .contains("content-type,authorization");
        assertThat(preflight.headers().firstValue("access-control-max-age")).contains("600");
        assertThat(preflight.headers().firstValue("access-control-allow-credentials")).contains("true");

        HttpResponse<String> other = http.send(HttpRequest.newBuilder(URI.create(base(api) + "/x"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "GET").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(other.statusCode()).isEqualTo(204);
        assertThat(other.headers().firstValue("access-control-allow-origin")).isEmpty();

        HttpResponse<String> actual = http.send(HttpRequest.newBuilder(URI.create(base(api) + "/x"))
                .header("Origin", "https://app.example").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(actual.statusCode()).isEqualTo(200);
        assertThat(actual.headers().allValues("access-control-allow-origin")).containsExactly("https://app.example");
        assertThat(actual.headers().firstValue("access-control-expose-headers")).contains("x-total");
        assertThat(actual.headers().firstValue("access-control-allow-credentials")).contains("true");
        HttpResponse<String> noOrigin = get(base(api) + "/x");
        assertThat(noOrigin.headers().firstValue("access-control-allow-origin")).as("backend's header dropped")
                .isEmpty();
    }

    @Test
    void httpProxyWithParameterMapping() throws Exception {
        HttpServer backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        backend.createContext("/", ex -> {
            String seen = ex.getRequestMethod() + " " + ex.getRequestURI() + " extra="
                    + ex.getRequestHeaders().get("X-Extra") + " gone=" + ex.getRequestHeaders().getFirst("X-Gone");
            byte[] body = seen.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("X-Backend", "yes");
            ex.sendResponseHeaders(207, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        backend.start();
        try {
            String url = "http://127.0.0.1:" + backend.getAddress().getPort();
            String api = apigw.createApi(b -> b.name("proxy").protocolType(ProtocolType.HTTP)).apiId();
            String plain = apigw.createIntegration(b -> b.apiId(api).integrationType(IntegrationType.HTTP_PROXY)
                    .integrationMethod("ANY").integrationUri(url + "/base/{proxy}")).integrationId();
            String mapped = apigw.createIntegration(b -> b.apiId(api).integrationType(IntegrationType.HTTP_PROXY)
                    .integrationMethod("POST").integrationUri(url + "/ignored")
                    .requestParameters(Map.of("overwrite:path", "/mapped/$request.path.id",
                            "append:header.x-extra", "${context.stage}-$request.header.x-in",
                            "remove:header.x-gone", "''", "remove:querystring.drop", "''",
                            "overwrite:querystring.add", "$request.querystring.keep"))
                    .responseParameters(Map.of("207", Map.of("overwrite:statuscode", "202",
                            "append:header.x-mapped", "from-$response.header.x-backend",
                            "remove:header.x-backend", "''")))).integrationId();
            route(api, "ANY /plain/{proxy+}", plain);
            route(api, "GET /mapped/{id}", mapped);
            apigw.createStage(b -> b.apiId(api).stageName("$default").autoDeploy(true));

            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base(api) + "/plain/a/b?x=1"))
                    .method("PUT", HttpRequest.BodyPublishers.ofString("hi")).header("X-Gone", "still").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(207);
            assertThat(r.headers().firstValue("x-backend")).contains("yes");
            assertThat(r.body()).isEqualTo("PUT /base/a/b?x=1 extra=null gone=still");

            HttpResponse<String> m = http.send(HttpRequest.newBuilder(URI.create(base(api)
                    + "/mapped/9?keep=k&drop=d")).header("X-In", "v").header("X-Gone", "bye").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(m.body()).isEqualTo("POST /mapped/9?keep=k&add=k extra=[$default-v] gone=null");
            assertThat(m.statusCode()).as("response mapping").isEqualTo(202);
            assertThat(m.headers().firstValue("x-mapped")).contains("from-yes");
            assertThat(m.headers().firstValue("x-backend")).isEmpty();
        } finally {
            backend.stop(0);
        }
    }
}
