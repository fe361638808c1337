package dev.stratus.lambda.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** An environment's whole process tree dies when the process that started it is killed with SIGKILL. */
class ParentDeathTest {
    @TempDir
    Path scratch;

    static Stream<String> drivers() {
        return PythonRuntimeTest.drivers();
    }

    @ParameterizedTest
    @MethodSource("drivers")
    void environmentDiesWithItsParent(String driverName) throws Exception {
        SandboxDriver driver = driverName.equals("process") ? SandboxDrivers.process() : SandboxDrivers.detect();
        SandboxDriver.Mounts mounts = new SandboxDriver.Mounts(Files.createDirectories(scratch.resolve("task")),
                Files.createDirectories(scratch.resolve("runtime")), Files.createDirectories(scratch.resolve("tmp")),
                null, null);
        List<String> command = driver.command(mounts, List.of("/bin/sh", "-c", "sleep 300 & sleep 301 & wait"));
        // A stand-in for Stratus: a parent that starts the environment with a pipe on its stdin, then gets killed.
        String parentScript = "import subprocess, sys, time\n"
                + "subprocess.Popen(sys.argv[1:], stdin=subprocess.PIPE)\n"
                + "time.sleep(300)\n";
        List<String> parentCmd = new ArrayList<>(List.of("python3", "-c", parentScript));
        parentCmd.addAll(command);
        Process parent = new ProcessBuilder(parentCmd).redirectErrorStream(true).start();
        List<ProcessHandle> tree = List.of();
        for (int i = 0; i < 100 && tree.stream().noneMatch(h -> h.info().command().orElse("").endsWith("sleep"));
             i++) {
            Thread.sleep(50); // waiting for the external processes to appear; there is no event to wait on
            tree = parent.descendants().toList();
        }
        assertThat(tree).anyMatch(h -> h.info().command().orElse("").endsWith("sleep"));

        parent.toHandle().destroyForcibly();
        parent.waitFor(5, TimeUnit.SECONDS);
        for (ProcessHandle h : tree) {
            h.onExit().get(5, TimeUnit.SECONDS);
        }
        assertThat(tree).noneMatch(ProcessHandle::isAlive);
    }
}
