package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.Runtime;

/** MemorySize is enforced: a function that allocates past it is stopped and reported as AWS reports it. */
class LambdaMemoryLimitTest {
    static final StratusServer stratus = StratusServer.start();
    static final ObjectMapper JSON = new ObjectMapper();
    final LambdaClient lambda = stratus.client(LambdaClient.builder());

    static final String HOG = """
            def handler(event, context):
                hog = b"x" * (event["mb"] * 1024 * 1024)
                return {"allocated": len(hog)}
            """;

    @AfterAll
    static void stop() {
        stratus.close();
    }

    static String enforcement() throws Exception {
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(stratus.endpoint() + "/_stratus/health")).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(health.body()).path("details").path("lambda").path("memoryEnforcement").asText();
    }

    @Test
    void goingOverMemorySizeIsRuntimeOutOfMemory() throws Exception {
        lambda.createFunction(b -> b.functionName("hog").runtime(Runtime.PYTHON3_12).role(LambdaTest.ROLE)
                .handler("app.handler").memorySize(128).timeout(30)
                .code(c -> c.zipFile(LambdaTest.zip(Map.of("app.py", HOG)))));
        InvokeResponse small = lambda.invoke(b -> b.functionName("hog")
                .payload(SdkBytes.fromUtf8String("{\"mb\": 16}")));
        assertThat(small.functionError()).isNull();

        InvokeResponse big = lambda.invoke(b -> b.functionName("hog").logType(LogType.TAIL)
                .payload(SdkBytes.fromUtf8String("{\"mb\": 400}")));
        assertThat(big.functionError()).isEqualTo("Unhandled");
        JsonNode error = JSON.readTree(big.payload().asUtf8String());
        String log = new String(Base64.getDecoder().decode(big.logResult()));
        String mode = enforcement();
        assertThat(mode).isIn("cgroup-v1", "cgroup-v2", "rlimit-as");
        if (mode.startsWith("cgroup")) {
            assertThat(error.get("errorType").asText()).isEqualTo("Runtime.OutOfMemory");
            assertThat(error.get("errorMessage").asText()).matches(
                    "RequestId: [0-9a-f-]{36} Error: Runtime exited with error: signal: killed");
            assertThat(log).contains("Runtime exited with error: signal: killed\nRuntime.OutOfMemory")
                    .containsPattern("REPORT RequestId: [0-9a-f-]{36}\\tDuration: [0-9.]+ ms\\tBilled Duration: "
                            + "\\d+ ms\\tMemory Size: 128 MB\\tMax Memory Used: 128 MB");
        } else {
            // RLIMIT_AS: the allocation fails inside Python, which reports it itself
            assertThat(error.get("errorType").asText()).isEqualTo("MemoryError");
        }

        // The next invocation gets a fresh environment.
        assertThat(lambda.invoke(b -> b.functionName("hog").payload(SdkBytes.fromUtf8String("{\"mb\": 1}")))
                .functionError()).isNull();
    }
}
