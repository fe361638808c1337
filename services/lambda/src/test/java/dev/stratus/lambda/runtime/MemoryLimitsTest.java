package dev.stratus.lambda.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Detection and per-environment files of cgroup memory limits, on a plain directory standing in for cgroupfs. */
class MemoryLimitsTest {
    @TempDir
    Path root;

    Path write(String name, String content) throws Exception {
        Path p = root.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    @Test
    void aWritableV1MemoryHierarchyGivesAnEnvironmentItsOwnLimitedCgroup() throws Exception {
        Path memory = Files.createDirectories(root.resolve("memory/job"));
        Path procCgroup = write("cgroup", "5:cpu:/\n4:memory:/job\n0::/\n");
        Path mountInfo = write("mountinfo", "35 31 0:32 / " + root.resolve("memory")
                + " rw,relatime - cgroup cgroup rw,memory\n");
        Files.createDirectories(memory.resolve("stratus-lambda-999999999-dead"));

        MemoryLimits.Cgroups limits = MemoryLimits.Cgroups.create(procCgroup, mountInfo, "stratus-lambda-1-x")
                .orElseThrow();
        assertThat(limits.name()).isEqualTo("cgroup-v1");
        assertThat(limits.parent()).isEqualTo(memory.resolve("stratus-lambda-1-x"));
        assertThat(memory.resolve("stratus-lambda-999999999-dead")).doesNotExist(); // swept: no such process

        MemoryLimits.Limit limit = limits.limit("env-1", "python3.12", 256);
        Path env = limits.parent().resolve("env-1");
        assertThat(Files.readString(env.resolve("memory.limit_in_bytes"))).isEqualTo(Long.toString(256L << 20));
        assertThat(limit.prologue()).isEqualTo("echo $$ > '" + env.resolve("cgroup.procs") + "' || exit 125; ");
        List<String> command = SandboxDrivers.process().command(new SandboxDriver.Mounts(root, root, root, null,
                null), limit.prologue(), List.of("python3", "b.py"));
        assertThat(command).as("one shell joins the cgroup, sets the limits and starts the runtime")
                .startsWith("/bin/sh", "-c").endsWith("sh", "python3", "b.py").hasSize(6);
        assertThat(command.get(2)).startsWith(limit.prologue() + ProcessDriver.LIMITS);

        Files.writeString(env.resolve("memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 0\n");
        assertThat(limit.outOfMemory()).isFalse();
        Files.writeString(env.resolve("memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 1\n");
        assertThat(limit.outOfMemory()).isTrue();
    }

    @Test
    void withoutACgroupFileSystemThereIsNothingToCreate() throws Exception {
        Path procCgroup = write("cgroup", "0::/\n");
        Path mountInfo = write("mountinfo", "22 1 0:20 / /proc rw - proc proc rw\n");
        assertThat(MemoryLimits.Cgroups.create(procCgroup, mountInfo, "stratus-lambda-1-x")).isEmpty();
    }

    @Test
    void theAddressSpaceFallbackLimitsPythonOnly() {
        MemoryLimits rlimit = new MemoryLimits.AddressSpace(true);
        assertThat(rlimit.name()).isEqualTo("rlimit-as");
        assertThat(rlimit.limit("env", "python3.12", 128).prologue()).isEqualTo("ulimit -v 131072 2>/dev/null; ");
        assertThat(rlimit.limit("env", "nodejs20.x", 128).prologue()).isEmpty();
    }

    @Test
    void aPathIsOneShellWordWhateverItContains() throws Exception {
        String path = "/data/it's \"here\" $HOME `x` \\";
        Process sh = new ProcessBuilder("/bin/sh", "-c", "printf %s " + MemoryLimits.shellQuoted(path)).start();
        assertThat(new String(sh.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(path);
        sh.waitFor();
    }
}
