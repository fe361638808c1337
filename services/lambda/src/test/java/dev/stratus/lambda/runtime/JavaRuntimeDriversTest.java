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
        Path classes = compile("plain", Map.of("plain/Twice.java", TWICE), null);
        return Files.readAllBytes(zipTree(classes, "", scratch.resolve("code.zip")));
    }

    /** Compiles {@code sources} (relative path to text) against {@code classPath} (or nothing) into a new directory. */
    Path compile(String name, Map<String, String> sources, Path classPath) throws IOException {
        Path src = scratch.resolve("src-" + name);
        List<String> args = new java.util.ArrayList<>(List.of("--release", "17", "-d",
                Files.createDirectories(scratch.resolve("classes-" + name)).toString()));
        if (classPath != null) {
            args.addAll(List.of("-cp", classPath.toString()));
        }
        for (var e : sources.entrySet()) {
            Path file = src.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            args.add(file.toString());
        }
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new))).isZero();
        return scratch.resolve("classes-" + name);
    }

    /** Zips (or jars: same format) the files under {@code dir}, each under {@code prefix}. */
    static Path zipTree(Path dir, String prefix, Path zip) throws IOException {
        try (FileSystem fs = FileSystems.newFileSystem(URI.create("jar:" + zip.toUri()), Map.of("create", "true"));
             Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                Path target = fs.getPath("/" + prefix + dir.relativize(p));
                Files.createDirectories(target.getParent());
                Files.copy(p, target);
            }
        }
        return zip;
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

    static final String GREETING = """
            package shared;

            public class Greeting {
                public static String of(String who) {
                    return "hello " + who + " from a layer";
                }
            }
            """;

    static final String GREET = """
            package plain;

            public class Greet {
                public static String greet(String who) {
                    return shared.Greeting.of(who) + ", opt variable " + System.getenv("_STRATUS_OPT");
                }
            }
            """;

    @Test
    void layerJarsUnderJavaLibAreOnTheClassPathOnEveryDriver() throws IOException {
        Path library = compile("layer", Map.of("shared/Greeting.java", GREETING), null);
        Path jarDir = Files.createDirectories(scratch.resolve("jar"));
        zipTree(library, "", jarDir.resolve("greeting.jar"));
        Path layerZip = zipTree(jarDir, "java/lib/", scratch.resolve("layer.zip"));
        Path function = compile("function", Map.of("plain/Greet.java", GREET), library);
        assertThat(function.resolve("shared/Greeting.class")).doesNotExist(); // only the layer provides it
        Path codeZip = zipTree(function, "", scratch.resolve("greet.zip"));
        for (SandboxDriver driver : List.of(SandboxDrivers.process(), SandboxDrivers.detect())) {
            TestFunctions.CapturedLogs logs = new TestFunctions.CapturedLogs();
            Path root = scratch.resolve(driver.name());
            Path runtimeDir = RuntimeFiles.unpack(root.resolve("runtimes"));
            try (EnvironmentPool pool = pool(driver, new ManagedRuntimes(new Interpreters(), runtimeDir), logs)) {
                CodeCache cache = new CodeCache(root.resolve("code"));
                CodeCache.Code code = cache.unpack(Files.readAllBytes(codeZip));
                Path opt = new OptDirectories(root.resolve("opt"))
                        .merge(List.of(cache.unpack(Files.readAllBytes(layerZip)).dir()));
                FunctionSpec s = TestFunctions.spec(code, "greet", "java21", "plain.Greet::greet", 20, Map.of());
                FunctionSpec fn = new FunctionSpec(s.accountId(), s.region(), s.name(), s.version(), s.arn(),
                        s.runtime(), s.handler(), s.memoryMb(), s.timeoutSeconds(), s.environment(), s.codeDir(),
                        s.codeSha256(), opt);
                EnvironmentPool.InvokeResult r = pool.invoke(fn, "req-3", "\"Ada\"".getBytes(StandardCharsets.UTF_8),
                        null);
                assertThat(new String(r.reply().body(), StandardCharsets.UTF_8)).as(driver.name() + "\n"
                        + logs.text()).isEqualTo("\"hello Ada from a layer, opt variable null\"");
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
            // Not a speed check: a hang would last the function's 20 s timeout; a clear error comes well before it.
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(15_000);
            assertThat(r.reply().errorType()).isEqualTo("Runtime.InvalidEntrypoint");
            assertThat(new String(r.reply().body(), StandardCharsets.UTF_8))
                    .contains("Stratus runs java21 on a host JDK 21 or later, but found none");
        }
    }
}
