package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.BadRequestException;
import software.amazon.awssdk.services.apigateway.model.ConflictException;
import software.amazon.awssdk.services.apigateway.model.GatewayResponseType;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;
import software.amazon.awssdk.services.apigateway.model.Model;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;
import software.amazon.awssdk.services.apigateway.model.Op;

/** Models, request validators and the 400s API Gateway answers for missing parameters and invalid bodies. */
class ApiGatewayValidationTest {
    static final StratusServer stratus = StratusServer.start();
    static final ApiGatewayClient apigw = ApiGatewayControlPlaneTest.client(stratus);

    static String apiId;
    static String rootId;
    static String bothValidator;

    static final String ADDRESS = """
            {"$schema": "http://json-schema.org/draft-04/schema#", "type": "object",
             "properties": {"city": {"type": "string"}}, "required": ["city"]}""";

    @BeforeAll
    static void deploy() {
        var api = apigw.createRestApi(b -> b.name("validated"));
        apiId = api.id();
        rootId = api.rootResourceId();
        apigw.createModel(b -> b.restApiId(apiId).name("Address").contentType("application/json").schema(ADDRESS));
        String petSchema = """
                {"$schema": "http://json-schema.org/draft-04/schema#", "type": "object",
                 "properties": {"name": {"type": "string", "minLength": 1}, "age": {"type": "integer", "minimum": 0},
                   "home": {"$ref": "https://apigateway.amazonaws.com/restapis/%s/models/Address"}},
                 "required": ["name"]}""".formatted(apiId);
        apigw.createModel(b -> b.restApiId(apiId).name("Pet").contentType("application/json").schema(petSchema));
        bothValidator = apigw.createRequestValidator(b -> b.restApiId(apiId).name("both").validateRequestBody(true)
                .validateRequestParameters(true)).id();
        String paramsOnly = apigw.createRequestValidator(b -> b.restApiId(apiId).name("params")
                .validateRequestParameters(true)).id();
        var pets = apigw.createResource(b -> b.restApiId(apiId).parentId(rootId).pathPart("pets"));
        apigw.putMethod(b -> b.restApiId(apiId).resourceId(pets.id()).httpMethod("POST").authorizationType("NONE")
                .requestValidatorId(bothValidator).requestModels(Map.of("application/json", "Pet"))
                .requestParameters(Map.of("method.request.querystring.owner", true,
                        "method.request.header.X-Tenant", true, "method.request.querystring.optional", false)));
        mock(pets.id(), "POST");
        apigw.putMethod(b -> b.restApiId(apiId).resourceId(pets.id()).httpMethod("GET").authorizationType("NONE")
                .requestValidatorId(paramsOnly).requestModels(Map.of("application/json", "Pet"))
                .requestParameters(Map.of("method.request.querystring.owner", true)));
        mock(pets.id(), "GET");
        apigw.createDeployment(b -> b.restApiId(apiId).stageName("dev"));
    }

    static void mock(String resourceId, String method) {
        apigw.putIntegration(b -> b.restApiId(apiId).resourceId(resourceId).httpMethod(method)
                .type(IntegrationType.MOCK).requestTemplates(Map.of("application/json", "{\"statusCode\": 200}")));
        apigw.putMethodResponse(b -> b.restApiId(apiId).resourceId(resourceId).httpMethod(method).statusCode("200"));
        apigw.putIntegrationResponse(b -> b.restApiId(apiId).resourceId(resourceId).httpMethod(method)
                .statusCode("200").responseTemplates(Map.of("application/json", "{\"ok\": true}")));
    }

    @AfterAll
    static void stop() {
        stratus.close();
    }

    static HttpResponse<String> call(String method, String pathAndQuery, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(stratus.endpoint() + "/_aws/execute-api/" + apiId
                + "/dev" + pathAndQuery)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return ApiGatewayInvokeTest.send(b);
    }

    @Test
    void newApisHaveTheDefaultModels() {
        var models = apigw.getModels(b -> b.restApiId(apiId)).items();
        assertThat(models).extracting(Model::name).contains("Empty", "Error", "Pet", "Address");
        var empty = apigw.getModel(b -> b.restApiId(apiId).modelName("Empty"));
        assertThat(empty.contentType()).isEqualTo("application/json");
        assertThat(empty.schema()).contains("\"type\" : \"object\"");
    }

    @Test
    void aValidRequestReachesTheIntegration() {
        HttpResponse<String> r = call("POST", "/pets?owner=ann", "{\"name\": \"Rex\", \"age\": 3, "
                + "\"home\": {\"city\": \"Oslo\"}}", "Content-Type", "application/json", "X-Tenant", "t1");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"ok\": true}");
    }

    @Test
    void missingRequiredParametersAnswer400() {
        HttpResponse<String> r = call("POST", "/pets", "{\"name\": \"Rex\"}", "Content-Type", "application/json");
        assertThat(r.statusCode()).isEqualTo(400);
        // The names come in the order of the method's requestParameters, which a Map.of above does not fix.
        assertThat(r.body()).isIn("{\"message\":\"Missing required request parameters: [owner, X-Tenant]\"}",
                "{\"message\":\"Missing required request parameters: [X-Tenant, owner]\"}");
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("BadRequestException");
        HttpResponse<String> blank = call("GET", "/pets?owner=", null);
        assertThat(blank.statusCode()).isEqualTo(400);
        assertThat(blank.body()).contains("Missing required request parameters: [owner]");
    }

    @Test
    void aBodyFailingTheModelAnswers400() {
        for (String body : new String[] {"{\"age\": 3}", "{\"name\": \"\"}", "{\"name\": \"a\", \"age\": -1}",
                "{\"name\": \"a\", \"home\": {}}", "not json", "[1]", ""}) {
            HttpResponse<String> r = call("POST", "/pets?owner=ann", body, "Content-Type", "application/json",
                    "X-Tenant", "t1");
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            assertThat(r.body()).as(body).isEqualTo("{\"message\":\"Invalid request body\"}");
        }
    }

    @Test
    void aParametersOnlyValidatorIgnoresTheBody() {
        HttpResponse<String> r = call("GET", "/pets?owner=ann", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @Test
    void gatewayResponsesCustomiseValidationErrors() {
        var api = apigw.createRestApi(b -> b.name("custom-errors"));
        String v = apigw.createRequestValidator(b -> b.restApiId(api.id()).validateRequestParameters(true)).id();
        apigw.putMethod(b -> b.restApiId(api.id()).resourceId(api.rootResourceId()).httpMethod("GET")
                .authorizationType("NONE").requestValidatorId(v)
                .requestParameters(Map.of("method.request.header.X-Need", true)));
        apigw.putIntegration(b -> b.restApiId(api.id()).resourceId(api.rootResourceId()).httpMethod("GET")
                .type(IntegrationType.MOCK).requestTemplates(Map.of("application/json", "{\"statusCode\": 200}")));
        apigw.putGatewayResponse(b -> b.restApiId(api.id()).responseType(GatewayResponseType.BAD_REQUEST_PARAMETERS)
                .statusCode("422").responseTemplates(Map.of("application/json",
                        "{\"error\": $context.error.messageString}")));
        apigw.createDeployment(b -> b.restApiId(api.id()).stageName("s"));
        HttpResponse<String> r = ApiGatewayInvokeTest.send(HttpRequest.newBuilder(URI.create(stratus.endpoint()
                + "/_aws/execute-api/" + api.id() + "/s/")).GET());
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.body()).isEqualTo("{\"error\": \"Missing required request parameters: [X-Need]\"}");
    }

    @Test
    void modelsAndValidatorsHaveTheirControlPlane() {
        var api = apigw.createRestApi(b -> b.name("crud"));
        String id = api.id();
        assertThatThrownBy(() -> apigw.createModel(b -> b.restApiId(id).name("Bad").contentType("application/json")
                .schema("{not json")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Invalid model specified: Validation Result: warnings : [], errors : "
                        + "[Invalid model schema specified]");
        assertThatThrownBy(() -> apigw.createModel(b -> b.restApiId(id).name("Ref").contentType("application/json")
                .schema("{\"$ref\": \"https://apigateway.amazonaws.com/restapis/" + id + "/models/Nope\"}")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Model reference must be in canonical form");
        assertThatThrownBy(() -> apigw.createModel(b -> b.restApiId(id).name("Empty")
                .contentType("application/json").schema("{}")))
                .isInstanceOf(ConflictException.class);
        apigw.createModel(b -> b.restApiId(id).name("Thing").contentType("application/json")
                .schema("{\"type\": \"object\"}").description("d"));
        var updated = apigw.updateModel(b -> b.restApiId(id).modelName("Thing").patchOperations(
                p -> p.op(Op.REPLACE).path("/schema").value("{\"type\": \"array\"}")));
        assertThat(updated.schema()).isEqualTo("{\"type\": \"array\"}");
        assertThat(updated.description()).isEqualTo("d");
        apigw.deleteModel(b -> b.restApiId(id).modelName("Thing"));
        assertThatThrownBy(() -> apigw.getModel(b -> b.restApiId(id).modelName("Thing")))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("Invalid model name specified: Thing");

        var v = apigw.createRequestValidator(b -> b.restApiId(id).name("body").validateRequestBody(true));
        assertThat(v.validateRequestBody()).isTrue();
        assertThat(v.validateRequestParameters()).isFalse();
        var changed = apigw.updateRequestValidator(b -> b.restApiId(id).requestValidatorId(v.id()).patchOperations(
                p -> p.op(Op.REPLACE).path("/validateRequestParameters").value("true")));
        assertThat(changed.validateRequestParameters()).isTrue();
        assertThat(apigw.getRequestValidators(b -> b.restApiId(id)).items()).hasSize(1);
        assertThat(apigw.getRequestValidator(b -> b.restApiId(id).requestValidatorId(v.id())).name())
                .isEqualTo("body");
        assertThatThrownBy(() -> apigw.putMethod(b -> b.restApiId(id).resourceId(api.rootResourceId())
                .httpMethod("GET").authorizationType("NONE").requestValidatorId("nope00")))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("Invalid Request Validator identifier specified");
        apigw.deleteRequestValidator(b -> b.restApiId(id).requestValidatorId(v.id()));
        assertThatThrownBy(() -> apigw.getRequestValidator(b -> b.restApiId(id).requestValidatorId(v.id())))
                .isInstanceOf(NotFoundException.class);
    }
}
