package dev.stratus.lambda.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs each environment as plain processes with resource limits, where bubblewrap is missing or user namespaces are
 * off. The function sees host paths (task root and {@code TMPDIR} point at its private directories) and is not
 * isolated from the rest of the machine. A small shell wrapper puts the runtime in its own session and kills that
 * session when Stratus closes (or loses, on kill -9) the wrapper's stdin.
 */
public final class ProcessDriver implements SandboxDriver {
    /** Lambda's per-environment file descriptor limit. */
    static final int MAX_OPEN_FILES = 1024;
    static final String LIMITS = "ulimit -n " + MAX_OPEN_FILES + " 2>/dev/null; ";
    private static final String WATCHDOG = LIMITS
            + "exec 3<&0; "
            + "if command -v setsid >/dev/null 2>&1; then setsid \"$@\" </dev/null & else \"$@\" </dev/null & fi; "
            + "child=$!; "
            + "( cat <&3 >/dev/null; kill -KILL -$child 2>/dev/null || kill -KILL $child 2>/dev/null ) "
            + ">/dev/null 2>&1 & "
            // the shell's own job messages ("Killed") must not reach the function's log
            + "watcher=$!; exec 3<&- 2>/dev/null; "
            + "wait $child; status=$?; kill $watcher 2>/dev/null; exit $status";

    @Override
    public String name() {
        return "process";
    }

    @Override
    public Visible visible(Mounts m) {
        // No mount namespace: the layers stay where they were merged, and the search paths point there.
        return new Visible(m.taskRoot().toString(), m.runtimeDir().toString(), m.tmpDir().toString(),
                m.optDir() == null ? "/opt" : m.optDir().toString());
    }

    @Override
    public List<String> command(Mounts mounts, String prologue, List<String> argv) {
        List<String> c = new ArrayList<>(List.of("/bin/sh", "-c", prologue + WATCHDOG, "sh"));
        c.addAll(argv);
        return c;
    }

    @Override
    public boolean diesWithParent() {
        return true;
    }
}
