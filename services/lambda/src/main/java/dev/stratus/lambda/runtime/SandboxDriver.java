package dev.stratus.lambda.runtime;

import java.nio.file.Path;
import java.util.List;

/** How an execution environment's process tree is isolated: Linux namespaces with bubblewrap, or plain processes. */
public sealed interface SandboxDriver permits BubblewrapDriver, ProcessDriver {

    /**
     * Host directories an environment is built from.
     *
     * @param installRoot the interpreter's installation, exposed read-only, or null
     * @param optDir the merged layers, exposed read-only at {@code /opt}, or null
     */
    record Mounts(Path taskRoot, Path runtimeDir, Path tmpDir, Path installRoot, Path optDir) {
    }

    /** The same places as the function sees them ({@code opt}: where the layers are). */
    record Visible(String taskRoot, String runtimeDir, String tmpDir, String opt) {
    }

    /** The driver's name as reported in health: {@code bubblewrap} or {@code process}. */
    String name();

    Visible visible(Mounts mounts);

    /** The full command line that starts {@code argv} inside the sandbox. */
    default List<String> command(Mounts mounts, List<String> argv) {
        return command(mounts, "", argv);
    }

    /**
     * The full command line that starts {@code argv} inside the sandbox, after {@code prologue}: shell commands
     * (each ending with {@code ;}) run first by the one shell that also sets the sandbox's limits, before anything
     * else starts (a memory limit's join of its cgroup). One shell rather than one per concern: each is an exec.
     */
    List<String> command(Mounts mounts, String prologue, List<String> argv);

    /** Whether the environment dies on its own if Stratus dies (kill -9 included). */
    boolean diesWithParent();

    /**
     * How many processes at the top of an environment's tree (root first) are the sandbox's own, each only waiting
     * for the one below it: their memory does not change while the function runs, so it need not be read per
     * invocation.
     */
    default int wrappers() {
        return 0;
    }
}
