package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.BadRequestException;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;
import software.amazon.awssdk.services.apigateway.model.PutMode;
import software.amazon.awssdk.services.apigateway.model.Resource;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;

/** ImportRestApi / PutRestApi from OpenAPI 3 and Swagger 2 (JSON and YAML), and GetExport of a stage. */
class ApiGatewayOpenApiTest {
    static final StratusServer stratus = StratusServer.start();
    static final ApiGatewayClient apigw = ApiGatewayControlPlaneTest.client(stratus);
    static final ObjectMapper JSON = new ObjectMapper();

    static final String PETS_YAML = """
            openapi: 3.0.1
            info:
              title: Pets
              description: imported pets
              version: "1.0"
            servers:
              - url: https://example.com/{basePath}
                variables:
                  basePath:
                    default: /v1
            x-amazon-apigateway-binary-media-types: [image/png]
            x-amazon-apigateway-request-validators:
              all:
                validateRequestBody: true
                validateRequestParameters: true
            x-amazon-apigateway-gateway-responses:
              BAD_REQUEST_BODY:
                statusCode: 422
                responseTemplates:
                  application/json: '{"problem": $context.error.messageString, "details": "$context.error.validationErrorString"}'
            paths:
              /pets:
                post:
                  operationId: addPet
                  x-amazon-apigateway-request-validator: all
                  parameters:
                    - name: owner
                      in: query
                      required: true
                      schema: {type: string}
                  requestBody:
                    content:
                      application/json:
                        schema: {$ref: '#/components/schemas/Pet'}
                  responses:
                    "200":
                      description: ok
                      headers:
                        X-Kind: {schema: {type: string}}
                  x-amazon-apigateway-integration:
                    type: mock
                    passthroughBehavior: when_no_templates
                    requestTemplates:
                      application/json: '{"statusCode": 200}'
                    responses:
                      default:
                        statusCode: "200"
                        responseParameters:
                          method.response.header.X-Kind: "'pet'"
                        responseTemplates:
                          application/json: '{"added": "$input.params(''owner'')"}'
              /pets/{id}:
                x-amazon-apigateway-any-method:
                  parameters:
                    - {name: id, in: path, required: true, schema: {type: string}}
                  security:
                    - api_key: []
                  responses:
                    "200": {description: ok}
                  x-amazon-apigateway-integration:
                    type: mock
                    requestTemplates:
                      application/json: '{"statusCode": 200}'
                    responses:
                      default: {statusCode: "200"}
            components:
              securitySchemes:
                api_key: {type: apiKey, name: x-api-key, in: header}
              schemas:
                Pet:
                  type: object
                  required: [name]
                  properties:
                    name: {type: string}
                    tag: {$ref: '#/components/schemas/Tag'}
                Tag:
                  type: object
                  properties:
                    label: {type: string}
            """;

    @AfterAll
    static void stop() {
        stratus.close();
    }

    static HttpResponse<String> call(String apiId, String method, String pathAndQuery, String body) {
        return ApiGatewayInvokeTest.send(HttpRequest.newBuilder(URI.create(stratus.endpoint() + "/_aws/execute-api/"
                + apiId + pathAndQuery)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)));
    }

    @Test
    void anOpenApi3YamlImportBuildsAWorkingApi() throws Exception {
        var api = apigw.importRestApi(b -> b.body(SdkBytes.fromUtf8String(PETS_YAML))
                .parameters(Map.of("endpointConfigurationTypes", "REGIONAL")));
        assertThat(api.name()).isEqualTo("Pets");
        assertThat(api.description()).isEqualTo("imported pets");
        assertThat(api.version()).isEqualTo("1.0");
        assertThat(api.binaryMediaTypes()).containsExactly("image/png");
        assertThat(api.endpointConfiguration().typesAsStrings()).containsExactly("REGIONAL");
        assertThat(apigw.getResources(b -> b.restApiId(api.id())).items()).extracting(Resource::path)
                .containsExactlyInAnyOrder("/", "/pets", "/pets/{id}");
        var pets = apigw.getResources(b -> b.restApiId(api.id())).items().stream()
                .filter(r -> r.path().equals("/pets")).findFirst().orElseThrow();
        var method = apigw.getMethod(b -> b.restApiId(api.id()).resourceId(pets.id()).httpMethod("POST"));
        assertThat(method.operationName()).isEqualTo("addPet");
        assertThat(method.requestParameters()).containsEntry("method.request.querystring.owner", true);
        assertThat(method.requestModels()).containsEntry("application/json", "Pet");
        assertThat(method.methodIntegration().passthroughBehavior()).isEqualTo("WHEN_NO_TEMPLATES");
        assertThat(apigw.getModel(b -> b.restApiId(api.id()).modelName("Pet")).schema())
                .contains("https://apigateway.amazonaws.com/restapis/" + api.id() + "/models/Tag");
        assertThat(apigw.getRequestValidators(b -> b.restApiId(api.id())).items()).hasSize(1);

        apigw.createDeployment(b -> b.restApiId(api.id()).stageName("v1"));
        HttpResponse<String> ok = call(api.id(), "POST", "/v1/pets?owner=ann", "{\"name\": \"Rex\"}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("{\"added\": \"ann\"}");
        assertThat(ok.headers().firstValue("X-Kind")).hasValue("pet");
        HttpResponse<String> bad = call(api.id(), "POST", "/v1/pets?owner=ann", "{\"tag\": {}}");
        assertThat(bad.statusCode()).isEqualTo(422);
        JsonNode problem = JSON.readTree(bad.body());
        assertThat(problem.get("problem").asText()).isEqualTo("Invalid request body");
        assertThat(problem.get("details").asText()).startsWith("[").contains("name");
        HttpResponse<String> noKey = call(api.id(), "DELETE", "/v1/pets/7", "");
        assertThat(noKey.statusCode()).isEqualTo(403);

        var export = apigw.getExport(b -> b.restApiId(api.id()).stageName("v1").exportType("oas30")
                .accepts("application/yaml").parameters(Map.of("extensions", "integrations")));
        assertThat(export.contentType()).isEqualTo("application/yaml");
        JsonNode doc = new YAMLMapper().readTree(export.body().asByteArray());
        assertThat(doc.path("openapi").asText()).isEqualTo("3.0.1");
        assertThat(doc.path("info").path("title").asText()).isEqualTo("Pets");
        assertThat(doc.at("/servers/0/variables/basePath/default").asText()).isEqualTo("v1");
        JsonNode post = doc.at("/paths/~1pets/post");
        assertThat(post.path("operationId").asText()).isEqualTo("addPet");
        assertThat(post.at("/requestBody/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/Pet");
        assertThat(post.at("/x-amazon-apigateway-integration/type").asText()).isEqualTo("mock");
        assertThat(post.path("x-amazon-apigateway-request-validator").asText()).isEqualTo("all");
        assertThat(doc.at("/paths/~1pets~1{id}/x-amazon-apigateway-any-method/security/0").has("api_key")).isTrue();
        assertThat(doc.at("/components/schemas/Pet/properties/tag/$ref").asText())
                .isEqualTo("#/components/schemas/Tag");
        assertThat(doc.at("/components/securitySchemes/api_key/name").asText()).isEqualTo("x-api-key");

        // An export imports again into an equivalent API.
        var again = apigw.importRestApi(b -> b.body(export.body()));
        assertThat(apigw.getResources(b -> b.restApiId(again.id())).items()).hasSize(3);
    }

    @Test
    void anImportedAwsProxyIntegrationInvokesItsFunction() throws Exception {
        LambdaClient lambda = stratus.client(LambdaClient.builder());
        lambda.createFunction(b -> b.functionName("imported-echo").runtime(Runtime.PYTHON3_12)
                .role("arn:aws:iam::000000000000:role/r").handler("app.handler")
                .code(c -> c.zipFile(LambdaTest.zip(Map.of("app.py", """
                        import json
                        def handler(event, context):
                            return {"statusCode": 200, "body": json.dumps({"resource": event["resource"],
                                    "id": event["pathParameters"]["id"]})}
                        """)))));
        lambda.waiter().waitUntilFunctionActiveV2(b -> b.functionName("imported-echo"));
        String uri = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                + "arn:aws:lambda:us-east-1:000000000000:function:imported-echo/invocations";
        String spec = """
                {"openapi": "3.0.1", "info": {"title": "proxied", "version": "1"},
                 "paths": {"/things/{id}": {"get": {
                   "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                   "x-amazon-apigateway-integration": {"type": "aws_proxy", "httpMethod": "POST", "uri": "%s"}}}}}"""
                .formatted(uri);
        var api = apigw.importRestApi(b -> b.body(SdkBytes.fromUtf8String(spec)));
        apigw.createDeployment(b -> b.restApiId(api.id()).stageName("live"));
        HttpResponse<String> r = call(api.id(), "GET", "/live/things/abc", "");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("resource").asText()).isEqualTo("/things/{id}");
        assertThat(body.get("id").asText()).isEqualTo("abc");
    }

    @Test
    void aSwagger2JsonImportAndItsExport() throws Exception {
        String swagger = """
                {"swagger": "2.0", "info": {"title": "Legacy", "version": "2"}, "basePath": "/api",
                 "paths": {"/hello": {"get": {"produces": ["application/json"],
                   "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Greeting"}}},
                   "x-amazon-apigateway-integration": {"type": "mock", "requestTemplates":
                     {"application/json": "{\\"statusCode\\": 200}"},
                     "responses": {"default": {"statusCode": "200",
                       "responseTemplates": {"application/json": "{\\"hi\\": true}"}}}}}}},
                 "definitions": {"Greeting": {"type": "object", "properties": {"hi": {"type": "boolean"}}}}}""";
        var api = apigw.importRestApi(b -> b.body(SdkBytes.fromUtf8String(swagger))
                .parameters(Map.of("basepath", "prepend")));
        assertThat(apigw.getResources(b -> b.restApiId(api.id())).items()).extracting(Resource::path)
                .contains("/api/hello");
        apigw.createDeployment(b -> b.restApiId(api.id()).stageName("prod"));
        HttpResponse<String> r = call(api.id(), "GET", "/prod/api/hello", "");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"hi\": true}");

        var export = apigw.getExport(b -> b.restApiId(api.id()).stageName("prod").exportType("swagger")
                .accepts("application/json"));
        assertThat(export.contentType()).isEqualTo("application/json");
        JsonNode doc = JSON.readTree(export.body().asByteArray());
        assertThat(doc.path("swagger").asText()).isEqualTo("2.0");
        assertThat(doc.path("basePath").asText()).isEqualTo("/prod");
        assertThat(doc.at("/paths/~1api~1hello/get/responses/200/schema/$ref").asText())
                .isEqualTo("#/definitions/Greeting");
        assertThat(doc.at("/paths/~1api~1hello/get").has("x-amazon-apigateway-integration")).isFalse();
    }

    @Test
    void putRestApiOverwritesOrMerges() {
        var api = apigw.importRestApi(b -> b.body(SdkBytes.fromUtf8String(PETS_YAML)));
        String extra = """
                openapi: 3.0.1
                info: {title: Renamed, version: "2"}
                paths:
                  /toys:
                    get:
                      responses: {"200": {description: ok}}
                      x-amazon-apigateway-integration: {type: mock, requestTemplates: {application/json: '{"statusCode": 200}'}}
                """;
        var merged = apigw.putRestApi(b -> b.restApiId(api.id()).mode(PutMode.MERGE)
                .body(SdkBytes.fromUtf8String(extra)));
        assertThat(merged.name()).isEqualTo("Renamed");
        assertThat(apigw.getResources(b -> b.restApiId(api.id())).items()).extracting(Resource::path)
                .containsExactlyInAnyOrder("/", "/pets", "/pets/{id}", "/toys");
        apigw.putRestApi(b -> b.restApiId(api.id()).mode(PutMode.OVERWRITE).body(SdkBytes.fromUtf8String(extra)));
        assertThat(apigw.getResources(b -> b.restApiId(api.id())).items()).extracting(Resource::path)
                .containsExactlyInAnyOrder("/", "/toys");
        assertThat(apigw.getModels(b -> b.restApiId(api.id())).items()).extracting(m -> m.name())
                .doesNotContain("Pet");
    }

    @Test
    void badDefinitionsAreRejected() {
        int before = apigw.getRestApis(b -> b.limit(500)).items().size();
        assertThatThrownBy(() -> apigw.importRestApi(b -> b.body(SdkBytes.fromUtf8String("{not: [valid"))))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("Invalid OpenAPI input.");
        assertThatThrownBy(() -> apigw.importRestApi(b -> b.body(SdkBytes.fromUtf8String("{\"hello\": 1}"))))
                .isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> apigw.importRestApi(b -> b.body(SdkBytes.fromUtf8String("""
                {"openapi": "3.0.1", "info": {"title": "x", "version": "1"}, "paths": {"/a": {"get": {
                  "x-amazon-apigateway-integration": {"type": "lambda", "uri": "u", "httpMethod": "POST"}}}}}"""))))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("Errors found during import");
        assertThatThrownBy(() -> apigw.importRestApi(b -> b.failOnWarnings(true).body(SdkBytes.fromUtf8String("""
                {"openapi": "3.0.1", "info": {"title": "x", "version": "1"},
                 "components": {"securitySchemes": {"oauth": {"type": "oauth2", "flows": {}}}}, "paths": {}}"""))))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("Warnings found during import");
        assertThat(apigw.getRestApis(b -> b.limit(500)).items()).hasSize(before);
        var api = apigw.importRestApi(b -> b.body(SdkBytes.fromUtf8String(PETS_YAML)));
        assertThatThrownBy(() -> apigw.getExport(b -> b.restApiId(api.id()).stageName("nope").exportType("oas30")))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("Invalid Stage identifier specified");
        apigw.createDeployment(b -> b.restApiId(api.id()).stageName("s"));
        assertThatThrownBy(() -> apigw.getExport(b -> b.restApiId(api.id()).stageName("s").exportType("raml")))
                .isInstanceOf(BadRequestException.class);
    }
}
