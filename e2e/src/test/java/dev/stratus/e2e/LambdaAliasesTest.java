package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AliasConfiguration;
import software.amazon.awssdk.services.lambda.model.CreateAliasResponse;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.PreconditionFailedException;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.Runtime;

/** Aliases through the AWS SDK: CRUD, invoking through an alias, weighted routing between two versions. */
class LambdaAliasesTest {
    static final StratusServer stratus = StratusServer.start();
    final LambdaClient lambda = stratus.client(LambdaClient.builder());

    @AfterAll
    static void stop() {
        stratus.close();
    }

    /** A function with versions 1 and 2 (answering "one" and "two"). */
    void createWithTwoVersions(String name) {
        lambda.createFunction(b -> b.functionName(name).runtime(Runtime.PYTHON3_12).role(LambdaTest.ROLE)
                .handler("app.handler").code(c -> c.zipFile(LambdaVersionsTest.code("one"))));
        lambda.publishVersion(b -> b.functionName(name));
        lambda.updateFunctionCode(b -> b.functionName(name).zipFile(LambdaVersionsTest.code("two")));
        lambda.publishVersion(b -> b.functionName(name));
    }

    @Test
    void aliasesAreCreatedReadUpdatedAndDeleted() {
        createWithTwoVersions("aliased-fn");
        CreateAliasResponse live = lambda.createAlias(b -> b.functionName("aliased-fn").name("live")
                .functionVersion("1").description("prod"));
        assertThat(live.aliasArn()).isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:aliased-fn:live");
        assertThat(live.functionVersion()).isEqualTo("1");
        lambda.createAlias(b -> b.functionName("aliased-fn").name("dev").functionVersion("$LATEST"));

        assertThat(lambda.getAlias(b -> b.functionName("aliased-fn").name("live")).description()).isEqualTo("prod");
        assertThat(lambda.listAliases(b -> b.functionName("aliased-fn")).aliases())
                .extracting(AliasConfiguration::name).containsExactly("dev", "live");
        assertThat(lambda.listAliases(b -> b.functionName("aliased-fn").functionVersion("1")).aliases())
                .extracting(AliasConfiguration::name).containsExactly("live");

        var r = lambda.invoke(b -> b.functionName("aliased-fn").qualifier("live")
                .payload(SdkBytes.fromUtf8String("{}")));
        assertThat(r.executedVersion()).isEqualTo("1");
        assertThat(r.payload().asUtf8String()).contains("\"answer\": \"one\"");
        assertThat(lambda.getFunctionConfiguration(b -> b.functionName("aliased-fn:live")).version()).isEqualTo("1");

        assertThatThrownBy(() -> lambda.updateAlias(b -> b.functionName("aliased-fn").name("live")
                .functionVersion("2").revisionId("stale")))
                .isInstanceOf(PreconditionFailedException.class);
        lambda.updateAlias(b -> b.functionName("aliased-fn").name("live").functionVersion("2")
                .revisionId(live.revisionId()));
        assertThat(lambda.invoke(b -> b.functionName("aliased-fn").qualifier("live")).executedVersion())
                .isEqualTo("2");

        assertThatThrownBy(() -> lambda.deleteFunction(b -> b.functionName("aliased-fn").qualifier("2")))
                .isInstanceOf(ResourceConflictException.class);
        lambda.deleteAlias(b -> b.functionName("aliased-fn").name("live"));
        assertThatThrownBy(() -> lambda.getAlias(b -> b.functionName("aliased-fn").name("live")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Alias not found: arn:aws:lambda:us-east-1:000000000000:function:aliased-fn:live");
        assertThatThrownBy(() -> lambda.invoke(b -> b.functionName("aliased-fn").qualifier("live")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void aliasErrorsAreAwss() {
        createWithTwoVersions("alias-errors-fn");
        lambda.createAlias(b -> b.functionName("alias-errors-fn").name("a").functionVersion("1"));
        assertThatThrownBy(() -> lambda.createAlias(b -> b.functionName("alias-errors-fn").name("a")
                .functionVersion("1")))
                .isInstanceOf(ResourceConflictException.class).hasMessageContaining("Alias already exists");
        assertThatThrownBy(() -> lambda.createAlias(b -> b.functionName("alias-errors-fn").name("b")
                .functionVersion("9")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> lambda.createAlias(b -> b.functionName("alias-errors-fn").name("c")
                .functionVersion("$LATEST").routingConfig(rc -> rc.additionalVersionWeights(Map.of("1", 0.5)))))
                .isInstanceOf(InvalidParameterValueException.class);
    }

    @Test
    void weightedRoutingSendsSomeInvocationsToTheAdditionalVersion() {
        createWithTwoVersions("canary-fn");
        lambda.createAlias(b -> b.functionName("canary-fn").name("canary").functionVersion("1")
                .routingConfig(rc -> rc.additionalVersionWeights(Map.of("2", 0.5))));
        assertThat(lambda.getAlias(b -> b.functionName("canary-fn").name("canary")).routingConfig()
                .additionalVersionWeights()).containsExactly(Map.entry("2", 0.5));
        Set<String> executed = new HashSet<>();
        // 40 invocations at 50/50: both versions show up unless something is wrong (chance of a miss: 2^-39)
        for (int i = 0; i < 40 && executed.size() < 2; i++) {
            var r = lambda.invoke(b -> b.functionName("canary-fn").qualifier("canary"));
            assertThat(r.payload().asUtf8String()).contains("\"version\": \"" + r.executedVersion() + "\"");
            executed.add(r.executedVersion());
        }
        assertThat(executed).containsExactlyInAnyOrder("1", "2");
    }
}
