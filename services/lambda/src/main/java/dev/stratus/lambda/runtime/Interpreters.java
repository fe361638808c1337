package dev.stratus.lambda.runtime;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Finds the host interpreters the managed runtimes run on. Each is probed once for its real executable and the
 * directory tree it needs (pyenv and nvm installs live under the home directory, which a sandbox otherwise hides).
 */
public final class Interpreters {
    /** A usable interpreter: its real executable and the installation root a sandbox must expose read-only. */
    public record Interpreter(Path executable, Path installRoot) {
    }

    private final Map<String, Optional<Interpreter>> cache = new ConcurrentHashMap<>();
    private final String path;

    public Interpreters() {
        this(System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
    }

    Interpreters(String path) {
        this.path = path;
    }

    /** Python for a {@code python3.x} runtime: {@code python3.x} if installed, else {@code python3}. */
    public Optional<Interpreter> python(String version) {
        return first(List.of("python" + version, "python3"), "import sys;print(sys.executable);print(sys.base_prefix)");
    }

    public Optional<Interpreter> node() {
        return first(List.of("node", "nodejs"),
                "console.log(process.execPath);console.log(require('path').resolve(process.execPath,'../..'))");
    }

    /** Probes the usual interpreters ahead of the first cold start (a pyenv shim alone can take a second). */
    public void warmUp() {
        python("3");
        node();
    }

    private Optional<Interpreter> first(List<String> names, String script) {
        for (String name : names) {
            Optional<Interpreter> found = cache.computeIfAbsent(name, n -> probe(n, script));
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private Optional<Interpreter> probe(String name, String script) {
        Optional<Path> found = onPath(name);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        String flag = name.startsWith("python") ? "-c" : "-e";
        try {
            Process p = new ProcessBuilder(found.get().toString(), flag, script).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readNBytes(8192);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            String[] lines = new String(out, StandardCharsets.UTF_8).strip().split("\n");
            if (p.exitValue() == 0 && lines.length >= 2) {
                Path exe = Path.of(lines[0].strip()).toRealPath();
                return Optional.of(new Interpreter(exe, Path.of(lines[1].strip()).toRealPath()));
            }
        } catch (IOException e) {
            // unusable: the caller tries the next name
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }

    private Optional<Path> onPath(String name) {
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
