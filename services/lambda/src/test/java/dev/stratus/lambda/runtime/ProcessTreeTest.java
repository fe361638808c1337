package dev.stratus.lambda.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** An environment's processes, listed from its root down. */
class ProcessTreeTest {

    @Test
    void listsTheRootAndEveryProcessBelowIt() throws Exception {
        Process p = new ProcessBuilder("/bin/sh", "-c",
                "sh -c 'sleep 30 & echo inner; wait' & sleep 30 & echo outer; wait").redirectErrorStream(true).start();
        try {
            var out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()));
            out.readLine();
            out.readLine(); // both shells have forked their sleep: four processes
            long[] expected = java.util.stream.Stream.concat(java.util.stream.Stream.of(p.toHandle()),
                    p.descendants()).mapToLong(ProcessHandle::pid).sorted().toArray();
            long[] listed = ProcessTree.pids(p.toHandle());
            assertThat(expected).hasSize(4);
            assertThat(listed[0]).isEqualTo(p.pid());
            assertThat(Arrays.stream(listed).sorted().toArray()).containsExactly(expected);
            assertThat(ProcessTree.handles(p.toHandle())).hasSize(4).last().isEqualTo(p.toHandle());
        } finally {
            ProcessTree.handles(p.toHandle()).forEach(ProcessHandle::destroyForcibly);
            p.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
