package dev.stratus.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.protocol.AwsException;
import org.junit.jupiter.api.Test;

class FunctionNamesTest {
    @Test
    void acceptsEveryFormTheApiDocuments() {
        assertThat(FunctionNames.parse("my-function", null)).isEqualTo(new FunctionNames.Ref("my-function", null));
        assertThat(FunctionNames.parse("my-function:$LATEST", null))
                .isEqualTo(new FunctionNames.Ref("my-function", "$LATEST"));
        assertThat(FunctionNames.parse("arn:aws:lambda:us-west-2:123456789012:function:my-function", null))
                .isEqualTo(new FunctionNames.Ref("my-function", null));
        assertThat(FunctionNames.parse("arn:aws:lambda:us-west-2:123456789012:function:my-function:prod", null))
                .isEqualTo(new FunctionNames.Ref("my-function", "prod"));
        assertThat(FunctionNames.parse("123456789012:function:my-function", "$LATEST"))
                .isEqualTo(new FunctionNames.Ref("my-function", "$LATEST"));
    }

    @Test
    void qualifierInNameMustMatchTheParameter() {
        assertThatThrownBy(() -> FunctionNames.parse("my-function:1", "2"))
                .isInstanceOfSatisfying(AwsException.class,
                        e -> assertThat(e.code()).isEqualTo("InvalidParameterValueException"));
    }
}
