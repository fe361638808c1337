package dev.stratus.lambda.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Runs each environment in its own mount, PID, IPC and UTS namespaces with bubblewrap: {@code /usr} and the few
 * {@code /etc} files a program needs read-only, the code at {@code /var/task} read-only, the runtime at {@code /var/runtime}, a private {@code /tmp};
 * the data directory and home directories are simply not there. {@code --die-with-parent} ties the sandbox to the
 * thread that started it, so environments are launched from one long-lived platform thread.
 */
public final class BubblewrapDriver implements SandboxDriver {
    static final String TASK_ROOT = "/var/task";
    static final String RUNTIME_DIR = "/var/runtime";
    /** Lambda runs functions as an unprivileged user (sbx_user1051, uid 993). */
    static final String SANDBOX_UID = "993";
    static final String SANDBOX_GID = "990";
    private static final List<String> SYSTEM_DIRS = List.of("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");
    /** What a function needs from /etc (name resolution, TLS roots, users, time zone, dynamic linker), no more. */
    private static final List<String> ETC = List.of("/etc/resolv.conf", "/etc/hosts", "/etc/nsswitch.conf",
            "/etc/host.conf", "/etc/gai.conf", "/etc/ssl", "/etc/ca-certificates", "/etc/pki", "/etc/crypto-policies",
            "/etc/passwd", "/etc/group", "/etc/localtime", "/etc/alternatives", "/etc/ld.so.cache",
            "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/mime.types", "/etc/protocols", "/etc/services");

    /**
     * Distribution JDKs keep their configuration in /etc and link it from the JDK (Debian's
     * {@code conf/security/java.security -> /etc/java-17-openjdk/...}); without it no Java runtime can start TLS.
     */
    static final List<String> JDK_CONFIG = jdkConfigDirs();

    private final Path bwrap;
    /** The copies of {@link #ETC} and {@link #JDK_CONFIG} mounted at /etc, per directory environments are made in. */
    private final Map<Path, SandboxEtc> etcCopies = new ConcurrentHashMap<>();

    BubblewrapDriver(Path bwrap) {
        this.bwrap = bwrap;
    }

    @Override
    public String name() {
        return "bubblewrap";
    }

    @Override
    public Visible visible(Mounts mounts) {
        return new Visible(TASK_ROOT, RUNTIME_DIR, "/tmp", "/opt");
    }

    @Override
    public List<String> command(Mounts m, String prologue, List<String> argv) {
        // The limits are set (and the cgroup joined) by a shell outside the sandbox: bwrap and everything in it
        // inherit them, and the runtime is bwrap's own child rather than a second shell's.
        List<String> c = new ArrayList<>(List.of("/bin/sh", "-c", prologue + ProcessDriver.LIMITS + "exec \"$@\"",
                "sh", bwrap.toString(), "--die-with-parent", "--new-session",
                "--unshare-user", "--uid", SANDBOX_UID, "--gid", SANDBOX_GID, "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
                "--ro-bind", "/usr", "/usr"));
        for (String dir : SYSTEM_DIRS) {
            Path p = Path.of(dir);
            if (Files.isSymbolicLink(p)) {
                try {
                    c.addAll(List.of("--symlink", Files.readSymbolicLink(p).toString(), dir));
                } catch (java.io.IOException e) {
                    // an unreadable link: leave it out
                }
            } else if (Files.isDirectory(p)) {
                c.addAll(List.of("--ro-bind", dir, dir));
            }
        }
        SandboxEtc.View etc = etcCopies.computeIfAbsent(m.tmpDir().toAbsolutePath().getParent(), dir -> new SandboxEtc(
                Path.of("/etc"), Stream.concat(ETC.stream(), JDK_CONFIG.stream())
                        .map(e -> e.substring("/etc/".length())).toList(), dir.resolve("etc"), System::nanoTime)).view();
        if (etc != null) {
            c.addAll(List.of("--ro-bind", etc.dir().toString(), "/etc"));
            for (String name : etc.bound()) {
                c.addAll(List.of("--ro-bind-try", "/etc/" + name, "/etc/" + name));
            }
        } else { // no copy could be made: one bind per entry
            for (String entry : ETC) {
                c.addAll(List.of("--ro-bind-try", entry, entry));
            }
            for (String entry : JDK_CONFIG) {
                c.addAll(List.of("--ro-bind-try", entry, entry));
            }
        }
        c.addAll(List.of("--proc", "/proc", "--dev", "/dev",
                "--ro-bind", m.taskRoot().toString(), TASK_ROOT,
                "--ro-bind", m.runtimeDir().toString(), RUNTIME_DIR,
                "--bind", m.tmpDir().toString(), "/tmp"));
        if (m.optDir() != null) {
            c.addAll(List.of("--ro-bind", m.optDir().toString(), "/opt"));
        }
        if (m.installRoot() != null && !m.installRoot().startsWith("/usr")) {
            c.addAll(List.of("--ro-bind", m.installRoot().toString(), m.installRoot().toString()));
        }
        c.addAll(List.of("--chdir", TASK_ROOT, "--"));
        c.addAll(argv);
        return c;
    }

    private static List<String> jdkConfigDirs() {
        try (java.util.stream.Stream<Path> s = Files.list(Path.of("/etc"))) {
            return s.filter(p -> p.getFileName().toString().startsWith("java") && Files.isDirectory(p))
                    .map(Path::toString).sorted().toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    /** bwrap (the shell execs it) and its child, the pid namespace's init; the runtime is the latter's child. */
    @Override
    public int wrappers() {
        return 2;
    }

    @Override
    public boolean diesWithParent() {
        return true;
    }
}
