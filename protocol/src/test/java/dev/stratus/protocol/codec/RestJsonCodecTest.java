package dev.stratus.protocol.codec;

import static dev.stratus.protocol.codec.Requests.json;
import static dev.stratus.protocol.codec.Requests.request;
import static dev.stratus.protocol.codec.Requests.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.HttpResponse;
import dev.stratus.protocol.model.OperationModel;
import dev.stratus.protocol.model.ServiceModel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RestJsonCodecTest {
    static final ServiceModel LAMBDA = ServiceModel.load("lambda");
    static final ServiceModel APIGW = ServiceModel.load("apigateway");
    static final ServiceModel APIGW2 = ServiceModel.load("apigatewayv2");
    final ProtocolCodec codec = Codecs.forProtocol("rest-json");

    private OperationModel resolve(ServiceModel model, HttpRequest r) {
        return codec.resolve(model, r);
    }

    @Test
    void lambdaCreateFunctionDecodesTheJsonBody() {
        HttpRequest r = request("POST", "/2015-03-31/functions").header("Content-Type", "application/json")
                .body("""
                        {"FunctionName":"hello","Runtime":"python3.12","Role":"arn:aws:iam::000000000000:role/r",
                         "Handler":"app.handler","Code":{"ZipFile":"UEsDBA=="},"Timeout":30,
                         "Environment":{"Variables":{"STAGE":"dev"}},"Tags":{"team":"a"},"Unknown":1}""").build();
        OperationModel op = resolve(LAMBDA, r);
        assertThat(op.name()).isEqualTo("CreateFunction");
        ObjectNode in = codec.decode(op, r);
        assertThat(in.get("FunctionName").asText()).isEqualTo("hello");
        assertThat(in.get("Timeout").intValue()).isEqualTo(30);
        assertThat(in.at("/Environment/Variables/STAGE").asText()).isEqualTo("dev");
        assertThat(in.at("/Code/ZipFile").isBinary()).isTrue();
        assertThat(in.has("Unknown")).isFalse();
    }

    @Test
    void lambdaInvokeTakesTheBodyAsPayloadAndReadsHeadersAndQuery() throws Exception {
        HttpRequest r = request("POST", "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Ahello/invocations?Qualifier=live")
                .header("X-Amz-Invocation-Type", "Event").header("X-Amz-Log-Type", "Tail")
                .body("{\"key\": \"value\"}").build();
        OperationModel op = resolve(LAMBDA, r);
        assertThat(op.name()).isEqualTo("Invoke");
        ObjectNode in = codec.decode(op, r);
        assertThat(in.get("FunctionName").asText()).isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:hello");
        assertThat(in.get("Qualifier").asText()).isEqualTo("live");
        assertThat(in.get("InvocationType").asText()).isEqualTo("Event");
        assertThat(in.get("LogType").asText()).isEqualTo("Tail");
        assertThat(new String(in.get("Payload").binaryValue(), StandardCharsets.UTF_8)).isEqualTo("{\"key\": \"value\"}");
    }

    @Test
    void lambdaInvokeOutputSetsStatusHeadersAndRawPayload() {
        OperationModel op = LAMBDA.operation("Invoke");
        ObjectNode out = AwsJsonCodec.MAPPER.createObjectNode();
        out.put("StatusCode", 200).put("FunctionError", "Unhandled").put("ExecutedVersion", "$LATEST")
                .put("Payload", "{\"errorMessage\":\"boom\"}".getBytes(StandardCharsets.UTF_8));
        HttpResponse resp = codec.encode(op, out, "req-1");
        assertThat(resp.status()).isEqualTo(200);
        assertThat(resp.headers().first("X-Amz-Function-Error")).isEqualTo("Unhandled");
        assertThat(resp.headers().first("X-Amz-Executed-Version")).isEqualTo("$LATEST");
        assertThat(text(resp)).isEqualTo("{\"errorMessage\":\"boom\"}");

        out.put("StatusCode", 202).remove("Payload");
        HttpResponse async = codec.encode(op, out, "req-2");
        assertThat(async.status()).isEqualTo(202);
        assertThat(async.body()).isEmpty();
    }

    @Test
    void lambdaGetFunctionOutputIsJsonWithoutLocatedMembers() {
        OperationModel op = resolve(LAMBDA, request("GET", "/2015-03-31/functions/hello").build());
        assertThat(op.name()).isEqualTo("GetFunction");
        ObjectNode out = (ObjectNode) json("""
                {"Configuration":{"FunctionName":"hello","MemorySize":128,"LastModified":"2024-01-01T00:00:00.000+0000"},
                 "Code":{"RepositoryType":"S3","Location":"https://example/code.zip"},"Tags":{"a":"b"}}""");
        HttpResponse resp = codec.encode(op, out, "r");
        assertThat(resp.status()).isEqualTo(200);
        assertThat(resp.headers().first("Content-Type")).isEqualTo("application/json");
        assertThat(json(resp)).isEqualTo(out);
    }

    @Test
    void createFunctionAnswers201AndDeleteFunctionTheStatusItSets() {
        HttpResponse created = codec.encode(LAMBDA.operation("CreateFunction"), json("{\"FunctionName\":\"f\"}"), "r");
        assertThat(created.status()).isEqualTo(201);
        HttpResponse deleted = codec.encode(LAMBDA.operation("DeleteFunction"), json("{\"StatusCode\":204}"), "r");
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
    }

    @Test
    void routesByLiteralQueryAndTrailingSlash() {
        assertThat(resolve(LAMBDA, request("GET", "/2018-10-31/layers?find=LayerVersion&Arn=x").build()).name())
                .isEqualTo("GetLayerVersionByArn");
        assertThat(resolve(LAMBDA, request("GET", "/2018-10-31/layers").build()).name()).isEqualTo("ListLayers");
        HttpRequest list = request("GET", "/2015-03-31/functions/?MaxItems=5&Marker=abc").build();
        OperationModel op = resolve(LAMBDA, list);
        assertThat(op.name()).isEqualTo("ListFunctions");
        ObjectNode in = codec.decode(op, list);
        assertThat(in.get("MaxItems").intValue()).isEqualTo(5);
        assertThat(in.get("Marker").asText()).isEqualTo("abc");
        assertThat(resolve(LAMBDA, request("GET", "/2019-09-30/functions/f/provisioned-concurrency?List=ALL").build())
                .name()).isEqualTo("ListProvisionedConcurrencyConfigs");
        assertThat(resolve(LAMBDA, request("GET", "/2019-09-30/functions/f/provisioned-concurrency?Qualifier=1").build())
                .name()).isEqualTo("GetProvisionedConcurrencyConfig");
    }

    @Test
    void repeatedQueryParametersFormALists() {
        HttpRequest r = request("DELETE", "/2017-03-31/tags/arn%3Aaws%3Alambda%3Aus-east-1%3A1%3Afunction%3Af?tagKeys=a&tagKeys=b%20c").build();
        OperationModel op = resolve(LAMBDA, r);
        assertThat(op.name()).isEqualTo("UntagResource");
        ObjectNode in = codec.decode(op, r);
        assertThat(in.get("Resource").asText()).isEqualTo("arn:aws:lambda:us-east-1:1:function:f");
        assertThat(in.get("TagKeys")).hasSize(2);
        assertThat(in.get("TagKeys").get(1).asText()).isEqualTo("b c");
        assertThat(codec.encode(op, null, "r").status()).isEqualTo(204);
    }

    @Test
    void unknownPathIsA404UnknownOperation() {
        assertThatThrownBy(() -> resolve(LAMBDA, request("GET", "/2015-03-31/nothing-here").build()))
                .isInstanceOfSatisfying(AwsException.class, e -> {
                    assertThat(e.code()).isEqualTo("UnknownOperationException");
                    assertThat(e.status()).isEqualTo(404);
                });
        AwsException e = catchAws(() -> resolve(LAMBDA, request("PATCH", "/2015-03-31/functions/f").build()));
        HttpResponse resp = codec.encodeError(LAMBDA, null, e, "r");
        assertThat(resp.status()).isEqualTo(404);
        assertThat(resp.headers().first("x-amzn-ErrorType")).isEqualTo("UnknownOperationException");
        assertThat(json(resp).get("message").asText()).contains("PATCH");
        assertThat(json(resp).get("Type").asText()).isEqualTo("User");
    }

    @Test
    void lambdaErrorsUseTheShapesMessageSpellingAndType() {
        HttpResponse notFound = codec.encodeError(LAMBDA, LAMBDA.operation("GetFunction"),
                new AwsException("ResourceNotFoundException", "Function not found: arn:aws:lambda:us-east-1:000000000000:function:x"), "r");
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.headers().first("x-amzn-ErrorType")).isEqualTo("ResourceNotFoundException");
        assertThat(json(notFound)).isEqualTo(json(
                "{\"Type\":\"User\",\"Message\":\"Function not found: arn:aws:lambda:us-east-1:000000000000:function:x\"}"));

        HttpResponse invalid = codec.encodeError(LAMBDA, null,
                new AwsException("InvalidParameterValueException", "bad"), "r");
        assertThat(json(invalid)).isEqualTo(json("{\"Type\":\"User\",\"message\":\"bad\"}"));

        HttpResponse throttled = codec.encodeError(LAMBDA, null, new AwsException("TooManyRequestsException", "Rate exceeded")
                .with("retryAfterSeconds", "3").with("Reason", "ReservedFunctionConcurrentInvocationLimitExceeded"), "r");
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.headers().first("Retry-After")).isEqualTo("3");
        assertThat(json(throttled).get("Reason").asText()).isEqualTo("ReservedFunctionConcurrentInvocationLimitExceeded");
        assertThat(json(throttled).has("retryAfterSeconds")).isFalse();

        HttpResponse internal = codec.encodeError(LAMBDA, null, AwsException.internal("oops"), "r");
        assertThat(internal.status()).isEqualTo(500);
        assertThat(json(internal).get("Type").asText()).isEqualTo("Service");
    }

    @Test
    void malformedBodiesAreTheServicesBadRequestError() {
        HttpRequest broken = request("POST", "/2015-03-31/functions").body("{\"FunctionName\":").build();
        AwsException e = catchAws(() -> codec.decode(resolve(LAMBDA, broken), broken));
        assertThat(e.code()).isEqualTo("InvalidRequestContentException");
        assertThat(e.getMessage()).startsWith("Could not parse request body into json: ");

        HttpRequest wrongType = request("POST", "/2015-03-31/functions").body("{\"Timeout\":\"thirty\"}").build();
        assertThat(catchAws(() -> codec.decode(resolve(LAMBDA, wrongType), wrongType)).code())
                .isEqualTo("InvalidRequestContentException");

        HttpRequest badQuery = request("GET", "/2015-03-31/functions/?MaxItems=lots").build();
        assertThat(catchAws(() -> codec.decode(resolve(LAMBDA, badQuery), badQuery)).code())
                .isEqualTo("InvalidRequestContentException");

        HttpRequest apigw = request("POST", "/restapis").body("[1]").build();
        AwsException bad = catchAws(() -> codec.decode(resolve(APIGW, apigw), apigw));
        assertThat(bad.code()).isEqualTo("BadRequestException");
        HttpResponse resp = codec.encodeError(APIGW, null, bad, "r");
        assertThat(resp.status()).isEqualTo(400);
        assertThat(json(resp).has("Type")).isFalse();
        assertThat(json(resp).get("message").asText()).isNotEmpty();
    }

    @Test
    void apiGatewayV2RenamesMembersAndWritesIsoTimestamps() {
        HttpRequest r = request("POST", "/v2/apis").body("{\"name\":\"api\",\"protocolType\":\"HTTP\"}").build();
        OperationModel op = resolve(APIGW2, r);
        assertThat(op.name()).isEqualTo("CreateApi");
        ObjectNode in = codec.decode(op, r);
        assertThat(in.get("Name").asText()).isEqualTo("api");
        assertThat(in.get("ProtocolType").asText()).isEqualTo("HTTP");

        ObjectNode out = AwsJsonCodec.MAPPER.createObjectNode();
        out.put("ApiId", "a1b2").put("Name", "api").set("CreatedDate", Timestamps.node(Instant.parse("2024-05-06T07:08:09Z")));
        HttpResponse resp = codec.encode(op, out, "r");
        assertThat(resp.status()).isEqualTo(201);
        assertThat(json(resp)).isEqualTo(json(
                "{\"apiId\":\"a1b2\",\"name\":\"api\",\"createdDate\":\"2024-05-06T07:08:09Z\"}"));

        HttpRequest get = request("GET", "/v2/apis/a1b2").build();
        assertThat(codec.decode(resolve(APIGW2, get), get).get("ApiId").asText()).isEqualTo("a1b2");
    }

    @Test
    void apiGatewayQueryMapTakesTheRemainingParametersAndBlobPayloadKeepsItsContentType() {
        HttpRequest r = request("GET", "/restapis/abc/stages/prod/exports/oas30?extensions=integrations&x=1")
                .header("Accept", "application/yaml").build();
        OperationModel op = resolve(APIGW, r);
        assertThat(op.name()).isEqualTo("GetExport");
        ObjectNode in = codec.decode(op, r);
        assertThat(in.get("restApiId").asText()).isEqualTo("abc");
        assertThat(in.get("accepts").asText()).isEqualTo("application/yaml");
        assertThat(in.get("parameters")).isEqualTo(json("{\"extensions\":\"integrations\",\"x\":\"1\"}"));

        ObjectNode out = AwsJsonCodec.MAPPER.createObjectNode();
        out.put("contentType", "application/yaml").put("body", "openapi: 3.0".getBytes(StandardCharsets.UTF_8));
        HttpResponse resp = codec.encode(op, out, "r");
        assertThat(resp.headers().first("Content-Type")).isEqualTo("application/yaml");
        assertThat(text(resp)).isEqualTo("openapi: 3.0");
    }

    @Test
    void importRestApiNeedsItsLiteralQueryAndTakesARawBody() {
        HttpRequest r = request("POST", "/restapis?mode=import&failonwarnings=true").body("openapi: 3.0").build();
        OperationModel op = resolve(APIGW, r);
        assertThat(op.name()).isEqualTo("ImportRestApi");
        ObjectNode in = codec.decode(op, r);
        assertThat(in.get("failOnWarnings").booleanValue()).isTrue();
        assertThat(in.get("parameters")).isNull();
        assertThat(resolve(APIGW, request("POST", "/restapis").build()).name()).isEqualTo("CreateRestApi");
    }

    @Test
    void managementApiPostToConnection() {
        ServiceModel mgmt = ServiceModel.load("apigatewaymanagementapi");
        HttpRequest r = request("POST", "/@connections/abc%3D").body("hello").build();
        OperationModel op = resolve(mgmt, r);
        assertThat(op.name()).isEqualTo("PostToConnection");
        ObjectNode in = codec.decode(op, r);
        assertThat(in.get("ConnectionId").asText()).isEqualTo("abc=");
        HttpResponse gone = codec.encodeError(mgmt, op, new AwsException("GoneException", null), "r");
        assertThat(gone.status()).isEqualTo(410);
        assertThat(json(gone).isEmpty()).isTrue();
    }

    @Test
    void apiGatewayV1AndV2ClaimTheirOwnPaths() {
        HttpRequest v2 = request("GET", "/v2/apis").build();
        HttpRequest v1 = request("GET", "/restapis").build();
        assertThat(codec.claims(APIGW2, v2)).isTrue();
        assertThat(codec.claims(APIGW, v2)).isFalse();
        assertThat(codec.claims(APIGW, v1)).isTrue();
        assertThat(codec.claims(APIGW2, v1)).isFalse();
    }

    static AwsException catchAws(Runnable r) {
        try {
            r.run();
        } catch (AwsException e) {
            return e;
        }
        throw new AssertionError("expected an AwsException");
    }
}
