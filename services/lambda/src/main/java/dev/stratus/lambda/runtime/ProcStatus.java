package dev.stratus.lambda.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads memory figures of a process from Linux's {@code /proc}. */
final class ProcStatus {
    private ProcStatus() {
    }

    /** The process's peak resident set (VmHWM) in KB, or 0 when unknown. */
    static long peakResidentKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.substring(6).replace("kB", "").strip());
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended or this is not Linux
        }
        return 0;
    }
}
