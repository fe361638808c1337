package dev.stratus.lambda.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What REPORT's Max Memory Used is made of: the peak RSS of each process of an environment's tree. */
class PeakMemoryTest {

    @Test
    void peakResidentSetOfALiveProcessAndZeroForAGoneOne() throws Exception {
        try (PeakMemory peaks = new PeakMemory()) {
            long self = ProcessHandle.current().pid();
            assertThat(peaks.peakKb(new long[] {self})).isGreaterThan(1024); // a JVM holds more than a megabyte
            Process p = new ProcessBuilder("true").start();
            p.waitFor(10, TimeUnit.SECONDS);
            assertThat(peaks.peakKb(new long[] {p.pid()})).isZero();
        }
    }

    @Test
    void aPeakReachedAfterTheFirstReadIsSeenByTheNext() throws Exception {
        // Allocates and touches 64 MB when told to, then frees it: the peak stays although the resident set shrinks.
        Process p = new ProcessBuilder("python3", "-c", """
                import sys
                print('ready', flush=True)
                sys.stdin.readline()
                b = bytearray(64 * 1024 * 1024)
                for i in range(0, len(b), 4096): b[i] = 1
                del b
                print('done', flush=True)
                sys.stdin.readline()
                """).start();
        try (PeakMemory peaks = new PeakMemory();
             BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("ready");
            long[] pids = {p.pid()};
            long before = peaks.peakKb(pids);
            assertThat(peaks.peakKb(pids)).isEqualTo(before);
            OutputStream in = p.getOutputStream();
            in.write('\n');
            in.flush();
            assertThat(out.readLine()).isEqualTo("done");
            assertThat(peaks.peakKb(pids)).isGreaterThanOrEqualTo(before + 60 * 1024);
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aSandboxWrapperIsReadOnceASecondAndTheProcessesBelowItEachTime() throws Exception {
        Process p = new ProcessBuilder("python3", "-c", """
                import sys
                print('ready', flush=True)
                sys.stdin.readline()
                b = bytearray(64 * 1024 * 1024)
                for i in range(0, len(b), 4096): b[i] = 1
                print('done', flush=True)
                sys.stdin.readline()
                """).start();
        try (PeakMemory asWrapper = new PeakMemory();
             PeakMemory asFunction = new PeakMemory();
             BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("ready");
            long[] tree = {p.pid()};
            long wrapped = asWrapper.peakKb(tree, 1);
            long before = asFunction.peakKb(tree, 0);
            p.getOutputStream().write('\n');
            p.getOutputStream().flush();
            assertThat(out.readLine()).isEqualTo("done");
            assertThat(asFunction.peakKb(tree, 0) - before).as("a process below the wrappers is read each time")
                    .isGreaterThanOrEqualTo(60 * 1024);
            assertThat(asWrapper.peakKb(tree, 1)).as("a wrapper is read again only after a second").isEqualTo(wrapped);
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aRuntimesOwnReportStandsInForItsProcFiles() throws Exception {
        Process p = new ProcessBuilder("python3", "-c", "import sys; print('ready', flush=True); sys.stdin.readline()")
                .start();
        try (PeakMemory peaks = new PeakMemory();
             BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            // Read only once the interpreter has started: while it still loads, its page faults rightly make every
            // reading a fresh one, and the last assertion would see the grown figure instead of the report's.
            assertThat(out.readLine()).isEqualTo("ready");
            long[] tree = {p.pid()};
            long read = peaks.peakKb(tree, 0, null); // learns the process's own pid (no pid namespace here)
            assertThat(read).isPositive();
            assertThat(peaks.peakKb(tree, 0, new PeakReport(p.pid(), read + 4096))).isEqualTo(read + 4096);
            assertThat(peaks.peakKb(tree, 0, new PeakReport(p.pid() + 1, 1))).as("another process's report")
                    .isEqualTo(read + 4096);
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void reportsAreParsedFromTheHeaderValue() {
        assertThat(PeakReport.parse("2 13544")).isEqualTo(new PeakReport(2, 13544));
        assertThat(PeakReport.parse(null)).isNull();
        assertThat(PeakReport.parse("13544")).isNull();
        assertThat(PeakReport.parse("x 1")).isNull();
        assertThat(PeakReport.parse("0 1")).isNull();
    }
}
