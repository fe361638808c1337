package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetAccountSettingsResponse;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.Runtime;

/** Lambda's tagging API and account settings through the AWS SDK. */
class LambdaTagsTest {
    static final StratusServer stratus = StratusServer.start();
    final LambdaClient lambda = stratus.client(LambdaClient.builder());

    @AfterAll
    static void stop() {
        stratus.close();
    }

    String create(String name, Map<String, String> tags) {
        return lambda.createFunction(b -> b.functionName(name).runtime(Runtime.PYTHON3_12).role(LambdaTest.ROLE)
                .handler("app.handler").tags(tags)
                .code(c -> c.zipFile(LambdaTest.zip(Map.of("app.py", LambdaTest.ECHO))))).functionArn();
    }

    @Test
    void tagsAreAddedListedAndRemoved() {
        String arn = create("tagged-fn", Map.of("team", "a"));
        assertThat(lambda.listTags(b -> b.resource(arn)).tags()).containsExactly(Map.entry("team", "a"));

        lambda.tagResource(b -> b.resource(arn).tags(Map.of("team", "b", "env", "dev")));
        assertThat(lambda.listTags(b -> b.resource(arn)).tags()).containsOnly(Map.entry("team", "b"),
                Map.entry("env", "dev"));
        assertThat(lambda.getFunction(b -> b.functionName("tagged-fn")).tags()).containsEntry("env", "dev");

        lambda.untagResource(b -> b.resource(arn).tagKeys(List.of("team", "absent")));
        assertThat(lambda.listTags(b -> b.resource(arn)).tags()).containsExactly(Map.entry("env", "dev"));
    }

    @Test
    void taggingErrorsAreAwss() {
        String arn = create("tag-errors-fn", Map.of());
        assertThatThrownBy(() -> lambda.listTags(b -> b.resource(arn + "-missing")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Function not found: " + arn + "-missing");
        assertThatThrownBy(() -> lambda.tagResource(b -> b.resource(arn + ":1").tags(Map.of("a", "b"))))
                .isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining("Tags on function aliases and versions are not supported");
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 51; i++) {
            many.put("k" + i, "v");
        }
        assertThatThrownBy(() -> lambda.tagResource(b -> b.resource(arn).tags(many)))
                .isInstanceOf(InvalidParameterValueException.class);
        assertThat(lambda.listTags(b -> b.resource(arn)).tags()).isEmpty();
    }

    @Test
    void accountSettingsReportQuotasAndUsage() {
        GetAccountSettingsResponse before = lambda.getAccountSettings(b -> { });
        create("settings-fn", Map.of());
        GetAccountSettingsResponse after = lambda.getAccountSettings(b -> { });
        assertThat(after.accountLimit().concurrentExecutions()).isEqualTo(1000);
        assertThat(after.accountLimit().unreservedConcurrentExecutions()).isEqualTo(1000);
        assertThat(after.accountLimit().codeSizeZipped()).isEqualTo(52_428_800L);
        assertThat(after.accountLimit().codeSizeUnzipped()).isEqualTo(262_144_000L);
        assertThat(after.accountUsage().functionCount()).isEqualTo(before.accountUsage().functionCount() + 1);
        assertThat(after.accountUsage().totalCodeSize()).isGreaterThan(before.accountUsage().totalCodeSize());
    }
}
