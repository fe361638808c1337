package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.apigatewayv2.model.GetAuthorizerResponse;
import software.amazon.awssdk.services.apigatewayv2.model.GetIntegrationResponse;
import software.amazon.awssdk.services.apigatewayv2.model.BadRequestException;
import software.amazon.awssdk.services.apigatewayv2.model.ImportApiResponse;
import software.amazon.awssdk.services.apigatewayv2.model.Integration;
import software.amazon.awssdk.services.apigatewayv2.model.NotFoundException;
import software.amazon.awssdk.services.apigatewayv2.model.ReimportApiResponse;
import software.amazon.awssdk.services.apigatewayv2.model.Route;
import software.amazon.awssdk.services.lambda.LambdaClient;

/** ImportApi, ReimportApi and ExportApi of HTTP APIs with OpenAPI 3.0 definitions, through the Java SDK. */
class ApiGatewayHttpApiOpenApiTest {
    static final StratusServer stratus = StratusServer.start();
    static final ApiGatewayV2Client apigw = ApiGatewayHttpApiControlPlaneTest.client(stratus);
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final ObjectMapper JSON = new ObjectMapper();
    static String helloArn;

    static final String HELLO = """
            import json
            def handler(event, context):
                return {"statusCode": 200, "body": json.dumps({"hello": event["rawPath"], "route": event["routeKey"]})}
            """;

    static String definition() {
        return """
                openapi: 3.0.1
                info:
                  title: Imported
                  version: "1.2"
                x-amazon-apigateway-importexport-version: "1.0"
                x-amazon-apigateway-cors:
                  allowOrigins: ["https://app.example.com"]
                  allowMethods: ["GET", "POST"]
                  allowHeaders: ["authorization"]
                  maxAge: 600
                paths:
                  /hello:
                    get:
                      operationId: sayHello
                      x-amazon-apigateway-integration:
                        type: aws_proxy
                        httpMethod: POST
                        uri: %1$s
                        payloadFormatVersion: "2.0"
                        connectionType: INTERNET
                        timeoutInMillis: 5000
                  /secure/{proxy+}:
                    x-amazon-apigateway-any-method:
                      security:
                        - jwt-auth: ["read"]
                      x-amazon-apigateway-integration:
                        type: aws_proxy
                        httpMethod: POST
                        uri: %1$s
                        payloadFormatVersion: "2.0"
                  /iam:
                    get:
                      security:
                        - sigv4: []
                      x-amazon-apigateway-integration:
                        type: aws_proxy
                        httpMethod: POST
                        uri: %1$s
                        payloadFormatVersion: "2.0"
                components:
                  securitySchemes:
                    jwt-auth:
                      type: oauth2
                      flows: {}
                      x-amazon-apigateway-authorizer:
                        type: jwt
                        identitySource: $request.header.Authorization
                        jwtConfiguration:
                          issuer: https://issuer.example.com/pool
                          audience: ["my-app"]
                    sigv4:
                      type: apiKey
                      name: Authorization
                      in: header
                      x-amazon-apigateway-authtype: awsSigv4
                """.formatted(helloArn);
    }

    @BeforeAll
    static void setUp() {
        try (LambdaClient lambda = stratus.client(LambdaClient.builder())) {
            helloArn = ApiGatewayHttpApiAuthorizerTest.function(lambda, "openapi-hello", HELLO);
        }
    }

    @AfterAll
    static void stop() {
        apigw.close();
        stratus.close();
    }

    static HttpResponse<String> call(String method, String url, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).method(method,
                HttpRequest.BodyPublishers.noBody());
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static Map<String, Route> routes(String api) {
        Map<String, Route> out = new TreeMap<>();
        apigw.getRoutes(b -> b.apiId(api)).items().forEach(r -> out.put(r.routeKey(), r));
        return out;
    }

    @Test
    void importCreatesRoutesIntegrationsAuthorizerAndCorsThatAnswerOverHttp() throws Exception {
        ImportApiResponse imported = apigw.importApi(b -> b.body(definition()));
        String api = imported.apiId();
        assertThat(imported.name()).isEqualTo("Imported");
        assertThat(imported.version()).isEqualTo("1.2");
        assertThat(imported.protocolType().toString()).isEqualTo("HTTP");
        assertThat(imported.warnings()).isEmpty();
        assertThat(imported.corsConfiguration().allowOrigins()).containsExactly("https://app.example.com");
        assertThat(imported.corsConfiguration().maxAge()).isEqualTo(600);

        Map<String, Route> routes = routes(api);
        assertThat(routes).containsOnlyKeys("GET /hello", "ANY /secure/{proxy+}", "GET /iam");
        assertThat(routes.get("GET /iam").authorizationTypeAsString()).isEqualTo("AWS_IAM");
        assertThat(routes.get("GET /hello").operationName()).isEqualTo("sayHello");
        assertThat(routes.get("GET /hello").authorizationTypeAsString()).isEqualTo("NONE");
        Route secure = routes.get("ANY /secure/{proxy+}");
        assertThat(secure.authorizationTypeAsString()).isEqualTo("JWT");
        assertThat(secure.authorizationScopes()).containsExactly("read");
        GetAuthorizerResponse jwt = apigw.getAuthorizer(b -> b.apiId(api).authorizerId(secure.authorizerId()));
        assertThat(jwt.name()).isEqualTo("jwt-auth");
        assertThat(jwt.identitySource()).containsExactly("$request.header.Authorization");
        assertThat(jwt.jwtConfiguration().issuer()).isEqualTo("https://issuer.example.com/pool");
        assertThat(jwt.jwtConfiguration().audience()).containsExactly("my-app");
        List<Integration> integrations = apigw.getIntegrations(b -> b.apiId(api)).items();
        assertThat(integrations).as("identical extensions share one integration").hasSize(2);
        GetIntegrationResponse hello = apigw.getIntegration(b -> b.apiId(api).integrationId(
                routes.get("GET /hello").target().substring("integrations/".length())));
        assertThat(hello.integrationTypeAsString()).isEqualTo("AWS_PROXY");
        assertThat(hello.integrationUri()).isEqualTo(helloArn);
        assertThat(hello.payloadFormatVersion()).isEqualTo("2.0");
        assertThat(hello.timeoutInMillis()).isEqualTo(5000);

        apigw.createStage(b -> b.apiId(api).stageName("$default").autoDeploy(true));
        String base = ApiGatewayHttpApiInvokeTest.base(stratus, api);
        HttpResponse<String> answer = call("GET", base + "/hello", Map.of());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).path("route").asText()).isEqualTo("GET /hello");
        assertThat(call("GET", base + "/secure/x", Map.of()).statusCode()).as("JWT authorizer applies")
                .isEqualTo(401);
        assertThat(call("GET", base + "/iam", Map.of()).statusCode()).as("AWS_IAM needs a signature")
                .isEqualTo(403);
        HttpResponse<String> preflight = call("OPTIONS", base + "/hello", Map.of("Origin",
                "https://app.example.com", "Access-Control-Request-Method", "GET"));
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("access-control-allow-origin"))
                .hasValue("https://app.example.com");
    }

    @Test
    void reimportReplacesRoutesOfTheSameApi() throws Exception {
        String api = apigw.importApi(b -> b.body(definition())).apiId();
        apigw.createStage(b -> b.apiId(api).stageName("$default").autoDeploy(true));
        String next = """
                {"openapi": "3.0.1", "info": {"title": "Reimported", "version": "2"},
                 "paths": {"/bye": {"post": {"x-amazon-apigateway-integration": {
                   "type": "AWS_PROXY", "httpMethod": "POST", "uri": "%s", "payloadFormatVersion": "2.0"}}}}}
                """.formatted(helloArn);
        ReimportApiResponse r = apigw.reimportApi(b -> b.apiId(api).body(next));
        assertThat(r.apiId()).isEqualTo(api);
        assertThat(r.name()).isEqualTo("Reimported");
        assertThat(r.corsConfiguration()).isNull();
        assertThat(routes(api)).containsOnlyKeys("POST /bye");
        assertThat(apigw.getAuthorizers(b -> b.apiId(api)).items()).isEmpty();
        assertThat(apigw.getIntegrations(b -> b.apiId(api)).items()).hasSize(1);
        String base = ApiGatewayHttpApiInvokeTest.base(stratus, api);
        assertThat(call("POST", base + "/bye", Map.of()).statusCode()).as("auto-deployed").isEqualTo(200);
        assertThat(call("GET", base + "/hello", Map.of()).statusCode()).isEqualTo(404);
        assertThatThrownBy(() -> apigw.reimportApi(b -> b.apiId("nope000000").body(next)))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void exportRoundTripsThroughImport() throws Exception {
        String api = apigw.importApi(b -> b.body(definition())).apiId();
        apigw.createStage(b -> b.apiId(api).stageName("prod").autoDeploy(true));
        String json = apigw.exportApi(b -> b.apiId(api).specification("OAS30").outputType("JSON")).body()
                .asUtf8String();
        JsonNode doc = JSON.readTree(json);
        assertThat(doc.path("openapi").asText()).isEqualTo("3.0.1");
        assertThat(doc.path("info").path("title").asText()).isEqualTo("Imported");
        assertThat(doc.has("servers")).as("no stage, no servers").isFalse();
        JsonNode get = doc.path("paths").path("/hello").path("get");
        assertThat(get.path("x-amazon-apigateway-integration").path("type").asText()).isEqualTo("aws_proxy");
        assertThat(get.path("x-amazon-apigateway-integration").path("payloadFormatVersion").asText())
                .isEqualTo("2.0");
        JsonNode any = doc.path("paths").path("/secure/{proxy+}").path("x-amazon-apigateway-any-method");
        assertThat(any.path("security").get(0).path("jwt-auth").get(0).asText()).isEqualTo("read");
        assertThat(doc.path("components").path("securitySchemes").path("jwt-auth")
                .path("x-amazon-apigateway-authorizer").path("type").asText()).isEqualTo("jwt");
        assertThat(doc.path("x-amazon-apigateway-cors").path("maxAge").asInt()).isEqualTo(600);

        String yaml = apigw.exportApi(b -> b.apiId(api).specification("OAS30").outputType("YAML")
                .stageName("prod")).body().asUtf8String();
        JsonNode staged = new YAMLMapper().readTree(yaml);
        assertThat(staged.path("servers").get(0).path("variables").path("basePath").path("default").asText())
                .isEqualTo("prod");
        String copy = apigw.importApi(b -> b.body(yaml)).apiId();
        Map<String, Route> original = routes(api);
        Map<String, Route> again = routes(copy);
        assertThat(again.keySet()).isEqualTo(original.keySet());
        assertThat(again.get("ANY /secure/{proxy+}").authorizationScopes()).containsExactly("read");
        assertThat(again.get("GET /iam").authorizationTypeAsString()).isEqualTo("AWS_IAM");
        assertThat(apigw.getApi(b -> b.apiId(copy)).corsConfiguration())
                .isEqualTo(apigw.getApi(b -> b.apiId(api)).corsConfiguration());

        String bare = apigw.exportApi(b -> b.apiId(api).specification("OAS30").outputType("JSON")
                .includeExtensions(false)).body().asUtf8String();
        assertThat(bare).doesNotContain("x-amazon-apigateway-integration");
        assertThatThrownBy(() -> apigw.exportApi(b -> b.apiId(api).specification("OAS30").outputType("XML")))
                .isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> apigw.exportApi(b -> b.apiId(api).specification("OAS30").outputType("JSON")
                .stageName("nope"))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void badDefinitionsGetAwsErrorsAndStoreNothing() {
        int before = apigw.getApis(b -> { }).items().size();
        assertThatThrownBy(() -> apigw.importApi(b -> b.body("not: [valid")))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("Invalid OpenAPI input.");
        assertThatThrownBy(() -> apigw.importApi(b -> b.body("{\"openapi\": \"3.0.1\", \"info\": {}, \"paths\": {}}")))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("Errors found during import");
        assertThatThrownBy(() -> apigw.importApi(b -> b.body("{\"openapi\": \"3.0.1\", \"info\": {\"title\": "
                + "\"x\"}, \"paths\": {\"/a\": {\"get\": {\"x-amazon-apigateway-integration\": {\"type\": "
                + "\"aws_proxy\"}}}}}"))).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Errors found during import");
        String warned = "{\"openapi\": \"3.0.1\", \"info\": {\"title\": \"w\"}, \"paths\": {\"/m\": {\"get\": "
                + "{\"x-amazon-apigateway-integration\": {\"type\": \"mock\"}}}}}";
        assertThatThrownBy(() -> apigw.importApi(b -> b.body(warned).failOnWarnings(true)))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("Warnings found during import");
        assertThat(apigw.getApis(b -> { }).items()).hasSize(before);
        ImportApiResponse lenient = apigw.importApi(b -> b.body(warned));
        assertThat(lenient.warnings()).singleElement().asString().contains("mock");
        assertThat(routes(lenient.apiId()).get("GET /m").target()).isNull();
    }
}
