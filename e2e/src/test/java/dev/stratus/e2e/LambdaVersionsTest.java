package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.PublishVersionResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.Runtime;

/** Published versions through the AWS SDK: numbering, snapshots, qualified reads and invocations, deletion. */
class LambdaVersionsTest {
    static final StratusServer stratus = StratusServer.start();
    final LambdaClient lambda = stratus.client(LambdaClient.builder());

    @AfterAll
    static void stop() {
        stratus.close();
    }

    static SdkBytes code(String answer) {
        return LambdaTest.zip(Map.of("app.py", """
                import os
                def handler(event, context):
                    return {"answer": "%s", "version": context.function_version,
                            "env": os.environ["AWS_LAMBDA_FUNCTION_VERSION"], "arn": context.invoked_function_arn}
                """.formatted(answer)));
    }

    void create(String name) {
        lambda.createFunction(b -> b.functionName(name).runtime(Runtime.PYTHON3_12).role(LambdaTest.ROLE)
                .handler("app.handler").code(c -> c.zipFile(code("one"))));
    }

    String invoke(String name, String qualifier) {
        InvokeResponse r = lambda.invoke(b -> b.functionName(name).qualifier(qualifier)
                .payload(SdkBytes.fromUtf8String("{}")));
        assertThat(r.functionError()).isNull();
        assertThat(r.executedVersion()).isEqualTo(qualifier == null ? "$LATEST" : qualifier);
        return r.payload().asUtf8String();
    }

    @Test
    void versionsAreNumberedSnapshotsThatKeepRunningTheirCode() {
        create("versioned-fn");
        PublishVersionResponse v1 = lambda.publishVersion(b -> b.functionName("versioned-fn").description("first"));
        assertThat(v1.version()).isEqualTo("1");
        assertThat(v1.functionArn()).endsWith(":function:versioned-fn:1");
        assertThat(v1.description()).isEqualTo("first");
        // nothing changed: the same version again
        assertThat(lambda.publishVersion(b -> b.functionName("versioned-fn")).version()).isEqualTo("1");

        lambda.updateFunctionCode(b -> b.functionName("versioned-fn").zipFile(code("two")));
        assertThat(lambda.publishVersion(b -> b.functionName("versioned-fn")).version()).isEqualTo("2");

        assertThat(lambda.listVersionsByFunction(b -> b.functionName("versioned-fn")).versions())
                .extracting(FunctionConfiguration::version).containsExactly("$LATEST", "1", "2");
        assertThat(lambda.listVersionsByFunction(b -> b.functionName("versioned-fn").maxItems(2)).nextMarker())
                .isNotNull();

        assertThat(invoke("versioned-fn", "1")).contains("\"answer\": \"one\"", "\"version\": \"1\"",
                "\"env\": \"1\"", ":function:versioned-fn:1\"");
        assertThat(invoke("versioned-fn", "2")).contains("\"answer\": \"two\"", "\"version\": \"2\"");
        assertThat(invoke("versioned-fn", null)).contains("\"answer\": \"two\"", "\"version\": \"$LATEST\"");

        var c1 = lambda.getFunctionConfiguration(b -> b.functionName("versioned-fn").qualifier("1"));
        assertThat(c1.version()).isEqualTo("1");
        assertThat(c1.codeSha256()).isEqualTo(v1.codeSha256());
        assertThat(lambda.getFunction(b -> b.functionName("versioned-fn:2")).configuration().version())
                .isEqualTo("2");
    }

    @Test
    void unknownVersionsAndStaleHashesAreRefused() {
        create("strict-fn");
        assertThatThrownBy(() -> lambda.invoke(b -> b.functionName("strict-fn").qualifier("7")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Function not found: arn:aws:lambda:us-east-1:000000000000:function:strict-fn:7");
        assertThatThrownBy(() -> lambda.publishVersion(b -> b.functionName("strict-fn").codeSha256("bogus")))
                .isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining("CodeSHA256 (bogus) is different from current CodeSHA256 in $LATEST");
    }

    @Test
    void deletingAVersionKeepsTheFunctionAndNeverReusesItsNumber() {
        create("pruned-fn");
        lambda.publishVersion(b -> b.functionName("pruned-fn"));
        lambda.deleteFunction(b -> b.functionName("pruned-fn").qualifier("1"));
        assertThatThrownBy(() -> lambda.getFunction(b -> b.functionName("pruned-fn").qualifier("1")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(lambda.getFunction(b -> b.functionName("pruned-fn")).configuration().version())
                .isEqualTo("$LATEST");
        lambda.updateFunctionConfiguration(b -> b.functionName("pruned-fn").timeout(5));
        assertThat(lambda.publishVersion(b -> b.functionName("pruned-fn")).version()).isEqualTo("2");

        lambda.deleteFunction(b -> b.functionName("pruned-fn"));
        assertThatThrownBy(() -> lambda.getFunction(b -> b.functionName("pruned-fn").qualifier("2")))
                .isInstanceOf(ResourceNotFoundException.class);
    }
}
