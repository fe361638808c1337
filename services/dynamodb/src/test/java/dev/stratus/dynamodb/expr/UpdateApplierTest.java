package dev.stratus.dynamodb.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UpdateApplierTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static ObjectNode apply(String expression, String values, String item) throws Exception {
        ExpressionAttributes attrs = new ExpressionAttributes(null, values == null ? null : JSON.readTree(values));
        var actions = ExpressionParser.update(expression, attrs);
        UpdateApplier.check(actions, Set.of("pk"));
        return new UpdateApplier(attrs).apply(actions, (ObjectNode) JSON.readTree(item));
    }

    @Test
    void severalListRemovalsUseTheOriginalPositions() throws Exception {
        ObjectNode out = apply("REMOVE l[0], l[2]", null,
                "{\"l\":{\"L\":[{\"S\":\"a\"},{\"S\":\"b\"},{\"S\":\"c\"},{\"S\":\"d\"}]}}");
        assertThat(out.get("l").get("L").toString()).isEqualTo("[{\"S\":\"b\"},{\"S\":\"d\"}]");
    }

    @Test
    void operandsReadTheItemBeforeTheUpdate() throws Exception {
        ObjectNode out = apply("SET a = b, b = a", null, "{\"a\":{\"N\":\"1\"},\"b\":{\"N\":\"2\"}}");
        assertThat(out.get("a").get("N").asText()).isEqualTo("2");
        assertThat(out.get("b").get("N").asText()).isEqualTo("1");
    }

    @Test
    void setBeyondTheEndOfAListAppends() throws Exception {
        ObjectNode out = apply("SET l[10] = :v", "{\":v\":{\"S\":\"z\"}}", "{\"l\":{\"L\":[{\"S\":\"a\"}]}}");
        assertThat(out.get("l").get("L").size()).isEqualTo(2);
    }

    @Test
    void arithmeticIsCheckedForTypeAndRange() {
        assertThatThrownBy(() -> apply("SET a = a + :v", "{\":v\":{\"N\":\"1\"}}", "{\"a\":{\"S\":\"x\"}}"))
                .hasMessage("An operand in the update expression has an incorrect data type");
        assertThatThrownBy(() -> apply("SET a = a + :v", "{\":v\":{\"N\":\"1E+125\"}}",
                "{\"a\":{\"N\":\"9.9999999999999999999999999999999999999E+125\"}}"))
                .hasMessageStartingWith("Number overflow.");
    }

    @Test
    void nestedSetNeedsAnExistingParent() {
        assertThatThrownBy(() -> apply("SET m.x = :v", "{\":v\":{\"N\":\"1\"}}", "{}"))
                .hasMessage("The document path provided in the update expression is invalid for update");
    }

    @Test
    void deletingTheLastMembersRemovesTheSet() throws Exception {
        ObjectNode out = apply("DELETE s :v", "{\":v\":{\"SS\":[\"a\",\"b\"]}}", "{\"s\":{\"SS\":[\"a\",\"b\"]}}");
        assertThat(out.has("s")).isFalse();
    }
}
