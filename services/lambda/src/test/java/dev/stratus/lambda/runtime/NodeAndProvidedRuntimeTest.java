package dev.stratus.lambda.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Node.js (CommonJS, ES modules, callbacks) and custom {@code provided} runtimes on the host's best sandbox. */
class NodeAndProvidedRuntimeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path scratch;
    private EnvironmentPool pool;
    private final TestFunctions.CapturedLogs logs = new TestFunctions.CapturedLogs();

    @BeforeEach
    void open() {
        pool = new EnvironmentPool(TestFunctions.settings(scratch, SandboxDrivers.detect(),
                new TestFunctions.MutableClock(), ExecutionSettings.INIT_TIMEOUT), logs);
    }

    @AfterEach
    void close() {
        pool.close();
    }

    private FunctionSpec function(String runtime, String handler, Map<String, String> files) {
        CodeCache.Code code = new CodeCache(scratch.resolve("code")).unpack(TestFunctions.zip(scratch, files));
        return TestFunctions.spec(code, "fn-" + runtime.replace('.', '-'), runtime, handler, 2, Map.of("COLOR", "blue"));
    }

    private JsonNode invoke(FunctionSpec fn, String requestId, String event) throws Exception {
        EnvironmentPool.InvokeResult r = pool.invoke(fn, requestId, event.getBytes(StandardCharsets.UTF_8), null);
        return JSON.readTree(r.reply().body());
    }

    @Test
    void commonJsAsyncHandlerWithContextAndConsoleFormat() throws Exception {
        FunctionSpec fn = function("nodejs20.x", "index.handler", Map.of("index.js", """
                let calls = 0;
                exports.handler = async (event, context) => {
                  calls++;
                  console.log('got', event.n);
                  return { calls, n: event.n, name: context.functionName, id: context.awsRequestId,
                    mem: context.memoryLimitInMB, remaining: context.getRemainingTimeInMillis(),
                    group: context.logGroupName, color: process.env.COLOR, env: process.env.AWS_EXECUTION_ENV };
                };
                """));
        JsonNode first = invoke(fn, "n-1", "{\"n\":1}");
        assertThat(first.get("calls").asInt()).isEqualTo(1);
        assertThat(first.get("name").asText()).isEqualTo("fn-nodejs20-x");
        assertThat(first.get("id").asText()).isEqualTo("n-1");
        assertThat(first.get("mem").asText()).isEqualTo("128");
        assertThat(first.get("remaining").asLong()).isBetween(1L, 2000L);
        assertThat(first.get("group").asText()).isEqualTo("/aws/lambda/fn-nodejs20-x");
        assertThat(first.get("color").asText()).isEqualTo("blue");
        assertThat(first.get("env").asText()).isEqualTo("AWS_Lambda_nodejs20.x");
        assertThat(invoke(fn, "n-2", "{\"n\":2}").get("calls").asInt()).isEqualTo(2);
        assertThat(logs.text()).containsPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\tn-2\tINFO\tgot 2\n"
                + "END RequestId: n-2\n");
    }

    @Test
    void esModuleAndCallbackHandlers() throws Exception {
        FunctionSpec esm = function("nodejs22.x", "app.handler", Map.of("app.mjs", """
                export const handler = async (event) => ({ esm: true, echo: event });
                """));
        assertThat(invoke(esm, "e-1", "{\"x\":1}").get("echo").get("x").asInt()).isEqualTo(1);

        FunctionSpec cb = function("nodejs18.x", "lib/cb.handler", Map.of("lib/cb.js", """
                exports.handler = function (event, context, callback) {
                  setTimeout(() => callback(null, { callback: event.v }), 5);
                };
                """));
        assertThat(invoke(cb, "c-1", "{\"v\":\"yes\"}").get("callback").asText()).isEqualTo("yes");
    }

    @Test
    void errorsFollowTheNodeRuntimeShapes() throws Exception {
        FunctionSpec thrower = function("nodejs20.x", "index.handler", Map.of("index.js", """
                exports.handler = async () => { throw new TypeError('nope'); };
                """));
        EnvironmentPool.InvokeResult r = pool.invoke(thrower, "t-1", "{}".getBytes(StandardCharsets.UTF_8), null);
        assertThat(r.reply().errorType()).isEqualTo("TypeError");
        JsonNode doc = JSON.readTree(r.reply().body());
        assertThat(doc.get("errorMessage").asText()).isEqualTo("nope");
        assertThat(doc.get("trace").get(0).asText()).isEqualTo("TypeError: nope");

        FunctionSpec missing = function("nodejs20.x", "index.nothing", Map.of("index.js", "exports.x = 1;\n"));
        EnvironmentPool.InvokeResult m = pool.invoke(missing, "t-2", "{}".getBytes(StandardCharsets.UTF_8), null);
        assertThat(m.reply().errorType()).isEqualTo("Runtime.HandlerNotFound");
        assertThat(JSON.readTree(m.reply().body()).get("errorMessage").asText())
                .isEqualTo("index.nothing is undefined or not exported");
        assertThat(new String(m.logTail(), StandardCharsets.UTF_8))
                .contains("INIT_REPORT Init Duration: ").contains("\tPhase: init\tStatus: error\t"
                        + "Error Type: Runtime.HandlerNotFound\n");

        FunctionSpec noModule = function("nodejs20.x", "absent.handler", Map.of("index.js", "exports.x = 1;\n"));
        JsonNode nm = invoke(noModule, "t-3", "{}");
        assertThat(nm.get("errorType").asText()).isEqualTo("Runtime.ImportModuleError");
        assertThat(nm.get("errorMessage").asText()).startsWith("Error: Cannot find module 'absent'");
    }

    @Test
    void providedRuntimeRunsTheFunctionsOwnBootstrap() throws Exception {
        String bootstrap = """
                #!/bin/sh
                set -eu
                api="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/invocation"
                count=0
                while true; do
                  headers=$(mktemp)
                  event=$(curl -sS -D "$headers" "$api/next")
                  id=$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$headers" | cut -d' ' -f2 | tr -d '\\r')
                  count=$((count + 1))
                  echo "handling $id"
                  curl -sS -o /dev/null -X POST "$api/$id/response" \\
                    -d "{\\"count\\":$count,\\"event\\":$event,\\"handler\\":\\"$_HANDLER\\",\\"root\\":\\"$LAMBDA_TASK_ROOT\\"}"
                done
                """;
        FunctionSpec fn = function("provided.al2023", "my.handler", Map.of("bootstrap!", bootstrap));
        JsonNode first = invoke(fn, "p-1", "{\"k\":\"v\"}");
        assertThat(first.get("count").asInt()).isEqualTo(1);
        assertThat(first.get("event").get("k").asText()).isEqualTo("v");
        assertThat(first.get("handler").asText()).isEqualTo("my.handler");
        assertThat(invoke(fn, "p-2", "{}").get("count").asInt()).isEqualTo(2);
        assertThat(logs.text()).contains("START RequestId: p-2 Version: $LATEST\nhandling p-2\nEND RequestId: p-2\n");
    }

    @Test
    void providedWithoutBootstrapFailsClearly() throws Exception {
        FunctionSpec fn = function("provided.al2", "x", Map.of("readme.txt", "no bootstrap here"));
        JsonNode doc = invoke(fn, "nb-1", "{}");
        assertThat(doc.get("errorType").asText()).isEqualTo("Runtime.InvalidEntrypoint");
        assertThat(doc.get("errorMessage").asText()).isEqualTo("RequestId: nb-1 Error: Couldn't find valid "
                + "bootstrap(s): [" + (pool.settings().driver() instanceof BubblewrapDriver ? "/var/task"
                : fn.codeDir().toString()) + "/bootstrap /opt/bootstrap]");
    }

    @Test
    void missingInterpreterIsAClearErrorNotAHang() throws Exception {
        pool.close();
        ExecutionSettings base = TestFunctions.settings(scratch, SandboxDrivers.detect(),
                new TestFunctions.MutableClock(), Duration.ofSeconds(10));
        ExecutionSettings noInterpreters = new ExecutionSettings(base.driver(),
                new ManagedRuntimes(new Interpreters("/nonexistent")), base.runtimeDir(), base.workDir(), base.clock(),
                base.launcher(), base.platformEnv(), base.initTimeout(), base.keepWarm());
        pool = new EnvironmentPool(noInterpreters, logs);
        FunctionSpec fn = function("python3.12", "app.handler", Map.of("app.py", "def handler(e, c):\n    return 1\n"));
        long t0 = System.nanoTime();
        JsonNode doc = invoke(fn, "mi-1", "{}");
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2000);
        assertThat(doc.get("errorType").asText()).isEqualTo("Runtime.InvalidEntrypoint");
        assertThat(doc.get("errorMessage").asText()).contains("no python3.12 or python3 was found");
    }
}
