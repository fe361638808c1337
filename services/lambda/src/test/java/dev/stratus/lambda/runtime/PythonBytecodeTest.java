package dev.stratus.lambda.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Python bootstrap compiled once per interpreter, and run compiled. */
class PythonBytecodeTest {
    @TempDir
    Path dir;

    @Test
    void theSourceRunsUntilTheCompiledBootstrapIsThereThenTheCompiledOne() throws Exception {
        Optional<Interpreters.Interpreter> python = new Interpreters().python("3");
        Assumptions.assumeTrue(python.isPresent(), "needs a python3");
        Path runtimes = RuntimeFiles.unpack(dir.resolve("runtimes"));
        PythonBytecode bytecode = new PythonBytecode(runtimes);
        Path exe = python.get().executable();

        assertThat(bytecode.script(exe, runtimes.toString()))
                .isEqualTo(runtimes.resolve("python/bootstrap.py").toString());
        String name = bytecode.compiling(exe, runtimes + "/python/bootstrap.py").join();
        assertThat(name).endsWith(".pyc");
        String script = bytecode.script(exe, "/var/runtime");
        assertThat(script).isEqualTo("/var/runtime/python/" + name);

        // the compiled bootstrap runs: without a Runtime API it fails on its first request, past its start-up
        ProcessBuilder pb = new ProcessBuilder(exe.toString(), "-S", runtimes.resolve("python").resolve(name)
                .toString()).redirectErrorStream(true);
        pb.environment().clear();
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        assertThat(out).contains("KeyError: 'AWS_LAMBDA_RUNTIME_API'");

        RuntimeFiles.unpack(runtimes);
        assertThat(runtimes.resolve("python").resolve(name)).as("new sources, no stale bytecode").doesNotExist();
    }
}
