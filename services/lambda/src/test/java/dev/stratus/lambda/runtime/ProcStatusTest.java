package dev.stratus.lambda.runtime;

import static org.assertj.core.api.Assertions.assertThat;

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
}
