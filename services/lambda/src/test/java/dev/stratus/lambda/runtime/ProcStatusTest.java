package dev.stratus.lambda.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What REPORT's Max Memory Used is made of: the peak RSS of each process of an environment's tree. */
class ProcStatusTest {

    @Test
    void peakResidentSetOfALiveProcessAndZeroForAGoneOne() throws Exception {
        long self = ProcStatus.peakResidentKb(ProcessHandle.current().pid());
        assertThat(self).isGreaterThan(1024); // a JVM holds more than a megabyte
        Process p = new ProcessBuilder("true").start();
        p.waitFor(10, TimeUnit.SECONDS);
        assertThat(ProcStatus.peakResidentKb(p.pid())).isZero();
    }

    @Test
    void treeListsGrandchildrenAfterTheirParents() throws Exception {
        Process shell = new ProcessBuilder("/bin/sh", "-c", "sleep 30 & sleep 30 & wait").start();
        try {
            long[] tree = null;
            for (int i = 0; i < 500 && (tree == null || tree.length < 3); i++) {
                Thread.sleep(10); // until both sleeps are forked
                tree = ProcStatus.tree(shell.pid());
            }
            long[] expected = shell.descendants().mapToLong(ProcessHandle::pid).sorted().toArray();
            assertThat(tree).isNotNull().startsWith(shell.pid());
            assertThat(Arrays.stream(tree).skip(1).sorted().toArray()).isEqualTo(expected).hasSize(2);
        } finally {
            shell.descendants().forEach(ProcessHandle::destroyForcibly);
            shell.destroyForcibly();
        }
    }
}
