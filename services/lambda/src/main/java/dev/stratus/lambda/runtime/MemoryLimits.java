package dev.stratus.lambda.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * How an environment's memory is held to its function's MemorySize: a cgroup per environment (v2 {@code memory.max}
 * or v1 {@code memory.limit_in_bytes}) under a sub-cgroup of Stratus's own, where the host lets Stratus create
 * one; else {@code RLIMIT_AS} for Python runtimes (whose address space is close to their memory use); else nothing.
 * The shell that starts the sandbox joins the cgroup before exec, so the sandbox and every child count.
 */
public sealed interface MemoryLimits permits MemoryLimits.Cgroups, MemoryLimits.AddressSpace {

    /** What is enforced, for the health endpoint: {@code cgroup-v2}, {@code cgroup-v1} or {@code rlimit-as}. */
    String name();

    /** The limit for one environment of a function with {@code memoryMb}, running {@code runtime}. */
    Limit limit(String environmentId, String runtime, int memoryMb);

    /** One environment's limit. */
    interface Limit {
        /**
         * Shell commands, each ending with {@code ;}, that put the shell running them (and whatever it then execs)
         * within the limit; empty for none.
         */
        String prologue();

        /** Whether the kernel killed a process of the environment for exceeding the limit. */
        boolean outOfMemory();

        /** Removes what the limit made (an empty cgroup) once the environment's processes are gone. */
        void close();
    }

    /** The name of a Lambda service's sub-cgroup is this, Stratus's process id and a random suffix. */
    String PREFIX = "stratus-lambda-";

    /** Removes what detection made (Stratus's empty sub-cgroup). */
    default void close() {
    }

    /** No limit. */
    Limit NONE = new Limit() {
        @Override
        public String prologue() {
            return "";
        }

        @Override
        public boolean outOfMemory() {
            return false;
        }

        @Override
        public void close() {
        }
    };

    /**
     * The strongest enforcement this host allows; {@code -Dstratus.lambda.memoryLimits=cgroup|rlimit|none} narrows it.
     */
    static MemoryLimits detect() {
        String wanted = System.getProperty("stratus.lambda.memoryLimits", "cgroup");
        if (wanted.equals("none")) {
            return new AddressSpace(false);
        }
        if (wanted.equals("cgroup")) {
            String name = PREFIX + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
            Optional<Cgroups> cgroups = Cgroups.create(Path.of("/proc/self/cgroup"), Path.of("/proc/self/mountinfo"),
                    name);
            if (cgroups.isPresent()) {
                return cgroups.get();
            }
        }
        return new AddressSpace(true);
    }

    /** A cgroup per environment below {@code parent}, a directory Stratus created in its own cgroup. */
    record Cgroups(Path parent, boolean v2) implements MemoryLimits {

        @Override
        public String name() {
            return v2 ? "cgroup-v2" : "cgroup-v1";
        }

        /** Makes the parent cgroup below Stratus's own, if the host lets it; else empty. */
        static Optional<Cgroups> create(Path procCgroup, Path mountInfo, String name) {
            try {
                List<String> memberships = Files.readAllLines(procCgroup);
                List<String> mounts = Files.readAllLines(mountInfo);
                Optional<Cgroups> v2 = v2(memberships, mounts, name);
                return v2.isPresent() ? v2 : v1(memberships, mounts, name);
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }

        private static Optional<Cgroups> v2(List<String> memberships, List<String> mounts, String name)
                throws IOException {
            String own = membership(memberships, "");
            Path root = mountPoint(mounts, "cgroup2", null);
            if (own == null || root == null) {
                return Optional.empty();
            }
            Path base = root.resolve(own.substring(1));
            if (!Files.readString(base.resolve("cgroup.controllers")).contains("memory")) {
                return Optional.empty();
            }
            Path parent = base.resolve(name);
            sweep(base);
            try {
                Files.createDirectories(parent);
                // The parent must hand the memory controller down; a cgroup with its own processes may refuse.
                write(base.resolve("cgroup.subtree_control"), "+memory");
                write(parent.resolve("cgroup.subtree_control"), "+memory");
                Cgroups c = new Cgroups(parent, true);
                c.probe();
                return Optional.of(c);
            } catch (IOException | RuntimeException e) {
                deleteQuietly(parent);
                return Optional.empty();
            }
        }

        private static Optional<Cgroups> v1(List<String> memberships, List<String> mounts, String name) {
            String own = membership(memberships, "memory");
            Path root = mountPoint(mounts, "cgroup", "memory");
            if (own == null || root == null) {
                return Optional.empty();
            }
            Path parent = root.resolve(own.substring(1)).resolve(name);
            sweep(parent.getParent());
            try {
                Files.createDirectories(parent);
                Cgroups c = new Cgroups(parent, false);
                c.probe();
                return Optional.of(c);
            } catch (IOException | RuntimeException e) {
                deleteQuietly(parent);
                return Optional.empty();
            }
        }

        /** Removes the empty cgroups of Stratus processes that are gone (a kill -9 leaves them behind). */
        private static void sweep(Path base) {
            try (var children = Files.list(base)) {
                for (Path dir : children.toList()) {
                    String n = dir.getFileName().toString();
                    String pid = n.startsWith(PREFIX) ? n.substring(PREFIX.length()).split("-")[0] : "";
                    if (!pid.isEmpty() && pid.chars().allMatch(Character::isDigit)
                            && ProcessHandle.of(Long.parseLong(pid)).isEmpty()) {
                        try (var envs = Files.list(dir)) {
                            envs.filter(Files::isDirectory).forEach(MemoryLimits::deleteQuietly);
                        }
                        deleteQuietly(dir);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // best effort
            }
        }

        @Override
        public void close() {
            deleteQuietly(parent);
        }

        /** Proves a limit can be set, with a throwaway child. */
        private void probe() throws IOException {
            Path probe = parent.resolve("probe");
            Files.createDirectories(probe);
            try {
                setLimit(probe, 128);
            } finally {
                deleteQuietly(probe);
            }
        }

        @Override
        public Limit limit(String environmentId, String runtime, int memoryMb) {
            Path dir = parent.resolve(environmentId);
            try {
                Files.createDirectories(dir);
                setLimit(dir, memoryMb);
            } catch (IOException | RuntimeException e) {
                deleteQuietly(dir);
                return NONE;
            }
            return new CgroupLimit(dir, v2);
        }

        private void setLimit(Path dir, int memoryMb) throws IOException {
            String bytes = Long.toString(memoryMb * 1024L * 1024L);
            if (v2) {
                write(dir.resolve("memory.max"), bytes);
                writeIfPresent(dir.resolve("memory.swap.max"), "0");
            } else {
                write(dir.resolve("memory.limit_in_bytes"), bytes);
                // memsw (memory + swap) must stay >= the memory limit; equal means no swap.
                writeIfPresent(dir.resolve("memory.memsw.limit_in_bytes"), bytes);
            }
        }

        /** The cgroup path (starting with /) of the hierarchy whose controllers include {@code controller}. */
        private static String membership(List<String> memberships, String controller) {
            for (String line : memberships) {
                String[] f = line.split(":", 3);
                if (f.length == 3 && (controller.isEmpty() ? f[0].equals("0") && f[1].isEmpty()
                        : List.of(f[1].split(",")).contains(controller))) {
                    return f[2];
                }
            }
            return null;
        }

        /** Where a cgroup file system of {@code type} (with {@code option}, for v1) is mounted, from mountinfo. */
        private static Path mountPoint(List<String> mounts, String type, String option) {
            for (String line : mounts) {
                int dash = line.indexOf(" - ");
                if (dash < 0) {
                    continue;
                }
                String[] before = line.substring(0, dash).split(" ");
                String[] after = line.substring(dash + 3).split(" ");
                if (after.length >= 3 && after[0].equals(type)
                        && (option == null || List.of(after[2].split(",")).contains(option))) {
                    return Path.of(before[4]);
                }
            }
            return null;
        }
    }

    /** One environment's cgroup. */
    record CgroupLimit(Path dir, boolean v2) implements Limit {
        static final int CLOSE_ATTEMPTS = 50;
        static final long CLOSE_RETRY_MS = 10;

        @Override
        public String prologue() {
            return "echo $$ > " + shellQuoted(dir.resolve("cgroup.procs").toString()) + " || exit 125; ";
        }

        @Override
        public boolean outOfMemory() {
            try {
                String events = Files.readString(dir.resolve(v2 ? "memory.events" : "memory.oom_control"));
                for (String line : events.split("\n")) {
                    String[] kv = line.strip().split(" ");
                    if (kv.length == 2 && kv[0].equals("oom_kill") && Long.parseLong(kv[1]) > 0) {
                        return true;
                    }
                }
                // v1 kernels before 4.13 have no oom_kill count: hitting the limit is the sign
                return !v2 && !events.contains("oom_kill")
                        && Long.parseLong(Files.readString(dir.resolve("memory.failcnt")).strip()) > 0;
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }

        /** Kills what is left in the cgroup (an escaped daemon too), then removes it once the kernel has let go. */
        @Override
        public void close() {
            for (int attempt = 0; attempt < CLOSE_ATTEMPTS && Files.isDirectory(dir); attempt++) {
                try {
                    for (String pid : Files.readAllLines(dir.resolve("cgroup.procs"))) {
                        if (!pid.isBlank()) {
                            ProcessHandle.of(Long.parseLong(pid.strip())).ifPresent(ProcessHandle::destroyForcibly);
                        }
                    }
                    Files.deleteIfExists(dir);
                } catch (IOException | RuntimeException e) {
                    try {
                        Thread.sleep(CLOSE_RETRY_MS); // killed processes leave the cgroup a moment after
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    /** {@code RLIMIT_AS} (ulimit -v) at MemorySize for Python runtimes; other runtimes reserve more than they use. */
    record AddressSpace(boolean enabled) implements MemoryLimits {
        @Override
        public String name() {
            return enabled ? "rlimit-as" : "none";
        }

        @Override
        public Limit limit(String environmentId, String runtime, int memoryMb) {
            if (!enabled || runtime == null || !runtime.startsWith("python")) {
                return NONE;
            }
            return new Limit() {
                @Override
                public String prologue() {
                    return "ulimit -v " + memoryMb * 1024L + " 2>/dev/null; ";
                }

                @Override
                public boolean outOfMemory() {
                    return false; // the runtime sees a failed allocation (MemoryError) and reports it itself
                }

                @Override
                public void close() {
                }
            };
        }
    }

    /** {@code value} as one shell word, whatever it contains. */
    static String shellQuoted(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    private static void write(Path file, String value) throws IOException {
        Files.write(file, value.getBytes(StandardCharsets.US_ASCII));
    }

    private static void writeIfPresent(Path file, String value) {
        if (Files.exists(file)) {
            try {
                write(file, value);
            } catch (IOException e) {
                // optional knob (swap accounting off): the memory limit alone applies
            }
        }
    }

    /** Removes an empty cgroup directory (rmdir; its files are the kernel's and go with it). */
    private static void deleteQuietly(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // still has processes, or already gone
        }
    }
}
