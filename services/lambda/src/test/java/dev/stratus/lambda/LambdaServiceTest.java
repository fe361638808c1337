package dev.stratus.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.OperationRegistry;
import dev.stratus.platform.Platform;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.StratusConfig;
import dev.stratus.platform.auth.CredentialResolver;
import dev.stratus.protocol.AwsException;
import dev.stratus.storage.MemoryStorage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The service called in-process, as other services and the edge call it. */
class LambdaServiceTest {
    private final OperationRegistry registry = new OperationRegistry();
    private final CredentialResolver credentials = new CredentialResolver(Map.of());
    private final LambdaService lambda = new LambdaService(new Platform(StratusConfig.forTests(), new MemoryStorage(),
            Clock.systemUTC(), registry, credentials), Duration.ofMinutes(10), 1);

    {
        registry.register(lambda);
    }

    @AfterEach
    void close() {
        lambda.close();
    }

    private static byte[] zip(String name, String content) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            z.putNextEntry(new ZipEntry(name));
            z.write(content.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private JsonNode call(String op, ObjectNode in) {
        return registry.call("lambda", op, RequestContext.internal("000000000000", "us-east-1"), in);
    }

    @Test
    void invocationsBeyondTheConcurrencyQuotaAreThrottled() throws Exception {
        ObjectNode create = JsonNodeFactory.instance.objectNode().put("FunctionName", "slow").put("Runtime",
                "python3.12").put("Role", "arn:aws:iam::000000000000:role/r").put("Handler", "app.handler");
        create.putObject("Code").set("ZipFile", BinaryNode.valueOf(zip("app.py",
                "import time\ndef handler(e, c):\n    time.sleep(0.5)\n    return 'done'\n")));
        call("CreateFunction", create);
        ObjectNode invoke = JsonNodeFactory.instance.objectNode().put("FunctionName", "slow");
        List<Future<String>> results = new ArrayList<>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 2; i++) {
                results.add(executor.submit(() -> {
                    try {
                        return new String(call("Invoke", invoke.deepCopy()).get("Payload").binaryValue(),
                                StandardCharsets.UTF_8);
                    } catch (AwsException e) {
                        return e.code() + " " + e.status() + " " + e.getMessage();
                    }
                }));
            }
        }
        List<String> outcomes = new ArrayList<>();
        for (Future<String> f : results) {
            outcomes.add(f.get());
        }
        assertThat(outcomes).containsExactlyInAnyOrder("\"done\"", "TooManyRequestsException 429 Rate Exceeded.");
        assertThat(lambda.executionDriver()).isIn("bubblewrap", "process");
    }

    @Test
    void functionsGetCredentialsTheCredentialChainKnows() throws Exception {
        ObjectNode create = JsonNodeFactory.instance.objectNode().put("FunctionName", "creds").put("Runtime",
                "python3.12").put("Role", "arn:aws:iam::000000000000:role/app-role").put("Handler", "app.handler");
        create.putObject("Code").set("ZipFile", BinaryNode.valueOf(zip("app.py",
                "import os\ndef handler(e, c):\n    return os.environ['AWS_ACCESS_KEY_ID']\n")));
        call("CreateFunction", create);
        String key = new String(call("Invoke", JsonNodeFactory.instance.objectNode().put("FunctionName", "creds"))
                .get("Payload").binaryValue(), StandardCharsets.UTF_8).replace("\"", "");
        assertThat(key).startsWith("ASIA");
        assertThat(credentials.find(key)).hasValueSatisfying(c -> assertThat(c.principalArn())
                .isEqualTo("arn:aws:sts::000000000000:assumed-role/app-role/creds"));
    }
}
