package dev.stratus.lambda.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Python functions on both sandbox drivers: cold and warm starts, errors, timeouts, crashes, environment. */
class PythonRuntimeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APP = """
            import json, os, sys, time, logging
            COUNT = {"n": 0}
            def handler(event, context):
                COUNT["n"] += 1
                print("hello from", context.function_name)
                if event.get("raise"):
                    raise ValueError("bad value")
                if event.get("sleep"):
                    time.sleep(event["sleep"])
                if event.get("exit") is not None:
                    os._exit(event["exit"])
                if event.get("unserializable"):
                    return {"s": {1, 2}}
                keys = ["AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
                        "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_REGION", "AWS_DEFAULT_REGION",
                        "AWS_EXECUTION_ENV", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR", "_HANDLER", "TZ",
                        "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "GREETING",
                        "_X_AMZN_TRACE_ID"]
                return {"pid": os.getpid(), "count": COUNT["n"], "env": {k: os.environ.get(k) for k in keys},
                        "remaining": context.get_remaining_time_in_millis(), "requestId": context.aws_request_id,
                        "arn": context.invoked_function_arn, "memory": context.memory_limit_in_mb,
                        "group": context.log_group_name, "stream": context.log_stream_name,
                        "cwd": os.getcwd(), "hostScratch": os.path.exists(os.environ["HOST_SCRATCH"]),
                        "shadow": os.path.exists("/etc/shadow"), "tls": os.path.exists("/etc/ssl/certs"), "uid": os.getuid(),
                        "event": event}
            """;

    @TempDir
    Path scratch;
    private EnvironmentPool pool;

    static Stream<String> drivers() {
        return SandboxDrivers.detect() instanceof BubblewrapDriver ? Stream.of("bubblewrap", "process")
                : Stream.of("process");
    }

    private EnvironmentPool pool(String driver, TestFunctions.CapturedLogs logs) {
        SandboxDriver d = driver.equals("process") ? SandboxDrivers.process() : SandboxDrivers.detect();
        pool = new EnvironmentPool(TestFunctions.settings(scratch, d, new TestFunctions.MutableClock(),
                ExecutionSettings.INIT_TIMEOUT), logs);
        return pool;
    }

    @AfterEach
    void close() {
        if (pool != null) {
            pool.close();
        }
    }

    private FunctionSpec function(Map<String, String> files, String handler, int timeout) {
        CodeCache.Code code = new CodeCache(scratch.resolve("code")).unpack(TestFunctions.zip(scratch, files));
        return TestFunctions.spec(code, "py-fn", "python3.11", handler, timeout, Map.of("GREETING", "hi",
                "HOST_SCRATCH", scratch.toString()));
    }

    private static JsonNode json(EnvironmentPool.InvokeResult r) throws Exception {
        return JSON.readTree(r.reply().body());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @MethodSource("drivers")
    void coldThenWarmInvokeReusesTheEnvironment(String driver) throws Exception {
        TestFunctions.CapturedLogs logs = new TestFunctions.CapturedLogs();
        EnvironmentPool p = pool(driver, logs);
        FunctionSpec fn = function(Map.of("app.py", APP), "app.handler", 10);

        EnvironmentPool.InvokeResult first = p.invoke(fn, "11111111-1111-4111-8111-111111111111", bytes("{\"a\":1}"),
                null);
        assertThat(first.reply().failed()).as(new String(first.reply().body())).isFalse();
        assertThat(first.coldStart()).isTrue();
        JsonNode out = json(first);
        assertThat(out.get("count").asInt()).isEqualTo(1);
        assertThat(out.get("event").get("a").asInt()).isEqualTo(1);
        assertThat(out.get("requestId").asText()).isEqualTo("11111111-1111-4111-8111-111111111111");
        assertThat(out.get("arn").asText()).isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:py-fn");
        assertThat(out.get("memory").asText()).isEqualTo("128");
        assertThat(out.get("remaining").asLong()).isBetween(1L, 10_000L);
        JsonNode env = out.get("env");
        assertThat(env.get("AWS_LAMBDA_FUNCTION_NAME").asText()).isEqualTo("py-fn");
        assertThat(env.get("AWS_LAMBDA_FUNCTION_VERSION").asText()).isEqualTo("$LATEST");
        assertThat(env.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE").asText()).isEqualTo("128");
        assertThat(env.get("AWS_LAMBDA_LOG_GROUP_NAME").asText()).isEqualTo("/aws/lambda/py-fn");
        assertThat(env.get("AWS_LAMBDA_LOG_STREAM_NAME").asText()).matches("\\d{4}/\\d{2}/\\d{2}/\\[\\$LATEST][0-9a-f]{32}");
        assertThat(env.get("AWS_REGION").asText()).isEqualTo("us-east-1");
        assertThat(env.get("AWS_DEFAULT_REGION").asText()).isEqualTo("us-east-1");
        assertThat(env.get("AWS_EXECUTION_ENV").asText()).isEqualTo("AWS_Lambda_python3.11");
        assertThat(env.get("_HANDLER").asText()).isEqualTo("app.handler");
        assertThat(env.get("TZ").asText()).isEqualTo(":UTC");
        assertThat(env.get("AWS_LAMBDA_INITIALIZATION_TYPE").asText()).isEqualTo("on-demand");
        assertThat(env.get("AWS_ENDPOINT_URL").asText()).isEqualTo("http://127.0.0.1:4566");
        assertThat(env.get("AWS_ACCESS_KEY_ID").asText()).isEqualTo("AKIDTEST");
        assertThat(env.get("GREETING").asText()).isEqualTo("hi");
        assertThat(env.get("_X_AMZN_TRACE_ID").asText()).startsWith("Root=1-");
        assertThat(out.get("stream").asText()).isEqualTo(env.get("AWS_LAMBDA_LOG_STREAM_NAME").asText());
        if (driver.equals("bubblewrap")) {
            assertThat(env.get("LAMBDA_TASK_ROOT").asText()).isEqualTo("/var/task");
            assertThat(env.get("LAMBDA_RUNTIME_DIR").asText()).isEqualTo("/var/runtime");
            assertThat(out.get("cwd").asText()).isEqualTo("/var/task");
            assertThat(out.get("hostScratch").asBoolean()).as("host directories are hidden").isFalse();
            assertThat(out.get("shadow").asBoolean()).as("/etc/shadow is hidden").isFalse();
            assertThat(out.get("tls").asBoolean()).as("TLS roots are there").isTrue();
            assertThat(out.get("uid").asInt()).as("an unprivileged user, as on AWS").isEqualTo(993);
        }

        EnvironmentPool.InvokeResult second = p.invoke(fn, "22222222-2222-4222-8222-222222222222", bytes("{}"), null);
        assertThat(second.coldStart()).isFalse();
        assertThat(json(second).get("count").asInt()).isEqualTo(2);
        assertThat(json(second).get("pid").asLong()).isEqualTo(out.get("pid").asLong());
        assertThat(p.environmentCount()).isEqualTo(1);

        String log = logs.text();
        assertThat(log).contains("START RequestId: 11111111-1111-4111-8111-111111111111 Version: $LATEST\n"
                + "hello from py-fn\n"
                + "END RequestId: 11111111-1111-4111-8111-111111111111\n"
                + "REPORT RequestId: 11111111-1111-4111-8111-111111111111\tDuration: ");
        assertThat(log).containsPattern("REPORT RequestId: 11111111-1111-4111-8111-111111111111\tDuration: "
                + "\\d+\\.\\d\\d ms\tBilled Duration: \\d+ ms\tMemory Size: 128 MB\tMax Memory Used: \\d+ MB\t"
                + "Init Duration: \\d+\\.\\d\\d ms\t\n");
        assertThat(log).containsPattern("REPORT RequestId: 22222222-2222-4222-8222-222222222222\tDuration: "
                + "\\d+\\.\\d\\d ms\tBilled Duration: \\d+ ms\tMemory Size: 128 MB\tMax Memory Used: \\d+ MB\t\n");
        assertThat(new String(second.logTail(), StandardCharsets.UTF_8))
                .startsWith("START RequestId: 22222222-2222-4222-8222-222222222222");
        assertThat(logs.streams).allMatch(s -> s.startsWith("/aws/lambda/py-fn 20"));
    }

    @ParameterizedTest
    @MethodSource("drivers")
    void loggingImportedByTheHandlerIsFormattedAsOnAwsAndSitePackagesStayImportable(String driver)
            throws Exception {
        TestFunctions.CapturedLogs logs = new TestFunctions.CapturedLogs();
        EnvironmentPool p = pool(driver, logs);
        // logging and json are imported by the handler itself, after Init: the runtime set logging up all the same
        FunctionSpec fn = function(Map.of("late.py", """
                import os, site, sys
                def handler(event, context):
                    import json, logging
                    logging.getLogger().warning("careful %s", event["n"])
                    missing = [d for d in site.getsitepackages() if os.path.isdir(d) and d not in sys.path]
                    return {"missing": missing, "quit": callable(exit) and callable(quit),
                            "echo": json.loads(json.dumps(event)), "real": hasattr(json, "JSONEncoder")}
                """), "late.handler", 10);

        EnvironmentPool.InvokeResult r = p.invoke(fn, "req-late", bytes("{\"n\": 1.5, \"s\": \"\u00e9\\u00e8\"}"),
                null);
        assertThat(r.reply().failed()).as(new String(r.reply().body())).isFalse();
        JsonNode out = json(r);
        assertThat(out.get("missing")).as("host site-packages directories on sys.path").isEmpty();
        assertThat(out.get("quit").asBoolean()).isTrue();
        assertThat(out.get("real").asBoolean()).as("the function gets the real json module").isTrue();
        assertThat(out.get("echo").get("n").asDouble()).isEqualTo(1.5);
        assertThat(out.get("echo").get("s").asText()).isEqualTo("\u00e9\u00e8");
        assertThat(logs.text()).containsPattern(
                "\\[WARNING]\t\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\treq-late\tcareful 1.5\n");
    }

    @ParameterizedTest
    @MethodSource("drivers")
    void unhandledExceptionIsReportedAsAwsDoes(String driver) throws Exception {
        EnvironmentPool p = pool(driver, new TestFunctions.CapturedLogs());
        FunctionSpec fn = function(Map.of("app.py", APP), "app.handler", 10);
        EnvironmentPool.InvokeResult r = p.invoke(fn, "req-err", bytes("{\"raise\":true}"), null);
        assertThat(r.reply().errorType()).isEqualTo("ValueError");
        JsonNode doc = json(r);
        assertThat(doc.get("errorMessage").asText()).isEqualTo("bad value");
        assertThat(doc.get("errorType").asText()).isEqualTo("ValueError");
        assertThat(doc.get("requestId").asText()).isEqualTo("req-err");
        assertThat(doc.get("stackTrace").get(0).asText()).contains("app.py\", line 7, in handler");
        // the environment survives a handled exception
        assertThat(p.invoke(fn, "req-ok", bytes("{}"), null).coldStart()).isFalse();
    }

    @ParameterizedTest
    @MethodSource("drivers")
    void importAndHandlerErrorsUseTheRuntimeErrorTypes(String driver) throws Exception {
        TestFunctions.CapturedLogs logs = new TestFunctions.CapturedLogs();
        EnvironmentPool p = pool(driver, logs);
        Map<String, String> files = Map.of("app.py", APP, "broken.py", "def handler(:\n    pass\n");

        JsonNode missingModule = json(p.invoke(function(files, "nope.handler", 10), "r1", bytes("{}"), null));
        assertThat(missingModule.get("errorType").asText()).isEqualTo("Runtime.ImportModuleError");
        assertThat(missingModule.get("errorMessage").asText())
                .isEqualTo("Unable to import module 'nope': No module named 'nope'");
        assertThat(missingModule.get("requestId").asText()).isEmpty();
        assertThat(logs.text()).contains("[ERROR] Runtime.ImportModuleError: Unable to import module 'nope': No "
                + "module named 'nope'\nINIT_REPORT Init Duration: ").contains("\tPhase: init\tStatus: error\t"
                + "Error Type: Runtime.ImportModuleError\n");

        JsonNode missingHandler = json(p.invoke(function(files, "app.nothere", 10), "r2", bytes("{}"), null));
        assertThat(missingHandler.get("errorType").asText()).as(logs.text()).isEqualTo("Runtime.HandlerNotFound");
        assertThat(missingHandler.get("errorMessage").asText()).isEqualTo("Handler 'nothere' missing on module 'app'");

        JsonNode syntax = json(p.invoke(function(files, "broken.handler", 10), "r3", bytes("{}"), null));
        assertThat(syntax.get("errorType").asText()).isEqualTo("Runtime.UserCodeSyntaxError");
        assertThat(syntax.get("errorMessage").asText()).startsWith("Syntax error in module 'broken': ");

        JsonNode marshal = json(p.invoke(function(files, "app.handler", 10), "r4", bytes("{\"unserializable\":1}"),
                null));
        assertThat(marshal.get("errorType").asText()).isEqualTo("Runtime.MarshalError");
        assertThat(marshal.get("errorMessage").asText()).startsWith("Unable to marshal response: ");
    }

    @ParameterizedTest
    @MethodSource("drivers")
    void timeoutKillsTheEnvironment(String driver) throws Exception {
        TestFunctions.CapturedLogs logs = new TestFunctions.CapturedLogs();
        EnvironmentPool p = pool(driver, logs);
        FunctionSpec fn = function(Map.of("app.py", APP), "app.handler", 1);
        p.invoke(fn, "warmup", bytes("{}"), null);

        long t0 = System.nanoTime();
        EnvironmentPool.InvokeResult r = p.invoke(fn, "req-slow", bytes("{\"sleep\":30}"), null);
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5_000);
        assertThat(r.reply().errorType()).isEqualTo("Sandbox.Timedout");
        assertThat(json(r).get("errorMessage").asText())
                .isEqualTo("RequestId: req-slow Error: Task timed out after 1.00 seconds");
        assertThat(logs.text()).containsPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z req-slow Task timed "
                + "out after 1\\.00 seconds\n");
        assertThat(p.environmentCount()).isZero();

        EnvironmentPool.InvokeResult next = p.invoke(fn, "req-after", bytes("{}"), null);
        assertThat(next.coldStart()).isTrue();
        assertThat(json(next).get("count").asInt()).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("drivers")
    void crashIsAnExitError(String driver) throws Exception {
        TestFunctions.CapturedLogs logs = new TestFunctions.CapturedLogs();
        EnvironmentPool p = pool(driver, logs);
        FunctionSpec fn = function(Map.of("app.py", APP), "app.handler", 10);
        EnvironmentPool.InvokeResult r = p.invoke(fn, "req-crash", bytes("{\"exit\":3}"), null);
        assertThat(r.reply().errorType()).isEqualTo("Runtime.ExitError");
        assertThat(json(r).get("errorMessage").asText())
                .isEqualTo("RequestId: req-crash Error: Runtime exited with error: exit status 3");
        assertThat(logs.text()).contains("RequestId: req-crash Error: Runtime exited with error: exit status 3\n"
                + "Runtime.ExitError\nEND RequestId: req-crash\n");
        assertThat(p.invoke(fn, "req-next", bytes("{}"), null).coldStart()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("drivers")
    void noProcessOutlivesThePool(String driver) throws Exception {
        EnvironmentPool p = pool(driver, new TestFunctions.CapturedLogs());
        FunctionSpec fn = function(Map.of("app.py", APP), "app.handler", 10);
        long pid = json(p.invoke(fn, "r", bytes("{}"), null)).get("pid").asLong();
        if (driver.equals("process")) {
            assertThat(ProcessHandle.of(pid)).hasValueSatisfying(h -> assertThat(h.isAlive()).isTrue());
        }
        var before = ProcessHandle.current().descendants().toList();
        assertThat(before).isNotEmpty();
        p.close();
        for (ProcessHandle h : before) {
            h.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("drivers")
    void idleEnvironmentsAreReapedAfterKeepWarm(String driver) throws Exception {
        TestFunctions.MutableClock clock = new TestFunctions.MutableClock();
        SandboxDriver d = driver.equals("process") ? SandboxDrivers.process() : SandboxDrivers.detect();
        pool = new EnvironmentPool(TestFunctions.settings(scratch, d, clock, ExecutionSettings.INIT_TIMEOUT),
                LogSink.NONE);
        FunctionSpec fn = function(Map.of("app.py", APP), "app.handler", 10);
        pool.invoke(fn, "r1", bytes("{}"), null);
        clock.advance(Duration.ofMinutes(9));
        assertThat(pool.reapIdle()).isZero();
        clock.advance(Duration.ofMinutes(2));
        assertThat(pool.reapIdle()).isEqualTo(1);
        assertThat(pool.invoke(fn, "r2", bytes("{}"), null).coldStart()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("drivers")
    void concurrentInvocationsGetTheirOwnEnvironments(String driver) throws Exception {
        EnvironmentPool p = pool(driver, new TestFunctions.CapturedLogs());
        FunctionSpec fn = function(Map.of("app.py", APP), "app.handler", 10);
        p.invoke(fn, "warm", bytes("{}"), null);
        var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
        // long enough that the second request's new environment is ready before the first one frees up
        var a = executor.submit(() -> p.invoke(fn, "a", bytes("{\"sleep\":3}"), null));
        var b = executor.submit(() -> p.invoke(fn, "b", bytes("{\"sleep\":3}"), null));
        EnvironmentPool.InvokeResult ra = a.get(10, java.util.concurrent.TimeUnit.SECONDS);
        EnvironmentPool.InvokeResult rb = b.get(10, java.util.concurrent.TimeUnit.SECONDS);
        executor.close();
        // one reuses the warm environment, the other needs a cold start: only when all are busy
        assertThat(List.of(ra.coldStart(), rb.coldStart())).containsExactlyInAnyOrder(true, false);
        assertThat(json(ra).get("stream").asText()).isNotEqualTo(json(rb).get("stream").asText());
        assertThat(p.environmentCount()).isEqualTo(2);
    }
}
