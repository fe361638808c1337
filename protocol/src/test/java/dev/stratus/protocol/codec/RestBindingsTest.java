package dev.stratus.protocol.codec;

import static dev.stratus.protocol.codec.Requests.json;
import static dev.stratus.protocol.codec.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.HttpResponse;
import dev.stratus.protocol.model.OperationModel;
import dev.stratus.protocol.model.ServiceModel;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The binding traits no shipped model exercises well, on a small restJson model of their own. */
class RestBindingsTest {
    static final ServiceModel MODEL = ServiceModel.fromJson("bindings", json("""
            {"metadata":{"protocol":"rest-json","serviceId":"Bindings"},
             "operations":{"Put":{"name":"Put","http":{"method":"PUT","requestUri":"/things/{Path+}","responseCode":200},
                                  "input":{"shape":"PutInput"},"output":{"shape":"PutOutput"}}},
             "shapes":{
               "PutInput":{"type":"structure","members":{
                 "Path":{"shape":"S","location":"uri","locationName":"Path"},
                 "Doc":{"shape":"S","location":"header","locationName":"x-doc","jsonvalue":true},
                 "Ids":{"shape":"IntList","location":"header","locationName":"x-ids"},
                 "Names":{"shape":"StrList","location":"header","locationName":"x-names"},
                 "Dates":{"shape":"DateList","location":"header","locationName":"x-dates"},
                 "Blob":{"shape":"B","location":"header","locationName":"x-blob"},
                 "Filters":{"shape":"MultiMap","location":"querystring"},
                 "Body":{"shape":"S"}}},
               "PutOutput":{"type":"structure","members":{
                 "Doc":{"shape":"S","location":"header","locationName":"x-doc","jsonvalue":true},
                 "Names":{"shape":"StrList","location":"header","locationName":"x-names"},
                 "When":{"shape":"T","location":"header","locationName":"x-when"},
                 "Epoch":{"shape":"EpochT","location":"header","locationName":"x-epoch"},
                 "Stamp":{"shape":"T","locationName":"stamp","timestampFormat":"iso8601"}}},
               "S":{"type":"string"},"B":{"type":"blob"},"I":{"type":"integer"},"T":{"type":"timestamp"},
               "EpochT":{"type":"timestamp","timestampFormat":"unixTimestamp"},
               "IntList":{"type":"list","member":{"shape":"I"}},
               "StrList":{"type":"list","member":{"shape":"S"}},
               "DateList":{"type":"list","member":{"shape":"T"}},
               "MultiMap":{"type":"map","key":{"shape":"S"},"value":{"shape":"StrList"}}}}"""));
    final RestJsonCodec codec = new RestJsonCodec();

    @Test
    void headerTraitsAndQueryMapsDecode() {
        String doc = Base64.getEncoder().encodeToString("{\"a\":[1,2]}".getBytes());
        HttpRequest r = request("PUT", "/things/a/b%2Fc/?color=red&color=blue&size=1")
                .header("x-doc", doc).header("x-ids", "1, 2").header("x-ids", "3")
                .header("x-names", "plain, \"with, comma\", \"q\\\"uote\"")
                .header("x-dates", "Mon, 01 Jan 2024 00:00:00 GMT, Tue, 02 Jan 2024 00:00:00 GMT")
                .header("x-blob", "AAE=").body("{\"Body\":\"b\"}").build();
        OperationModel op = codec.resolve(MODEL, r);
        ObjectNode in = codec.decode(op, r);
        assertThat(in.get("Path").asText()).isEqualTo("a/b/c/");
        assertThat(in.get("Doc")).isEqualTo(json("{\"a\":[1,2]}"));
        assertThat(in.get("Ids")).isEqualTo(json("[1,2,3]"));
        assertThat(in.get("Names")).isEqualTo(json("[\"plain\",\"with, comma\",\"q\\\"uote\"]"));
        assertThat(in.get("Dates")).hasSize(2);
        assertThat(Timestamps.instant(in.get("Dates").get(1))).isEqualTo(Instant.parse("2024-01-02T00:00:00Z"));
        assertThat(in.get("Blob").isBinary()).isTrue();
        assertThat(in.get("Filters")).isEqualTo(json("{\"color\":[\"red\",\"blue\"],\"size\":[\"1\"]}"));
        assertThat(in.get("Body").asText()).isEqualTo("b");
    }

    @Test
    void headerTraitsEncode() {
        ObjectNode out = (ObjectNode) json("{\"Doc\":{\"k\":true},\"Names\":[\"a\",\"b,c\"],\"When\":0,\"Epoch\":1.5,\"Stamp\":0}");
        HttpResponse resp = codec.encode(MODEL.operation("Put"), out, "r");
        assertThat(new String(Base64.getDecoder().decode(resp.headers().first("x-doc")))).isEqualTo("{\"k\":true}");
        assertThat(resp.headers().first("x-names")).isEqualTo("a, \"b,c\"");
        assertThat(resp.headers().first("x-when")).isEqualTo("Thu, 01 Jan 1970 00:00:00 GMT");
        assertThat(resp.headers().first("x-epoch")).isEqualTo("1.5");
        assertThat(Requests.json(resp)).isEqualTo(json("{\"stamp\":\"1970-01-01T00:00:00Z\"}"));
    }
}
