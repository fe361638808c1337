package dev.stratus.apigateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonPathsTest {
    @Test
    void selectsMembersIndexesAndWildcards() throws Exception {
        JsonNode doc = new ObjectMapper().readTree("{\"a\":{\"b c\":[1,{\"d\":2},3]},\"list\":[{\"n\":1},{\"n\":2}]}");
        assertThat(JsonPaths.select(doc, "$").toString()).isEqualTo(doc.toString());
        assertThat(JsonPaths.select(doc, "$.a['b c'][1].d").asInt()).isEqualTo(2);
        assertThat(JsonPaths.select(doc, "$.a['b c'][-1]").asInt()).isEqualTo(3);
        assertThat(JsonPaths.select(doc, "$.list[*].n").toString()).isEqualTo("[1,2]");
        assertThat(JsonPaths.select(doc, "$.missing.x")).isNull();
    }
}
