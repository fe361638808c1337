package dev.stratus.lambda.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The java* runtimes on both sandbox drivers, with a handler that needs no library (a static POJO method). */
class JavaRuntimeDriversTest {
    @TempDir
    Path scratch;

    static final String TWICE = """
            package plain;

            public class Twice {
                public static int twice(int n) {
                    System.out.println("doubling " + n + " on " + System.getenv("AWS_EXECUTION_ENV"));
                    return n * 2;
                }
            }
            """;

    byte[] compiledZip() throws IOException {
        Path src = Files.createDirectories(scratch.resolve("src/plain")).resolve("Twice.java");
        Files.writeString(src, TWICE);
        Path classes = Files.createDirectories(scratch.resolve("classes"));
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-d",
                classes.toString(), src.toString());
        assertThat(status).isZero();
        Path zip = scratch.resolve("code.zip");
        try (FileSystem fs = FileSystems.newFileSystem(URI.create("jar:" + zip.toUri()), Map.of("create", "true"));
             Stream<Path> files = Files.walk(classes)) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                Path target = fs.getPath("/" + classes.relativize(p));
                Files.createDirectories(target.getParent());
                Files.copy(p, target);
            }
        }
        return Files.readAllBytes(zip);
    }

    EnvironmentPool pool(SandboxDriver driver, ManagedRuntimes runtimes, TestFunctions.CapturedLogs logs) {
        ExecutionSettings base = TestFunctions.settings(scratch.resolve(driver.name()), driver,
                new TestFunctions.MutableClock(), ExecutionSettings.INIT_TIMEOUT);
        return new EnvironmentPool(new ExecutionSettings(driver, runtimes, base.runtimeDir(), base.workDir(),
                base.clock(), base.launcher(), base.platformEnv(), base.initTimeout(), base.keepWarm()), logs);
    }

    @Test
    void staticPojoHandlerRunsOnEveryDriver() throws IOException {
        byte[] zip = compiledZip();
        for (SandboxDriver driver : List.of(SandboxDrivers.process(), SandboxDrivers.detect())) {
            TestFunctions.CapturedLogs logs = new TestFunctions.CapturedLogs();
            Path runtimeDir = RuntimeFiles.unpack(scratch.resolve(driver.name()).resolve("runtimes"));
            try (EnvironmentPool pool = pool(driver, new ManagedRuntimes(new Interpreters(), runtimeDir), logs)) {
                CodeCache.Code code = new CodeCache(scratch.resolve(driver.name()).resolve("code")).unpack(zip);
                FunctionSpec fn = TestFunctions.spec(code, "twice", "java17", "plain.Twice::twice", 20, Map.of());
                EnvironmentPool.InvokeResult r = pool.invoke(fn, "req-1", "21".getBytes(StandardCharsets.UTF_8),
                        null);
                assertThat(new String(r.reply().body(), StandardCharsets.UTF_8)).as(driver.name() + "\n"
                        + logs.text()).isEqualTo("42");
                assertThat(new String(r.logTail(), StandardCharsets.UTF_8))
                        .contains("doubling 21 on AWS_Lambda_java17\n");
            }
        }
    }

    @Test
    void missingJdkIsAClearErrorNotAHang() throws IOException {
        byte[] zip = compiledZip();
        SandboxDriver driver = SandboxDrivers.detect();
        Path runtimeDir = RuntimeFiles.unpack(scratch.resolve("runtimes"));
        ManagedRuntimes noJdk = new ManagedRuntimes(new Interpreters(), new JavaInstallations(List.of()), runtimeDir);
        try (EnvironmentPool pool = pool(driver, noJdk, new TestFunctions.CapturedLogs())) {
            CodeCache.Code code = new CodeCache(scratch.resolve("code")).unpack(zip);
            FunctionSpec fn = TestFunctions.spec(code, "twice", "java21", "plain.Twice::twice", 20, Map.of());
            long t0 = System.nanoTime();
            EnvironmentPool.InvokeResult r = pool.invoke(fn, "req-2", "1".getBytes(StandardCharsets.UTF_8), null);
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2000);
            assertThat(r.reply().errorType()).isEqualTo("Runtime.InvalidEntrypoint");
            assertThat(new String(r.reply().body(), StandardCharsets.UTF_8))
                    .contains("Stratus runs java21 on a host JDK 21 or later, but found none");
        }
    }
}
