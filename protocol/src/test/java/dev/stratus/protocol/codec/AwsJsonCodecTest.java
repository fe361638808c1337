package dev.stratus.protocol.codec;

import static dev.stratus.protocol.codec.Requests.json;
import static dev.stratus.protocol.codec.Requests.request;
import static dev.stratus.protocol.codec.Requests.text;
import static dev.stratus.protocol.codec.RestJsonCodecTest.catchAws;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.HttpResponse;
import dev.stratus.protocol.model.ServiceModel;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AwsJsonCodecTest {
    static final ServiceModel DDB = ServiceModel.load("dynamodb");
    static final ServiceModel LOGS = ServiceModel.load("logs");
    final AwsJsonCodec codec = new AwsJsonCodec();

    private static HttpRequest call(String target, String body) {
        return request("POST", "/").header("X-Amz-Target", target).body(body).build();
    }

    private ObjectNode decode(ServiceModel model, String target, String body) {
        HttpRequest r = call(target, body);
        return codec.decode(codec.resolve(model, r), r);
    }

    @Test
    void unknownTargetsAreUnknownOperation() {
        assertThat(catchAws(() -> codec.resolve(DDB, call("DynamoDB_20120810.Nope", "{}"))).code())
                .isEqualTo("UnknownOperationException");
        assertThat(catchAws(() -> codec.resolve(DDB, call("Logs_20140328.GetItem", "{}"))).code())
                .isEqualTo("UnknownOperationException");
        assertThat(catchAws(() -> codec.resolve(DDB, request("POST", "/").body("{}").build())).status()).isEqualTo(400);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"TableName\": |Malformed JSON",
            "[]|Start of list found where not expected",
            "\"x\"|Expected a JSON object as the request body",
            "{\"TableName\":\"t\"} {}|Malformed JSON",
            "{\"TableName\":5}|NUMBER_VALUE can not be converted to a String",
            "{\"TableName\":[\"t\"]}|Start of list found where not expected",
            "{\"TableName\":\"t\",\"Limit\":\"5\"}|STRING_VALUE can not be converted to an Integer",
            "{\"TableName\":\"t\",\"Limit\":2.5}|NUMBER_VALUE can not be converted to an Integer",
            "{\"TableName\":\"t\",\"Limit\":3000000000}|Numeric value (3000000000) out of range of int",
            "{\"TableName\":\"t\",\"Limit\":1e300}|out of range of int",
            "{\"TableName\":\"t\",\"ConsistentRead\":\"true\"}|STRING_VALUE can not be converted to a Boolean",
            "{\"TableName\":\"t\",\"ExclusiveStartKey\":{\"k\":{\"B\":\"not base64!\"}}}|Base64 encoded value is invalid",
    })
    void malformedBodiesAreSerializationExceptions(String body, String message) {
        AwsException e = catchAws(() -> decode(DDB, "DynamoDB_20120810.Query", body));
        assertThat(e.code()).isEqualTo("SerializationException");
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains(message);
    }

    @Test
    void valuesAreNormalised() {
        ObjectNode in = decode(DDB, "DynamoDB_20120810.Query", """
                {"TableName":"t","Limit":5.0,"AttributesToGet":["a",null,"b"],"Unknown":{"x":1},
                 "ExclusiveStartKey":{"k":{"B":"AAE="},"n":{"NULL":true},"l":{"L":[{"S":"x"}]}}}""");
        assertThat(in.get("Limit").isInt()).isTrue();
        assertThat(in.get("Limit").intValue()).isEqualTo(5);
        assertThat(in.get("AttributesToGet")).isEqualTo(json("[\"a\",\"b\"]"));
        assertThat(in.has("Unknown")).isFalse();
        assertThat(in.at("/ExclusiveStartKey/k/B").isBinary()).isTrue();
        assertThat(in.at("/ExclusiveStartKey/l/L/0/S").asText()).isEqualTo("x");
    }

    @Test
    void timestampsAndNonFiniteDoubles() {
        ObjectNode in = decode(LOGS, "Logs_20140328.PutLogEvents", """
                {"logGroupName":"g","logStreamName":"s","logEvents":[{"timestamp":1700000000000,"message":"m"}]}""");
        assertThat(in.at("/logEvents/0/timestamp").longValue()).isEqualTo(1700000000000L);

        ServiceModel cw = ServiceModel.load("cloudwatch");
        HttpRequest r = request("POST", "/").header("X-Amz-Target", "GraniteServiceVersion20100801.PutMetricData")
                .body("{\"Namespace\":\"n\",\"MetricData\":[{\"MetricName\":\"m\",\"Value\":\"NaN\",\"Timestamp\":\"2024-01-02T03:04:05Z\"},"
                        + "{\"MetricName\":\"m\",\"Value\":\"-Infinity\",\"Timestamp\":1704164645.5}]}").build();
        ObjectNode metrics = codec.decode(codec.resolve(cw, r), r);
        assertThat(metrics.at("/MetricData/0/Value").doubleValue()).isNaN();
        assertThat(metrics.at("/MetricData/1/Value").doubleValue()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Timestamps.instant(metrics.at("/MetricData/0/Timestamp"))).isEqualTo(Instant.parse("2024-01-02T03:04:05Z"));
        assertThat(Timestamps.instant(metrics.at("/MetricData/1/Timestamp"))).isEqualTo(Instant.parse("2024-01-02T03:04:05.500Z"));
        AwsException e = catchAws(() -> codec.decode(cw.operation("PutMetricData"), request("POST", "/").body(
                "{\"Namespace\":\"n\",\"MetricData\":[{\"MetricName\":\"m\",\"Timestamp\":1e300}]}").build()));
        assertThat(e.code()).isEqualTo("SerializationException");
    }

    @Test
    void outputsAreWrittenAsTheyAreWithPlainTimestamps() {
        ObjectNode out = (ObjectNode) json("{\"Table\":{\"TableName\":\"t\",\"ItemCount\":0}}");
        out.with("Table").set("CreationDateTime", Timestamps.node(Instant.parse("2024-01-01T00:00:00Z")));
        HttpResponse resp = codec.encode(DDB.operation("DescribeTable"), out, "r");
        assertThat(resp.headers().first("Content-Type")).isEqualTo("application/x-amz-json-1.0");
        assertThat(text(resp)).isEqualTo("{\"Table\":{\"TableName\":\"t\",\"ItemCount\":0,\"CreationDateTime\":1704067200}}");
        assertThat(text(codec.encode(DDB.operation("DeleteItem"), null, "r"))).isEqualTo("{}");
    }

    @Test
    void errorsCarryTypeHeaderAndFields() {
        HttpResponse resp = codec.encodeError(DDB, null, new AwsException("ConditionalCheckFailedException",
                "The conditional request failed").with("Item", json("{\"k\":{\"S\":\"v\"}}")), "r");
        assertThat(resp.status()).isEqualTo(400);
        assertThat(resp.headers().first("x-amzn-ErrorType")).isEqualTo("ConditionalCheckFailedException");
        assertThat(json(resp)).isEqualTo(json("{\"__type\":\"ConditionalCheckFailedException\","
                + "\"message\":\"The conditional request failed\",\"Item\":{\"k\":{\"S\":\"v\"}}}"));
        assertThat(resp.headers().first("x-amzn-query-error")).isNull();
        HttpResponse logs = codec.encodeError(LOGS, null, new AwsException("ResourceNotFoundException", "gone"), "r");
        assertThat(logs.headers().first("Content-Type")).isEqualTo("application/x-amz-json-1.1");
    }

    @Test
    void convertedMembersAreCopiedAndTheRestKeptInWireOrder() {
        ObjectNode in = decode(DDB, "DynamoDB_20120810.Query", "{\"Limit\":2,\"Unknown\":1,\"TableName\":\"t\","
                + "\"ExclusiveStartKey\":{\"k\":{\"B\":\"AAE=\"},\"s\":{\"S\":\"x\"}},\"ConsistentRead\":true}");
        assertThat(in.toString()).isEqualTo("{\"Limit\":2,\"TableName\":\"t\",\"ExclusiveStartKey\":{\"k\":"
                + "{\"B\":\"AAE=\"},\"s\":{\"S\":\"x\"}},\"ConsistentRead\":true}");
        assertThat(in.path("ExclusiveStartKey").path("k").path("B").isBinary()).isTrue();
        assertThat(in.path("Limit").isInt()).isTrue();
    }
}
