package dev.stratus.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class JsonTreeWriterTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void writesEveryNodeKindAsAwsJsonDoes() {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("s", "a\"b\u0001");
        o.put("i", 7);
        o.put("l", 1L << 40);
        o.put("d", 1.5);
        o.put("t", true);
        o.set("b", BinaryNode.valueOf("hi".getBytes(StandardCharsets.UTF_8)));
        o.set("ts", Timestamps.node(Instant.ofEpochSecond(1_700_000_000)));
        o.put("big", new BigDecimal("1E+3"));
        o.putArray("a").add(1).addObject().put("k", "v");
        String json = new String(JsonTreeWriter.toBytes(o), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("{\"s\":\"a\\\"b\\u0001\",\"i\":7,\"l\":1099511627776,\"d\":1.5,\"t\":true,"
                + "\"b\":\"aGk=\",\"ts\":1700000000,\"big\":1000,\"a\":[1,{\"k\":\"v\"}]}");
    }

    @Property(tries = 200)
    void textRoundTrips(@ForAll String text) throws Exception {
        ObjectNode o = MAPPER.createObjectNode().put("v", text);
        JsonNode back = MAPPER.readTree(JsonTreeWriter.toBytes(o));
        assertThat(back.get("v").asText()).isEqualTo(text);
    }

    @Test
    void writesAttributeValueTreesAsDatabindDoes() throws Exception {
        // DynamoDB stores items with JsonValues.toBytes where it used databind: stored bytes must not change.
        ObjectNode item = MAPPER.createObjectNode();
        item.putObject("pk").put("S", "caf\u00e9 \"x\"\n");
        item.putObject("n").put("N", "-1.50E+3");
        item.putObject("b").set("B", BinaryNode.valueOf(new byte[] {0, -1, 42}));
        item.putObject("t").put("BOOL", true);
        item.putObject("z").put("NULL", true);
        item.putObject("l").putArray("L").addObject().putArray("SS").add("a").add("b");
        item.putObject("m").putObject("M").putObject("k").putArray("BS").add(BinaryNode.valueOf(new byte[] {7}));
        assertThat(JsonValues.toBytes(item)).isEqualTo(MAPPER.writeValueAsBytes(item));
    }
}
