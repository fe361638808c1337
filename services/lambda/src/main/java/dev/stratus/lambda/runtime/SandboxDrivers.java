package dev.stratus.lambda.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Picks the strongest sandbox driver this host supports, by trying it once. */
public final class SandboxDrivers {
    private SandboxDrivers() {
    }

    /** Bubblewrap when installed and user namespaces work, else plain processes. */
    public static SandboxDriver detect() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path bwrap = Path.of(dir, "bwrap");
            if (Files.isExecutable(bwrap) && works(bwrap)) {
                return new BubblewrapDriver(bwrap);
            }
        }
        return new ProcessDriver();
    }

    public static SandboxDriver process() {
        return new ProcessDriver();
    }

    private static boolean works(Path bwrap) {
        try {
            Process p = new ProcessBuilder(bwrap.toString(), "--ro-bind", "/", "/", "--unshare-user", "--uid", "993",
                    "--unshare-pid", "--unshare-ipc",
                    "--die-with-parent", "--", "/bin/true").redirectErrorStream(true).start();
            p.getOutputStream().close();
            p.getInputStream().readAllBytes();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
