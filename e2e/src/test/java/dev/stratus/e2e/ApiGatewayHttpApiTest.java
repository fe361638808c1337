package dev.stratus.e2e;

import static dev.stratus.e2e.AwsErrors.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.apigatewayv2.model.CreateApiResponse;
import software.amazon.awssdk.services.apigatewayv2.model.NotFoundException;
import software.amazon.awssdk.services.apigatewayv2.model.ProtocolType;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;

/** HTTP APIs (API Gateway v2) by quick create, invoked with payload format 2.0. */
class ApiGatewayHttpApiTest {
    static final StratusServer stratus = StratusServer.start();
    final ApiGatewayV2Client apigw = stratus.client(ApiGatewayV2Client.builder());
    final LambdaClient lambda = stratus.client(LambdaClient.builder());
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static final String FN = """
            import json
            def handler(event, context):
                if event["rawPath"] == "/plain":
                    return {"hello": "world"}
                if event["rawPath"] == "/boom":
                    raise RuntimeError("boom")
                return {"statusCode": 202, "cookies": ["a=1"], "headers": {"X-Fn": "yes"}, "body": json.dumps(event)}
            """;

    @AfterAll
    static void stop() {
        stratus.close();
    }

    HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void quickCreateThenInvokeWithPayload2() throws Exception {
        String arn = lambda.createFunction(b -> b.functionName("http-api-fn").runtime(Runtime.PYTHON3_12)
                .role("arn:aws:iam::000000000000:role/r").handler("app.handler")
                .code(c -> c.zipFile(LambdaTest.zip(Map.of("app.py", FN))))).functionArn();
        lambda.waiter().waitUntilFunctionActiveV2(b -> b.functionName("http-api-fn"));
        CreateApiResponse api = apigw.createApi(b -> b.name("quick").protocolType(ProtocolType.HTTP).target(arn));
        assertThat(api.apiId()).matches("[a-z0-9]{10}");
        assertThat(api.apiEndpoint()).isEqualTo("http://" + api.apiId() + ".execute-api.localhost:"
                + stratus.endpoint().getPort());
        assertThat(apigw.getApi(b -> b.apiId(api.apiId())).name()).isEqualTo("quick");
        assertThat(apigw.getApis(b -> { }).items()).extracting(a -> a.apiId()).contains(api.apiId());
        assertThat(apigw.getRoutes(b -> b.apiId(api.apiId())).items()).singleElement()
                .satisfies(r -> assertThat(r.routeKey()).isEqualTo("$default"));
        assertThat(apigw.getStages(b -> b.apiId(api.apiId())).items()).singleElement()
                .satisfies(s -> assertThat(s.stageName()).isEqualTo("$default"));
        assertThat(apigw.getIntegrations(b -> b.apiId(api.apiId())).items()).singleElement()
                .satisfies(i -> assertThat(i.payloadFormatVersion()).isEqualTo("2.0"));

        String base = stratus.endpoint() + "/_aws/execute-api/" + api.apiId();
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/items/1?a=1&a=2"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"x\":1}")).header("Content-Type", "application/json")
                .header("Cookie", "c1=v1; c2=v2").header("X-Multi", "p").header("X-Multi", "q"));
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(r.headers().allValues("Set-Cookie")).containsExactly("a=1");
        JsonNode e = new ObjectMapper().readTree(r.body());
        assertThat(e.get("version").asText()).isEqualTo("2.0");
        assertThat(e.get("routeKey").asText()).isEqualTo("$default");
        assertThat(e.get("rawPath").asText()).isEqualTo("/items/1");
        assertThat(e.get("rawQueryString").asText()).isEqualTo("a=1&a=2");
        assertThat(e.get("queryStringParameters").toString()).isEqualTo("{\"a\":\"1,2\"}");
        assertThat(e.get("cookies").toString()).isEqualTo("[\"c1=v1\",\"c2=v2\"]");
        assertThat(e.get("headers").get("x-multi").asText()).isEqualTo("p,q");
        assertThat(e.get("headers").has("cookie")).isFalse();
        assertThat(e.get("body").asText()).isEqualTo("{\"x\":1}");
        assertThat(e.get("isBase64Encoded").asBoolean()).isFalse();
        assertThat(e.has("multiValueHeaders")).isFalse();
        JsonNode c = e.get("requestContext");
        assertThat(c.get("apiId").asText()).isEqualTo(api.apiId());
        assertThat(c.get("stage").asText()).isEqualTo("$default");
        assertThat(c.get("http").get("method").asText()).isEqualTo("POST");
        assertThat(c.get("http").get("path").asText()).isEqualTo("/items/1");
        assertThat(c.get("http").get("sourceIp").asText()).isEqualTo("127.0.0.1");
        assertThat(c.get("requestId").asText()).isEqualTo(r.headers().firstValue("x-amz-apigw-id").orElseThrow());
        assertThat(c.get("time").asText()).matches("\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000");

        HttpResponse<String> plain = send(HttpRequest.newBuilder(URI.create(base + "/plain")));
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.body()).isEqualTo("{\"hello\": \"world\"}");
        HttpResponse<String> boom = send(HttpRequest.newBuilder(URI.create(base + "/boom")));
        assertThat(boom.statusCode()).isEqualTo(500);
        assertThat(boom.body()).isEqualTo("{\"message\":\"Internal Server Error\"}");

        apigw.deleteApi(b -> b.apiId(api.apiId()));
        assertAwsError(() -> apigw.getApi(b -> b.apiId(api.apiId())), NotFoundException.class, 404,
                "NotFoundException", null);
    }
}
