package dev.stratus.lambda.esm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.AwsException;
import org.junit.jupiter.api.Test;

class EventFilterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static EventFilter filter(String... patterns) {
        ObjectNode criteria = JSON.createObjectNode();
        var filters = criteria.putArray("Filters");
        for (String p : patterns) {
            filters.addObject().put("Pattern", p);
        }
        return EventFilter.of(criteria);
    }

    private static JsonNode event(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void exactValuesInNestedFieldsAndAnyOfSeveralPatterns() {
        EventFilter f = filter("{\"body\":{\"kind\":[\"order\",\"refund\"]}}", "{\"attributes\":{\"n\":[7]}}");
        assertThat(f.matches(event("{\"body\":{\"kind\":\"refund\"}}"))).isTrue();
        assertThat(f.matches(event("{\"body\":{\"kind\":\"other\"}}"))).isFalse();
        assertThat(f.matches(event("{\"body\":\"kind\"}"))).isFalse();
        assertThat(f.matches(event("{\"attributes\":{\"n\":7.0}}"))).isTrue();
        assertThat(f.matches(event("{\"attributes\":{\"n\":\"7\"}}"))).isFalse();
    }

    @Test
    void prefixSuffixIgnoreCaseAndAnythingBut() {
        assertThat(filter("{\"k\":[{\"prefix\":\"ab\"}]}").matches(event("{\"k\":\"abc\"}"))).isTrue();
        assertThat(filter("{\"k\":[{\"prefix\":\"ab\"}]}").matches(event("{\"k\":\"cab\"}"))).isFalse();
        assertThat(filter("{\"k\":[{\"suffix\":\".png\"}]}").matches(event("{\"k\":\"a.png\"}"))).isTrue();
        assertThat(filter("{\"k\":[{\"equals-ignore-case\":\"YES\"}]}").matches(event("{\"k\":\"yes\"}"))).isTrue();
        EventFilter notRed = filter("{\"k\":[{\"anything-but\":[\"red\",\"blue\"]}]}");
        assertThat(notRed.matches(event("{\"k\":\"green\"}"))).isTrue();
        assertThat(notRed.matches(event("{\"k\":\"red\"}"))).isFalse();
        assertThat(notRed.matches(event("{}"))).isFalse();
        assertThat(filter("{\"k\":[{\"anything-but\":{\"prefix\":\"x\"}}]}").matches(event("{\"k\":\"xy\"}")))
                .isFalse();
    }

    @Test
    void numericRangesAndExistence() {
        EventFilter range = filter("{\"n\":[{\"numeric\":[\">\",0,\"<=\",5]}]}");
        assertThat(range.matches(event("{\"n\":5}"))).isTrue();
        assertThat(range.matches(event("{\"n\":0}"))).isFalse();
        assertThat(range.matches(event("{\"n\":\"3\"}"))).as("DynamoDB N strings compare as numbers").isTrue();
        assertThat(filter("{\"a\":[{\"exists\":true}]}").matches(event("{\"a\":1}"))).isTrue();
        assertThat(filter("{\"a\":[{\"exists\":true}]}").matches(event("{\"b\":1}"))).isFalse();
        assertThat(filter("{\"a\":[{\"exists\":false}]}").matches(event("{\"b\":1}"))).isTrue();
    }

    @Test
    void arrayValuesMatchWhenAnyElementDoes() {
        assertThat(filter("{\"tags\":[\"x\"]}").matches(event("{\"tags\":[\"w\",\"x\"]}"))).isTrue();
        assertThat(filter("{\"tags\":[\"x\"]}").matches(event("{\"tags\":[\"w\"]}"))).isFalse();
    }

    @Test
    void noCriteriaPassesEverythingAndBadPatternsAreRefused() {
        assertThat(EventFilter.of(null).matches(event("{}"))).isTrue();
        assertThatThrownBy(() -> filter("{\"k\":\"not a list\"}")).isInstanceOfSatisfying(AwsException.class,
                e -> assertThat(e.code()).isEqualTo("InvalidParameterValueException"));
        assertThatThrownBy(() -> filter("not json")).isInstanceOf(AwsException.class);
    }
}
