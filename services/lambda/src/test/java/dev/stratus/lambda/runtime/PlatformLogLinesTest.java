package dev.stratus.lambda.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The platform's own log lines, byte for byte. */
class PlatformLogLinesTest {

    @Test
    void reportLineOfAWarmAndAColdInvocation() {
        assertThat(PlatformLogLines.report("id-1", 1.234, 128, 40, null)).isEqualTo("REPORT RequestId: id-1"
                + "\tDuration: 1.23 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t\n");
        assertThat(PlatformLogLines.report("id-2", 0.056, 512, 61, 112.5)).isEqualTo("REPORT RequestId: id-2"
                + "\tDuration: 0.06 ms\tBilled Duration: 113 ms\tMemory Size: 512 MB\tMax Memory Used: 61 MB"
                + "\tInit Duration: 112.50 ms\t\n");
    }

    @Test
    void durationsHaveTwoDecimalsAsPrintfWouldWrite() {
        for (double v : new double[] {0, 0.004, 0.996, 1.1, 9.999, 10.07, 123456.789, 3000.5}) {
            assertThat(PlatformLogLines.twoDecimals(new StringBuilder(), v).toString())
                    .isEqualTo(String.format(Locale.ROOT, "%.2f", v));
        }
    }

    @Test
    void traceIdHasTheXRayShape() {
        String id = PlatformLogLines.traceId(Instant.ofEpochSecond(0x6650a1b2L));
        assertThat(id).matches("Root=1-6650a1b2-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0");
    }
}
