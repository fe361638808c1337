package dev.stratus.lambda.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Layers merged at /opt and external extensions, on both sandbox drivers (the process driver sees host paths). */
class LayersAndExtensionsTest {
    @TempDir
    Path scratch;
    private EnvironmentPool pool;
    private final TestFunctions.CapturedLogs logs = new TestFunctions.CapturedLogs();

    static Stream<String> drivers() {
        return Stream.of("process", "detected");
    }

    private void open(String driver) {
        pool = new EnvironmentPool(TestFunctions.settings(scratch, driver.equals("process") ? SandboxDrivers.process()
                : SandboxDrivers.detect(), new TestFunctions.MutableClock(), ExecutionSettings.INIT_TIMEOUT), logs);
    }

    @AfterEach
    void close() {
        if (pool != null) {
            pool.close();
        }
    }

    private FunctionSpec withLayers(String runtime, String handler, Map<String, String> code,
                                    List<Map<String, String>> layers) {
        CodeCache cache = new CodeCache(scratch.resolve("code"));
        CodeCache.Code fn = cache.unpack(TestFunctions.zip(scratch, code));
        List<Path> dirs = layers.stream().map(l -> cache.unpack(TestFunctions.zip(scratch, l)).dir()).toList();
        Path opt = new OptDirectories(scratch.resolve("opt")).merge(dirs);
        FunctionSpec s = TestFunctions.spec(fn, "layered", runtime, handler, 3, Map.of());
        return new FunctionSpec(s.accountId(), s.region(), s.name(), s.version(), s.arn(), s.runtime(), s.handler(),
                s.memoryMb(), s.timeoutSeconds(), s.environment(), s.codeDir(), s.codeSha256(), opt);
    }

    private String invoke(FunctionSpec fn, String id) {
        return new String(pool.invoke(fn, id, "{}".getBytes(StandardCharsets.UTF_8), null).reply().body(),
                StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @MethodSource("drivers")
    void laterLayersOverwriteEarlierOnesAndSearchPathsReachThem(String driver) throws Exception {
        open(driver);
        FunctionSpec py = withLayers("python3.12", "app.handler", Map.of("app.py", """
                import word, os, subprocess
                def handler(event, context):
                    tool = subprocess.run(["layer-tool"], capture_output=True, text=True).stdout.strip()
                    return word.WORD + "/" + tool
                """), List.of(Map.of("python/word.py", "WORD = 'one'", "bin/layer-tool!", "#!/bin/sh\necho tool1\n"),
                Map.of("python/word.py", "WORD = 'two'")));
        assertThat(invoke(py, "p-1")).isEqualTo("\"two/tool1\"");
        assertThat(Files.readString(py.optDir().resolve("python/word.py"))).isEqualTo("WORD = 'two'");

        FunctionSpec node = withLayers("nodejs20.x", "index.handler", Map.of("index.js",
                "exports.handler = async () => require('lib20') + require('libany');"),
                List.of(Map.of("nodejs/node20/node_modules/lib20/index.js", "module.exports = 'a';",
                        "nodejs/node_modules/libany/index.js", "module.exports = 'b';")));
        assertThat(invoke(node, "n-1")).isEqualTo("\"ab\"");
    }

    @ParameterizedTest
    @MethodSource("drivers")
    void extensionsThatNeverRegisterFailInitAndAnInitErrorIsReported(String driver) {
        open(driver);
        FunctionSpec fn = withLayers("python3.12", "app.handler", Map.of("app.py",
                "def handler(e, c):\n    return 1\n"), List.of(Map.of("extensions/broken!", """
                #!/usr/bin/env python3
                import json, os, urllib.request
                base = "http://" + os.environ["AWS_LAMBDA_RUNTIME_API"] + "/2020-01-01/extension"
                r = urllib.request.urlopen(urllib.request.Request(base + "/register", method="POST",
                    data=b'{"events":["INVOKE"]}', headers={"Lambda-Extension-Name": "broken"}))
                ext = r.headers["Lambda-Extension-Identifier"]
                urllib.request.urlopen(urllib.request.Request(base + "/init/error", method="POST",
                    data=b'{"errorMessage":"no config","errorType":"Extension.ConfigMissing"}',
                    headers={"Lambda-Extension-Identifier": ext,
                             "Lambda-Extension-Function-Error-Type": "Extension.ConfigMissing"}))
                """)));
        EnvironmentPool.InvokeResult r = pool.invoke(fn, "i-1", "{}".getBytes(StandardCharsets.UTF_8), null);
        assertThat(r.reply().errorType()).isEqualTo("Extension.ConfigMissing");
        assertThat(new String(r.reply().body(), StandardCharsets.UTF_8)).contains("no config");
    }

    @ParameterizedTest
    @MethodSource("drivers")
    void aCustomRuntimeBootstrapMayComeFromALayer(String driver) {
        open(driver);
        String bootstrap = """
                #!/bin/sh
                api="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/invocation"
                while true; do
                  headers=$(mktemp)
                  curl -sS -D "$headers" -o /dev/null "$api/next"
                  id=$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$headers" | cut -d' ' -f2 | tr -d '\\r')
                  curl -sS -o /dev/null -X POST "$api/$id/response" -d '"from opt"'
                done
                """;
        FunctionSpec fn = withLayers("provided.al2023", "x", Map.of("readme.txt", "code without a bootstrap"),
                List.of(Map.of("bootstrap!", bootstrap)));
        assertThat(invoke(fn, "b-1")).isEqualTo("\"from opt\"");
    }
}
