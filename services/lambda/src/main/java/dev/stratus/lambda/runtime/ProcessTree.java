package dev.stratus.lambda.runtime;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The process ids of one environment's process tree, read from {@code /proc/<pid>/task/<tid>/children} from the
 * root down. {@link ProcessHandle#descendants()} scans every process of the machine for its parent instead: ~20 ms
 * of CPU with 800 processes, paid on each cold start's first REPORT and each stop.
 */
final class ProcessTree {
    private static final Path PROC = Path.of("/proc");
    /** Whether this kernel lists children (CONFIG_PROC_CHILDREN); else the JDK's scan is the fallback. */
    private static final boolean CHILDREN_LISTED = Files.isReadable(PROC.resolve("self/task")
            .resolve(Long.toString(ProcessHandle.current().pid())).resolve("children"));

    private ProcessTree() {
    }

    /** {@code root} and every live process below it, root first. */
    static long[] pids(ProcessHandle root) {
        if (!CHILDREN_LISTED) {
            return java.util.stream.Stream.concat(java.util.stream.Stream.of(root), root.descendants())
                    .mapToLong(ProcessHandle::pid).toArray();
        }
        Set<Long> seen = new LinkedHashSet<>();
        Deque<Long> todo = new ArrayDeque<>(List.of(root.pid()));
        while (!todo.isEmpty()) {
            long pid = todo.poll();
            if (!seen.add(pid)) {
                continue;
            }
            for (long child : children(pid)) {
                todo.add(child);
            }
        }
        return seen.stream().mapToLong(Long::longValue).toArray();
    }

    /** Handles on {@code root}'s live processes, root last: signalled children cannot be re-spawned by it first. */
    static List<ProcessHandle> handles(ProcessHandle root) {
        long[] pids = pids(root);
        List<ProcessHandle> out = new ArrayList<>(pids.length);
        for (int i = pids.length - 1; i >= 0; i--) {
            ProcessHandle.of(pids[i]).ifPresent(out::add);
        }
        return out;
    }

    private static List<Long> children(long pid) {
        List<Long> out = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(PROC.resolve(Long.toString(pid)).resolve("task"))) {
            for (Path task : tasks) {
                String list;
                try {
                    list = Files.readString(task.resolve("children"));
                } catch (IOException e) {
                    continue; // the thread ended meanwhile
                }
                for (String child : list.trim().split(" ")) {
                    if (!child.isEmpty()) {
                        out.add(Long.parseLong(child));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended meanwhile: no children to report
        }
        return out;
    }
}
