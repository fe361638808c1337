package dev.stratus.sns.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class FilterPolicyTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode json(String s) throws Exception {
        return MAPPER.readTree(s);
    }

    private static boolean attrs(String policy, String attributes) throws Exception {
        return FilterPolicy.parse(policy, false).matches(AttributeDocument.of(json(attributes)));
    }

    private static boolean body(String policy, String body) throws Exception {
        return FilterPolicy.parse(policy, true).matches(json(body));
    }

    @Test
    void exactStringsAreOredWithinAKeyAndAndedAcrossKeys() throws Exception {
        String p = "{\"color\":[\"red\",\"blue\"],\"size\":[\"L\"]}";
        assertThat(attrs(p, "{\"color\":{\"DataType\":\"String\",\"StringValue\":\"blue\"},"
                + "\"size\":{\"DataType\":\"String\",\"StringValue\":\"L\"}}")).isTrue();
        assertThat(attrs(p, "{\"color\":{\"DataType\":\"String\",\"StringValue\":\"green\"},"
                + "\"size\":{\"DataType\":\"String\",\"StringValue\":\"L\"}}")).isFalse();
        assertThat(attrs(p, "{\"color\":{\"DataType\":\"String\",\"StringValue\":\"red\"}}")).isFalse();
    }

    @Test
    void numbersMatchNumberAttributesOnlyAndByValue() throws Exception {
        assertThat(attrs("{\"n\":[5]}", "{\"n\":{\"DataType\":\"Number\",\"StringValue\":\"5.0\"}}")).isTrue();
        assertThat(attrs("{\"n\":[5]}", "{\"n\":{\"DataType\":\"String\",\"StringValue\":\"5\"}}")).isFalse();
        String range = "{\"price\":[{\"numeric\":[\">\",0,\"<=\",150]}]}";
        assertThat(attrs(range, "{\"price\":{\"DataType\":\"Number\",\"StringValue\":\"150\"}}")).isTrue();
        assertThat(attrs(range, "{\"price\":{\"DataType\":\"Number\",\"StringValue\":\"0\"}}")).isFalse();
        assertThat(attrs("{\"p\":[{\"numeric\":[\"=\",3.5]}]}",
                "{\"p\":{\"DataType\":\"Number\",\"StringValue\":\"3.50\"}}")).isTrue();
    }

    @Test
    void prefixSuffixAnythingButAndIgnoreCase() throws Exception {
        String a = "{\"k\":{\"DataType\":\"String\",\"StringValue\":\"order-123\"}}";
        assertThat(attrs("{\"k\":[{\"prefix\":\"order-\"}]}", a)).isTrue();
        assertThat(attrs("{\"k\":[{\"suffix\":\"-124\"}]}", a)).isFalse();
        assertThat(attrs("{\"k\":[{\"suffix\":\"123\"}]}", a)).isTrue();
        assertThat(attrs("{\"k\":[{\"anything-but\":[\"order-123\",\"x\"]}]}", a)).isFalse();
        assertThat(attrs("{\"k\":[{\"anything-but\":\"x\"}]}", a)).isTrue();
        assertThat(attrs("{\"k\":[{\"anything-but\":{\"prefix\":\"order\"}}]}", a)).isFalse();
        assertThat(attrs("{\"k\":[{\"equals-ignore-case\":\"ORDER-123\"}]}", a)).isTrue();
        assertThat(attrs("{\"other\":[{\"anything-but\":\"x\"}]}", a)).as("anything-but needs the key").isFalse();
    }

    @Test
    void existsTrueAndFalse() throws Exception {
        String a = "{\"k\":{\"DataType\":\"String\",\"StringValue\":\"v\"}}";
        assertThat(attrs("{\"k\":[{\"exists\":true}]}", a)).isTrue();
        assertThat(attrs("{\"k\":[{\"exists\":false}]}", a)).isFalse();
        assertThat(attrs("{\"missing\":[{\"exists\":false}]}", a)).isTrue();
        assertThat(attrs("{\"missing\":[{\"exists\":true}]}", a)).isFalse();
    }

    @Test
    void stringArrayAttributesMatchWhenAnyElementDoes() throws Exception {
        String a = "{\"tags\":{\"DataType\":\"String.Array\",\"StringValue\":\"[\\\"a\\\",\\\"b\\\"]\"}}";
        assertThat(attrs("{\"tags\":[\"b\"]}", a)).isTrue();
        assertThat(attrs("{\"tags\":[\"c\"]}", a)).isFalse();
    }

    @Test
    void orBetweenSubPolicies() throws Exception {
        String p = "{\"source\":[\"aws.cloudwatch\"],\"$or\":[{\"metricName\":[\"CPUUtilization\"]},"
                + "{\"namespace\":[{\"prefix\":\"AWS/\"}]}]}";
        assertThat(body(p, "{\"source\":\"aws.cloudwatch\",\"namespace\":\"AWS/EC2\"}")).isTrue();
        assertThat(body(p, "{\"source\":\"aws.cloudwatch\",\"metricName\":\"CPUUtilization\"}")).isTrue();
        assertThat(body(p, "{\"source\":\"aws.cloudwatch\",\"namespace\":\"Custom\"}")).isFalse();
    }

    @Test
    void nestedKeysInMessageBodyScope() throws Exception {
        String p = "{\"store\":{\"city\":[\"Paris\"],\"open\":[true]},\"total\":[{\"numeric\":[\">=\",10]}]}";
        assertThat(body(p, "{\"store\":{\"city\":\"Paris\",\"open\":true},\"total\":12}")).isTrue();
        assertThat(body(p, "{\"store\":{\"city\":\"Lyon\",\"open\":true},\"total\":12}")).isFalse();
        assertThat(body(p, "{\"store\":\"Paris\",\"total\":12}")).isFalse();
        assertThat(body("{\"items\":[\"x\"]}", "{\"items\":[\"y\",\"x\"]}")).isTrue();
    }

    @Test
    void invalidPoliciesAreRefusedWithAwsReasons() {
        assertThatThrownBy(() -> FilterPolicy.parse("{\"a\":[{\"bogus\":1}]}", false))
                .isInstanceOf(FilterPolicyException.class).hasMessage("Unrecognized match type bogus");
        assertThatThrownBy(() -> FilterPolicy.parse("{\"a\":{\"b\":[\"c\"]}}", false))
                .hasMessageContaining("does not support nested filter policy");
        assertThatThrownBy(() -> FilterPolicy.parse("[1]", false)).isInstanceOf(FilterPolicyException.class);
        assertThatThrownBy(() -> FilterPolicy.parse("{\"a\":[{\"numeric\":[\"<\",\"x\"]}]}", false))
                .hasMessage("Value of < must be numeric");
        assertThatThrownBy(() -> FilterPolicy.parse("{\"a\":[1],\"b\":[1],\"c\":[1],\"d\":[1],\"e\":[1],\"f\":[1]}",
                false)).hasMessageContaining("more than 5 keys");
        assertThatThrownBy(() -> FilterPolicy.parse("{\"a\":[{\"exists\":\"yes\"}]}", false))
                .hasMessageContaining("exists");
    }
}
