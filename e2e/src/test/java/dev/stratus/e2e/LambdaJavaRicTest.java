package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.api.client.AWSLambda;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.utilslite.SdkInternalThreadLocal;

/**
 * AWS's own Java runtime interface client (aws-lambda-java-runtime-interface-client, with its JNI Runtime API client)
 * runs unchanged as the bootstrap of a provided.al2023 function, as in a container image.
 */
class LambdaJavaRicTest {
    static final StratusServer stratus = StratusServer.start();
    final LambdaClient lambda = stratus.client(LambdaClient.builder());

    @AfterAll
    static void stop() {
        stratus.close();
    }

    @Test
    void runtimeInterfaceClientServesRequestHandlersAndErrors() {
        Path classes = JavaFunctions.compile(21, Map.of("example/Hello.java", LambdaJavaTest.HELLO,
                "example/Failing.java", LambdaJavaTest.FAILING));
        // The JDK the tests run on lives under /usr/lib/jvm on this machine, which the sandbox shows read-only.
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String bootstrap = "#!/bin/sh\nexec " + java + " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
                + " -cp \"$LAMBDA_TASK_ROOT/lib/*\" " + AWSLambda.class.getName() + " \"$_HANDLER\"\n";
        SdkBytes code = JavaFunctions.zipWithBootstrap(classes, bootstrap, List.of(
                JavaFunctions.jarOf(AWSLambda.class), JavaFunctions.coreJar(), JavaFunctions.jarOf(PojoSerializer.class),
                JavaFunctions.jarOf(SdkInternalThreadLocal.class)));
        for (String[] fn : new String[][] {{"ric-hello", "example.Hello::handleRequest"},
                {"ric-failing", "example.Failing::handle"}}) {
            lambda.createFunction(b -> b.functionName(fn[0]).runtime(Runtime.PROVIDED_AL2023).role(LambdaJavaTest.ROLE)
                    .handler(fn[1]).timeout(30).memorySize(256).code(c -> c.zipFile(code)));
        }

        InvokeResponse ok = lambda.invoke(b -> b.functionName("ric-hello").logType(LogType.TAIL)
                .payload(SdkBytes.fromUtf8String("{\"name\":\"Ric\"}")));
        String tail = new String(Base64.getDecoder().decode(ok.logResult()), StandardCharsets.UTF_8);
        System.out.println("RIC cold start: " + tail.replaceAll("(?s).*(Init Duration: [0-9.]+ ms).*", "$1"));
        assertThat(ok.functionError()).as(ok.payload().asUtf8String() + "\n" + tail).isNull();
        // provided.al2023 sets no AWS_EXECUTION_ENV.
        assertThat(ok.payload().asUtf8String()).isEqualTo("\"Hello Ric from ric-hello on null\"");
        assertThat(tail).contains("logger says hi to Ric", "stdout says hi");

        InvokeResponse failed = lambda.invoke(b -> b.functionName("ric-failing")
                .payload(SdkBytes.fromUtf8String("{\"why\":\"ric\"}")));
        assertThat(failed.functionError()).isEqualTo("Unhandled");
        assertThat(failed.payload().asUtf8String()).contains("\"errorMessage\":\"cannot: ric\"",
                "\"errorType\":\"java.lang.IllegalStateException\"", "example.Failing.explode(Failing.java:");
    }
}
