package dev.stratus.protocol.codec;

import static dev.stratus.protocol.codec.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.HttpResponse;
import dev.stratus.protocol.model.ServiceModel;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Smithy RPC v2 CBOR against the CloudWatch model: routing, decoding, tagged timestamps out, errors. */
class RpcV2CborCodecTest {
    static final ServiceModel CW = ServiceModel.load("cloudwatch");
    static final CBORMapper CBOR = new CBORMapper();
    final RpcV2CborCodec codec = new RpcV2CborCodec();

    HttpRequest call(String op, byte[] body) {
        return request("POST", "/service/GraniteServiceVersion20100801/operation/" + op)
                .header("smithy-protocol", "rpc-v2-cbor").header("Content-Type", "application/cbor").body(body).build();
    }

    @Test
    void theHeaderChoosesCborAndThePathTheOperation() throws Exception {
        byte[] body = CBOR.writeValueAsBytes(java.util.Map.of("Namespace", "n", "MetricData", java.util.List.of(
                java.util.Map.of("MetricName", "m", "Value", 1.5))));
        HttpRequest r = call("PutMetricData", body);
        assertThat(Codecs.forRequest(CW, r)).isInstanceOf(RpcV2CborCodec.class);
        ObjectNode in = codec.decode(codec.resolve(CW, r), r);
        assertThat(in.at("/MetricData/0/Value").doubleValue()).isEqualTo(1.5);
        assertThat(catchThrowableOfType(AwsException.class, () -> codec.resolve(CW, call("Nope", body))).status())
                .isEqualTo(404);
        HttpRequest json = request("POST", "/").header("X-Amz-Target", "GraniteServiceVersion20100801.ListMetrics")
                .body("{}").build();
        assertThat(Codecs.forRequest(CW, json)).isInstanceOf(AwsJsonCodec.class);
        assertThat(Codecs.forRequest(CW, request("POST", "/").body("Action=ListMetrics").build()))
                .isInstanceOf(QueryCodec.class);
    }

    @Test
    void malformedBodiesAreSerializationErrors() {
        HttpRequest r = call("ListMetrics", new byte[] {(byte) 0xbf, 0x61});
        assertThat(catchThrowableOfType(AwsException.class, () -> codec.decode(CW.operation("ListMetrics"), r)).code())
                .isEqualTo("SerializationException");
        HttpRequest list = call("ListMetrics", new byte[] {(byte) 0x80});
        assertThat(catchThrowableOfType(AwsException.class, () -> codec.decode(CW.operation("ListMetrics"), list))
                .code()).isEqualTo("SerializationException");
    }

    @Test
    void timestampsGoOutTaggedAndErrorsCarryTheirType() throws Exception {
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("Label", "m");
        out.putArray("Datapoints").addObject().put("Sum", 3).set("Timestamp",
                Timestamps.node(Instant.parse("2024-01-01T00:00:00Z")));
        HttpResponse response = codec.encode(CW.operation("GetMetricStatistics"), out, "rid");
        assertThat(response.headers().first("smithy-protocol")).isEqualTo("rpc-v2-cbor");
        try (CBORParser p = (CBORParser) CBOR.getFactory().createParser(response.body())) {
            boolean tagged = false;
            while (p.nextToken() != null) {
                if ("Timestamp".equals(p.currentName()) && p.currentToken().isNumeric()) {
                    tagged = p.getCurrentTag() == 1;
                    assertThat(p.getDoubleValue()).isEqualTo(1704067200.0);
                }
            }
            assertThat(tagged).isTrue();
        }
        JsonNode sum = CBOR.readTree(response.body()).at("/Datapoints/0/Sum");
        assertThat(sum.isDouble()).isTrue();

        HttpResponse error = codec.encodeError(CW, null, new AwsException("ResourceNotFound", "Alarm x does not exist",
                404), "rid");
        assertThat(error.status()).isEqualTo(404);
        assertThat(CBOR.readTree(error.body()).get("__type").asText()).isEqualTo("ResourceNotFound");
        assertThat(error.headers().first("x-amzn-query-error")).isEqualTo("ResourceNotFound;Sender");
    }
}
