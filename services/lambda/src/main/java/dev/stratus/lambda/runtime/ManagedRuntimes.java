package dev.stratus.lambda.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runtimes Stratus runs and how each one starts: the managed runtimes use a bootstrap shipped in Stratus on the
 * host's interpreter; {@code provided*} runs the function's own {@code bootstrap}.
 */
public final class ManagedRuntimes {
    private static final Pattern PYTHON = Pattern.compile("python(3\\.\\d+)");
    private static final Pattern NODE = Pattern.compile("nodejs(\\d+)\\.x");
    private static final Pattern JAVA = JavaRuntime.PATTERN;
    private static final List<String> PROVIDED = List.of("provided", "provided.al2", "provided.al2023");

    /** How to start a runtime, or why it cannot start. */
    public sealed interface Resolution {
    }

    /**
     * A runnable runtime.
     *
     * @param argv the command, in the sandbox's view of paths
     * @param installRoot a host directory the sandbox must expose read-only (the interpreter's install), or null
     * @param executionEnv the {@code AWS_EXECUTION_ENV} value, null for OS-only runtimes
     */
    public record Launch(List<String> argv, Path installRoot, String executionEnv) implements Resolution {
    }

    /** A runtime that cannot start, reported to the caller as the function error AWS would use. */
    public record Unavailable(String errorType, String message) implements Resolution {
    }

    private final Interpreters interpreters;
    private final JavaRuntime java;
    private final PythonBytecode pythonBytecode;

    /** Runtimes without the java* ones (they need {@link #ManagedRuntimes(Interpreters, Path)}). */
    public ManagedRuntimes(Interpreters interpreters) {
        this(interpreters, JavaInstallations.onHost(), null);
    }

    /**
     * Runtimes whose shipped files were unpacked into {@code runtimeDir}; the java* runtimes add theirs there on
     * first use.
     */
    public ManagedRuntimes(Interpreters interpreters, Path runtimeDir) {
        this(interpreters, JavaInstallations.onHost(), runtimeDir);
    }

    ManagedRuntimes(Interpreters interpreters, JavaInstallations jdks, Path runtimeDir) {
        this.interpreters = interpreters;
        this.java = new JavaRuntime(jdks, runtimeDir);
        this.pythonBytecode = new PythonBytecode(runtimeDir);
    }

    /** Whether Stratus knows how to run functions with this runtime id. */
    public static boolean supported(String runtime) {
        return runtime != null && (PYTHON.matcher(runtime).matches() || NODE.matcher(runtime).matches()
                || JAVA.matcher(runtime).matches() || PROVIDED.contains(runtime));
    }

    /**
     * How to start {@code runtime}.
     *
     * @param taskRoot the host directory of the code, to find a custom bootstrap
     * @param visibleTaskRoot and {@code visibleRuntimeDir}: the same places as the sandbox sees them
     */
    public Resolution resolve(String runtime, Path taskRoot, String visibleTaskRoot, String visibleRuntimeDir) {
        return resolve(runtime, taskRoot, visibleTaskRoot, visibleRuntimeDir, null, "/opt");
    }

    /**
     * As {@link #resolve(String, Path, String, String)}, for a function with layers: a custom runtime's
     * {@code bootstrap} may also come from a layer ({@code /opt/bootstrap}), used when the code has none, as on AWS.
     *
     * @param optDir the merged layers (host path), or null
     * @param visibleOpt where the sandbox shows them
     */
    public Resolution resolve(String runtime, Path taskRoot, String visibleTaskRoot, String visibleRuntimeDir,
                              Path optDir, String visibleOpt) {
        Matcher py = PYTHON.matcher(runtime);
        if (py.matches()) {
            return interpreters.python(py.group(1))
                    // -S: the host's site hooks (.pth import lines) cost more than the rest of a cold start;
                    // the bootstrap adds the site-packages directories itself
                    .<Resolution>map(i -> new Launch(List.of(i.executable().toString(), "-S",
                            pythonBytecode.script(i.executable(), visibleRuntimeDir)), i.installRoot(),
                            "AWS_Lambda_" + runtime))
                    .orElseGet(() -> missing(runtime, "python" + py.group(1) + " or python3"));
        }
        if (NODE.matcher(runtime).matches()) {
            return interpreters.node()
                    .<Resolution>map(i -> new Launch(List.of(i.executable().toString(),
                            visibleRuntimeDir + "/node/bootstrap.cjs"), i.installRoot(), "AWS_Lambda_" + runtime))
                    .orElseGet(() -> missing(runtime, "node"));
        }
        if (JAVA.matcher(runtime).matches()) {
            return java.resolve(runtime, visibleRuntimeDir);
        }
        if (PROVIDED.contains(runtime)) {
            Path bootstrap = taskRoot.resolve("bootstrap");
            String visibleBootstrap = visibleTaskRoot + "/bootstrap";
            if (!Files.exists(bootstrap) && optDir != null && Files.exists(optDir.resolve("bootstrap"))) {
                bootstrap = optDir.resolve("bootstrap");
                visibleBootstrap = visibleOpt + "/bootstrap";
            }
            if (!Files.exists(bootstrap)) {
                return new Unavailable("Runtime.InvalidEntrypoint",
                        "Couldn't find valid bootstrap(s): [" + visibleTaskRoot + "/bootstrap /opt/bootstrap]");
            }
            if (!Files.isExecutable(bootstrap)) {
                return new Unavailable("Runtime.InvalidEntrypoint", "fork/exec " + visibleBootstrap
                        + ": permission denied");
            }
            return new Launch(List.of(visibleBootstrap), null, null);
        }
        return new Unavailable("Runtime.InvalidEntrypoint", "Stratus cannot run the runtime " + runtime
                + " yet (supported: python3.x, nodejs*.x, java8.al2, java11, java17, java21, provided, provided.al2, provided.al2023)");
    }

    private static Unavailable missing(String runtime, String interpreter) {
        return new Unavailable("Runtime.InvalidEntrypoint", "Stratus runs " + runtime + " on the host's interpreter,"
                + " but no " + interpreter + " was found on the PATH of the Stratus process; install it and retry");
    }

    public static Optional<String> family(String runtime) {
        if (runtime == null) {
            return Optional.empty();
        }
        if (PYTHON.matcher(runtime).matches()) {
            return Optional.of("python");
        }
        if (NODE.matcher(runtime).matches()) {
            return Optional.of("node");
        }
        if (JAVA.matcher(runtime).matches()) {
            return Optional.of("java");
        }
        return PROVIDED.contains(runtime) ? Optional.of("provided") : Optional.empty();
    }
}
