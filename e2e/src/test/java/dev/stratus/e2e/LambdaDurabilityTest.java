package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.platform.StratusConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;

/** Functions and their code survive a restart with a data directory. */
class LambdaDurabilityTest {
    @TempDir
    Path data;

    @Test
    void functionRunsAfterRestart() {
        StratusConfig config = StratusConfig.forTests().withStorage(data, false);
        try (StratusServer first = StratusServer.start(config)) {
            LambdaClient lambda = first.client(LambdaClient.builder());
            lambda.createFunction(b -> b.functionName("durable-fn").runtime(Runtime.NODEJS20_X).role(LambdaTest.ROLE)
                    .handler("index.handler").code(c -> c.zipFile(LambdaTest.zip(Map.of("index.js",
                            "exports.handler = async (e) => ({ kept: e.v });\n")))));
        }
        try (StratusServer second = StratusServer.start(config)) {
            LambdaClient lambda = second.client(LambdaClient.builder());
            assertThat(lambda.getFunction(b -> b.functionName("durable-fn")).configuration().handler())
                    .isEqualTo("index.handler");
            assertThat(lambda.invoke(b -> b.functionName("durable-fn")
                    .payload(software.amazon.awssdk.core.SdkBytes.fromUtf8String("{\"v\":7}"))).payload().asUtf8String())
                    .isEqualTo("{\"kept\":7}");
        }
    }
}
