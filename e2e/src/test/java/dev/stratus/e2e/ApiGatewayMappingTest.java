package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;

/** VTL mapping templates on AWS (Lambda, non-proxy) and MOCK integrations, response selection and passthrough. */
class ApiGatewayMappingTest {
    static final StratusServer stratus = StratusServer.start();
    static final ApiGatewayClient apigw = ApiGatewayControlPlaneTest.client(stratus);
    static final LambdaClient lambda = stratus.client(LambdaClient.builder());
    static final ObjectMapper JSON = new ObjectMapper();

    static final String FUNCTION = """
            def handler(event, context):
                if isinstance(event, dict) and event.get("name") == "missing":
                    raise Exception("NotFound: pet " + event.get("petId", "?"))
                return {"greeting": "hello " + str(event.get("name") if isinstance(event, dict) else event),
                        "event": event, "petId": event.get("petId") if isinstance(event, dict) else None}
            """;

    static final String REQUEST_TEMPLATE = """
            {"name": $input.json('$.name'), "petId": "$input.params('petId')", "q": "$input.params('q')",
             "trace": "$input.params('X-Trace')", "stage": "$context.stage", "color": "$stageVariables.color",
             "method": "$context.httpMethod", "resourcePath": "$context.resourcePath",
             "requestId": "$context.requestId", "ip": "$context.identity.sourceIp",
             "escaped": "$util.escapeJavaScript($input.path('$.name'))", "b64": "$util.base64Encode('hi')"}""";

    static String apiId;

    @BeforeAll
    static void deploy() {
        lambda.createFunction(b -> b.functionName("mapped").runtime(Runtime.PYTHON3_12)
                .role("arn:aws:iam::000000000000:role/r").handler("app.handler")
                .code(c -> c.zipFile(LambdaTest.zip(Map.of("app.py", FUNCTION)))));
        lambda.waiter().waitUntilFunctionActiveV2(b -> b.functionName("mapped"));
        String uri = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                + "arn:aws:lambda:us-east-1:000000000000:function:mapped/invocations";
        var api = apigw.createRestApi(b -> b.name("mapped-api"));
        apiId = api.id();
        var pets = apigw.createResource(b -> b.restApiId(apiId).parentId(api.rootResourceId()).pathPart("pets"));
        var pet = apigw.createResource(b -> b.restApiId(apiId).parentId(pets.id()).pathPart("{petId}"));
        apigw.putMethod(b -> b.restApiId(apiId).resourceId(pet.id()).httpMethod("POST").authorizationType("NONE"));
        apigw.putIntegration(b -> b.restApiId(apiId).resourceId(pet.id()).httpMethod("POST")
                .type(IntegrationType.AWS).integrationHttpMethod("POST").uri(uri).passthroughBehavior("NEVER")
                .requestTemplates(Map.of("application/json", REQUEST_TEMPLATE)));
        apigw.putMethodResponse(b -> b.restApiId(apiId).resourceId(pet.id()).httpMethod("POST").statusCode("200")
                .responseParameters(Map.of("method.response.header.X-Pet", false,
                        "method.response.header.X-Static", false)));
        apigw.putMethodResponse(b -> b.restApiId(apiId).resourceId(pet.id()).httpMethod("POST").statusCode("404"));
        apigw.putIntegrationResponse(b -> b.restApiId(apiId).resourceId(pet.id()).httpMethod("POST")
                .statusCode("200").responseTemplates(Map.of("application/json",
                        "#set($r = $input.path('$')){\"msg\": \"$util.escapeJavaScript($r.greeting)\", "
                                + "\"event\": $input.json('$.event')}"))
                .responseParameters(Map.of("method.response.header.X-Pet", "integration.response.body.petId",
                        "method.response.header.X-Static", "'yes'")));
        apigw.putIntegrationResponse(b -> b.restApiId(apiId).resourceId(pet.id()).httpMethod("POST")
                .statusCode("404").selectionPattern("NotFound:.*").responseTemplates(Map.of("application/json",
                        "{\"error\": \"$input.path('$.errorMessage')\"}")));

        var raw = apigw.createResource(b -> b.restApiId(apiId).parentId(api.rootResourceId()).pathPart("raw"));
        apigw.putMethod(b -> b.restApiId(apiId).resourceId(raw.id()).httpMethod("POST").authorizationType("NONE"));
        apigw.putIntegration(b -> b.restApiId(apiId).resourceId(raw.id()).httpMethod("POST")
                .type(IntegrationType.AWS).integrationHttpMethod("POST").uri(uri).passthroughBehavior("WHEN_NO_MATCH")
                .requestTemplates(Map.of("application/xml", "{\"name\": \"xml\"}")));
        apigw.putMethodResponse(b -> b.restApiId(apiId).resourceId(raw.id()).httpMethod("POST").statusCode("200"));
        apigw.putIntegrationResponse(b -> b.restApiId(apiId).resourceId(raw.id()).httpMethod("POST")
                .statusCode("200"));

        var strict = apigw.createResource(b -> b.restApiId(apiId).parentId(api.rootResourceId())
                .pathPart("strict"));
        apigw.putMethod(b -> b.restApiId(apiId).resourceId(strict.id()).httpMethod("POST").authorizationType("NONE"));
        apigw.putIntegration(b -> b.restApiId(apiId).resourceId(strict.id()).httpMethod("POST")
                .type(IntegrationType.AWS).integrationHttpMethod("POST").uri(uri)
                .passthroughBehavior("WHEN_NO_TEMPLATES")
                .requestTemplates(Map.of("application/xml", "{\"name\": \"xml\"}")));
        apigw.putMethodResponse(b -> b.restApiId(apiId).resourceId(strict.id()).httpMethod("POST").statusCode("200"));
        apigw.putIntegrationResponse(b -> b.restApiId(apiId).resourceId(strict.id()).httpMethod("POST")
                .statusCode("200"));

        var mock = apigw.createResource(b -> b.restApiId(apiId).parentId(api.rootResourceId()).pathPart("mock"));
        apigw.putMethod(b -> b.restApiId(apiId).resourceId(mock.id()).httpMethod("GET").authorizationType("NONE"));
        apigw.putIntegration(b -> b.restApiId(apiId).resourceId(mock.id()).httpMethod("GET")
                .type(IntegrationType.MOCK).requestTemplates(Map.of("application/json",
                        "{\"statusCode\": #if($input.params('fail') == 'yes')503#{else}200#end}")));
        apigw.putMethodResponse(b -> b.restApiId(apiId).resourceId(mock.id()).httpMethod("GET").statusCode("200"));
        apigw.putMethodResponse(b -> b.restApiId(apiId).resourceId(mock.id()).httpMethod("GET").statusCode("503"));
        apigw.putIntegrationResponse(b -> b.restApiId(apiId).resourceId(mock.id()).httpMethod("GET")
                .statusCode("200").responseTemplates(Map.of("application/json",
                        "{\"who\": \"$input.params('who')\", \"stage\": \"$context.stage\"}")));
        apigw.putIntegrationResponse(b -> b.restApiId(apiId).resourceId(mock.id()).httpMethod("GET")
                .statusCode("503").selectionPattern("5\\d{2}").responseTemplates(Map.of("application/json",
                        "{\"down\": true}")));
        var upstream = apigw.createResource(b -> b.restApiId(apiId).parentId(api.rootResourceId())
                .pathPart("upstream"));
        apigw.putMethod(b -> b.restApiId(apiId).resourceId(upstream.id()).httpMethod("POST")
                .authorizationType("NONE"));
        apigw.putIntegration(b -> b.restApiId(apiId).resourceId(upstream.id()).httpMethod("POST")
                .type(IntegrationType.HTTP).integrationHttpMethod("GET")
                .uri(stratus.endpoint() + "/_aws/execute-api/" + apiId + "/dev/mock")
                .requestParameters(Map.of("integration.request.querystring.who", "method.request.header.X-Trace"))
                .requestTemplates(Map.of("application/json", "{\"ignored\": true}")));
        for (String status : new String[] {"200", "502"}) {
            apigw.putMethodResponse(b -> b.restApiId(apiId).resourceId(upstream.id()).httpMethod("POST")
                    .statusCode(status));
        }
        apigw.putIntegrationResponse(b -> b.restApiId(apiId).resourceId(upstream.id()).httpMethod("POST")
                .statusCode("200").responseTemplates(Map.of("application/json", "{\"upstream\": $input.json('$')}"))
                .responseParameters(Map.of("method.response.header.X-Upstream-Type",
                        "integration.response.header.Content-Type")));
        apigw.putIntegrationResponse(b -> b.restApiId(apiId).resourceId(upstream.id()).httpMethod("POST")
                .statusCode("502").selectionPattern("5\\d{2}")
                .responseTemplates(Map.of("application/json", "{\"upstream\": \"down\"}")));
        apigw.createDeployment(b -> b.restApiId(apiId).stageName("dev").variables(Map.of("color", "blue")));
    }

    @Test
    void httpIntegrationsAreMappedAndSelectedByStatusCode() throws Exception {
        // who= comes from the X-Trace header through the integration's requestParameters
        HttpResponse<String> ok = post("/upstream", "application/json", "{}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(JSON.readTree(ok.body()).get("upstream").toString())
                .isEqualTo("{\"who\":\"t-9\",\"stage\":\"dev\"}");
        assertThat(ok.headers().firstValue("X-Upstream-Type")).hasValue("application/json");
        HttpResponse<String> down = post("/upstream?fail=yes", "application/json", "{}");
        assertThat(down.statusCode()).isEqualTo(502);
        assertThat(down.body()).isEqualTo("{\"upstream\": \"down\"}");
    }

    @AfterAll
    static void stop() {
        stratus.close();
    }

    static HttpResponse<String> post(String path, String contentType, String body) {
        return ApiGatewayInvokeTest.send(HttpRequest.newBuilder(URI.create(stratus.endpoint() + "/_aws/execute-api/"
                        + apiId + "/dev" + path)).header("Content-Type", contentType).header("X-Trace", "t-9")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    @Test
    void requestAndResponseTemplatesMapALambdaIntegration() throws Exception {
        HttpResponse<String> r = post("/pets/7?q=x%20y", "application/json", "{\"name\": \"Rex \\\"the dog\\\"\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Pet")).hasValue("7");
        assertThat(r.headers().firstValue("X-Static")).hasValue("yes");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("msg").asText()).isEqualTo("hello Rex \"the dog\"");
        JsonNode event = body.get("event");
        assertThat(event.get("name").asText()).isEqualTo("Rex \"the dog\"");
        assertThat(event.get("petId").asText()).isEqualTo("7");
        assertThat(event.get("q").asText()).isEqualTo("x y");
        assertThat(event.get("trace").asText()).isEqualTo("t-9");
        assertThat(event.get("stage").asText()).isEqualTo("dev");
        assertThat(event.get("color").asText()).isEqualTo("blue");
        assertThat(event.get("method").asText()).isEqualTo("POST");
        assertThat(event.get("resourcePath").asText()).isEqualTo("/pets/{petId}");
        assertThat(event.get("requestId").asText()).isEqualTo(r.headers().firstValue("x-amzn-RequestId").orElseThrow());
        assertThat(event.get("ip").asText()).isEqualTo("127.0.0.1");
        assertThat(event.get("escaped").asText()).isEqualTo("Rex \"the dog\"");
        assertThat(event.get("b64").asText()).isEqualTo("aGk=");
    }

    @Test
    void lambdaErrorsSelectTheIntegrationResponseByErrorMessage() throws Exception {
        HttpResponse<String> r = post("/pets/9", "application/json", "{\"name\": \"missing\"}");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo("NotFound: pet 9");
    }

    @Test
    void passthroughBehaviours() throws Exception {
        HttpResponse<String> never = post("/pets/1", "text/plain", "hello");
        assertThat(never.statusCode()).isEqualTo(415);
        assertThat(never.body()).isEqualTo("{\"message\":\"Unsupported Media Type\"}");
        assertThat(never.headers().firstValue("x-amzn-ErrorType")).hasValue("UnsupportedMediaTypeException");

        HttpResponse<String> whenNoTemplates = post("/strict", "application/json", "{\"name\": \"a\"}");
        assertThat(whenNoTemplates.statusCode()).isEqualTo(415);
        HttpResponse<String> matched = post("/strict", "application/xml", "<x/>");
        assertThat(JSON.readTree(matched.body()).get("greeting").asText()).isEqualTo("hello xml");

        HttpResponse<String> passedThrough = post("/raw", "application/json", "{\"name\": \"raw\"}");
        assertThat(passedThrough.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(passedThrough.body()).get("event").toString()).isEqualTo("{\"name\":\"raw\"}");
    }

    @Test
    void mockTemplatesAreEvaluated() throws Exception {
        HttpResponse<String> ok = ApiGatewayInvokeTest.get(stratus.endpoint() + "/_aws/execute-api/" + apiId
                + "/dev/mock?who=me");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(ok.body()).get("who").asText()).isEqualTo("me");
        assertThat(JSON.readTree(ok.body()).get("stage").asText()).isEqualTo("dev");
        HttpResponse<String> down = ApiGatewayInvokeTest.get(stratus.endpoint() + "/_aws/execute-api/" + apiId
                + "/dev/mock?fail=yes");
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).isEqualTo("{\"down\": true}");
    }

    @Test
    void gatewayResponsesCustomiseApiGatewaysOwnErrors() throws Exception {
        var api = apigw.createRestApi(b -> b.name("custom-errors"));
        var keyed = apigw.createResource(b -> b.restApiId(api.id()).parentId(api.rootResourceId()).pathPart("k"));
        apigw.putMethod(b -> b.restApiId(api.id()).resourceId(keyed.id()).httpMethod("GET")
                .authorizationType("NONE").apiKeyRequired(true));
        apigw.putIntegration(b -> b.restApiId(api.id()).resourceId(keyed.id()).httpMethod("GET")
                .type(IntegrationType.MOCK).requestTemplates(Map.of("application/json", "{\"statusCode\": 200}")));
        var broken = apigw.createResource(b -> b.restApiId(api.id()).parentId(api.rootResourceId())
                .pathPart("broken"));
        apigw.putMethod(b -> b.restApiId(api.id()).resourceId(broken.id()).httpMethod("GET")
                .authorizationType("NONE"));
        apigw.putIntegration(b -> b.restApiId(api.id()).resourceId(broken.id()).httpMethod("GET")
                .type(IntegrationType.AWS).integrationHttpMethod("POST").uri(
                        "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                                + "arn:aws:lambda:us-east-1:000000000000:function:no-such-function/invocations"));
        apigw.createDeployment(b -> b.restApiId(api.id()).stageName("dev"));
        String base = stratus.endpoint() + "/_aws/execute-api/" + api.id() + "/dev";

        var defaults = apigw.getGatewayResponse(b -> b.restApiId(api.id())
                .responseType("MISSING_AUTHENTICATION_TOKEN"));
        assertThat(defaults.defaultResponse()).isTrue();
        assertThat(defaults.statusCode()).isEqualTo("403");
        assertThat(defaults.responseTemplates()).containsEntry("application/json",
                "{\"message\":$context.error.messageString}");

        apigw.putGatewayResponse(b -> b.restApiId(api.id()).responseType("MISSING_AUTHENTICATION_TOKEN")
                .statusCode("404").responseParameters(Map.of("gatewayresponse.header.Access-Control-Allow-Origin",
                        "'*'", "gatewayresponse.header.X-Who", "method.request.querystring.who"))
                .responseTemplates(Map.of("application/json", "{\"error\": \"$context.error.message\", "
                        + "\"type\": \"$context.error.responseType\", \"stage\": \"$context.stage\"}")));
        apigw.putGatewayResponse(b -> b.restApiId(api.id()).responseType("DEFAULT_4XX")
                .responseTemplates(Map.of("application/json", "{\"oops\": $context.error.messageString}")));

        HttpResponse<String> missing = ApiGatewayInvokeTest.get(base + "/nowhere?who=me");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(missing.headers().firstValue("X-Who")).hasValue("me");
        assertThat(missing.body()).isEqualTo("{\"error\": \"Missing Authentication Token\", "
                + "\"type\": \"MISSING_AUTHENTICATION_TOKEN\", \"stage\": \"dev\"}");
        HttpResponse<String> noKey = ApiGatewayInvokeTest.get(base + "/k");
        assertThat(noKey.statusCode()).isEqualTo(403);
        assertThat(noKey.body()).isEqualTo("{\"oops\": \"Forbidden\"}");

        var all = apigw.getGatewayResponses(b -> b.restApiId(api.id()).limit(500)).items();
        assertThat(all).hasSizeGreaterThan(20);
        assertThat(all).filteredOn(r -> !r.defaultResponse()).extracting(r -> r.responseTypeAsString())
                .containsExactlyInAnyOrder("MISSING_AUTHENTICATION_TOKEN", "DEFAULT_4XX");
        HttpResponse<String> broke = ApiGatewayInvokeTest.get(base + "/broken");
        assertThat(broke.statusCode()).isEqualTo(500);
        assertThat(broke.body()).isEqualTo("{\"message\":\"Internal server error\"}");
        apigw.putGatewayResponse(b -> b.restApiId(api.id()).responseType("DEFAULT_5XX")
                .responseTemplates(Map.of("application/json", "{\"five\": $context.error.messageString}")));
        HttpResponse<String> customised = ApiGatewayInvokeTest.get(base + "/broken");
        assertThat(customised.statusCode()).isEqualTo(500);
        assertThat(customised.body()).isEqualTo("{\"five\": \"Internal server error\"}");
        apigw.deleteGatewayResponse(b -> b.restApiId(api.id()).responseType("DEFAULT_4XX"));
        assertThat(ApiGatewayInvokeTest.get(base + "/k").body()).isEqualTo("{\"message\":\"Forbidden\"}");
    }
}
