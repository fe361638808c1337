package dev.stratus.lambda.runtime;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads memory figures from Linux's {@code /proc}. Called on the warm invoke path, so it reads
 * only the files it needs into small buffers (no readers, no per-line strings).
 */
final class ProcStatus {
    private static final byte[] VM_HWM = "\nVmHWM:".getBytes(StandardCharsets.US_ASCII);
    /** /proc/PID/status is ~1.5 KB; VmHWM is in its first half. */
    private static final int STATUS_BYTES = 4096;

    private ProcStatus() {
    }

    /** The process's peak resident set (VmHWM) in KB, or 0 when unknown. */
    static long peakResidentKb(long pid) {
        byte[] buf = new byte[STATUS_BYTES];
        int n;
        try (FileInputStream in = new FileInputStream("/proc/" + pid + "/status")) {
            n = in.readNBytes(buf, 0, buf.length);
        } catch (IOException | RuntimeException e) {
            return 0; // the process ended or this is not Linux
        }
        int at = indexOf(buf, n, VM_HWM);
        if (at < 0) {
            return 0;
        }
        long kb = 0;
        for (int i = at + VM_HWM.length; i < n && buf[i] != '\n'; i++) {
            if (buf[i] >= '0' && buf[i] <= '9') {
                kb = kb * 10 + (buf[i] - '0');
            }
        }
        return kb;
    }

    private static int indexOf(byte[] buf, int length, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (buf[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
