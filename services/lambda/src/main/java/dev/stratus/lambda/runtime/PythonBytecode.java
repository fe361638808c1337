package dev.stratus.lambda.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The Python bootstrap compiled once per interpreter, next to its source in the runtime directory. A script is
 * compiled on every start (a few milliseconds of each cold start), and the sandbox's {@code /var/runtime} is
 * read-only, so Python could never cache it itself. Compiled in the background on first use; until then, and where
 * compiling fails, the source runs.
 */
final class PythonBytecode {
    static final String SOURCE = "python/bootstrap.py";
    private static final String COMPILE = "import py_compile, sys; "
            + "py_compile.compile(sys.argv[1], cfile=sys.argv[2], dfile=sys.argv[3], doraise=True)";

    private final Path runtimeDir;
    /** Per interpreter: the compiled file's name, "" when compiling failed. */
    private final Map<Path, CompletableFuture<String>> compiled = new ConcurrentHashMap<>();

    /** @param runtimeDir the host directory of the shipped runtimes, or null: always the source */
    PythonBytecode(Path runtimeDir) {
        this.runtimeDir = runtimeDir;
    }

    /**
     * What {@code interpreter} runs, as seen in the sandbox: the compiled bootstrap when it is ready, else the
     * source (and compiling starts).
     */
    String script(Path interpreter, String visibleRuntimeDir) {
        String source = visibleRuntimeDir + "/" + SOURCE;
        if (runtimeDir == null) {
            return source;
        }
        String name = compiling(interpreter, source).getNow("");
        return name.isEmpty() ? source : visibleRuntimeDir + "/python/" + name;
    }

    /** The compilation for {@code interpreter}, started on first call. */
    CompletableFuture<String> compiling(Path interpreter, String visibleSource) {
        return compiled.computeIfAbsent(interpreter, exe -> CompletableFuture.supplyAsync(
                () -> compile(exe, visibleSource), r -> Thread.ofVirtual().name("lambda-pyc").start(r)));
    }

    private String compile(Path interpreter, String visibleSource) {
        // One file per interpreter: bytecode is specific to a Python version, and a .pyc run as a script is not
        // checked against its source (RuntimeFiles removes the compiled files when it writes new sources).
        String name = "bootstrap-" + HexFormat.of().toHexDigits(interpreter.toString().hashCode()) + ".pyc";
        Path target = runtimeDir.resolve("python").resolve(name);
        try {
            Process p = new ProcessBuilder(interpreter.toString(), "-S", "-c", COMPILE,
                    runtimeDir.resolve(SOURCE).toString(), target.toString(), visibleSource)
                    .redirectErrorStream(true).start();
            p.getOutputStream().close();
            p.getInputStream().readAllBytes();
            if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 && Files.isRegularFile(target)) {
                return name;
            }
        } catch (IOException e) {
            // the source keeps running
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "";
    }
}
