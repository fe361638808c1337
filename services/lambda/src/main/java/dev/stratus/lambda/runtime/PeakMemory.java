package dev.stratus.lambda.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * The summed peak resident set (VmHWM) of one environment's processes, for REPORT's "Max Memory Used", read cheaply
 * enough for every invocation. A process's resident set only grows through page faults, which {@code /proc/PID/stat}
 * counts: while a process's fault counters stay the same its VmHWM cannot have changed, so the costly
 * {@code /proc/PID/status} (~5x the kernel work of {@code stat}) is read again only after it faulted pages in. The
 * files stay open and are re-read from offset 0 (the kernel regenerates them), which saves an open and close per
 * read; a descriptor is bound to its process, so a reused pid never reads another process's figures. Growth that no
 * fault of the process accounts for (khugepaged collapsing pages, another process writing into it) shows up at the
 * latest after {@link #REFRESH_NANOS}, when every status is read again anyway.
 */
final class PeakMemory implements AutoCloseable {
    /** How long a process's VmHWM is taken from its unchanged fault counters before it is read again regardless. */
    static final long REFRESH_NANOS = 1_000_000_000L;
    private static final byte[] VM_HWM = "\nVmHWM:".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] NS_PID = "\nNSpid:".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** One process's open /proc files and what they said last. */
    private static final class Watched {
        final FileChannel stat;
        final FileChannel status;
        long faults = -1;
        long peakKb;
        long statusReadNanos;
        /** The process's pid in its own namespace (last of status's NSpid), to match a runtime's report; 0: unknown. */
        long nsPid;

        Watched(FileChannel stat, FileChannel status) {
            this.stat = stat;
            this.status = status;
        }

        void close() {
            try {
                stat.close();
                status.close();
            } catch (IOException e) {
                // a /proc descriptor: nothing to flush
            }
        }
    }

    /** The last list of pids asked about, and each one's files (null: not opened yet, or gone). */
    private long[] pids = new long[0];
    private Watched[] watched = new Watched[0];
    /** /proc/PID/status is ~1.5 KB, stat ~300 bytes; direct, so a read copies nothing through a temporary buffer. */
    private final ByteBuffer buf = ByteBuffer.allocateDirect(4096);
    private boolean closed;
    /** How much of {@link #buf} the last status read filled. */
    private int statusLength;

    /** The summed VmHWM of {@code pids} in KB (processes that are gone count 0). */
    synchronized long peakKb(long[] pids) {
        return peakKb(pids, 0);
    }

    /**
     * As {@link #peakKb(long[])}, where the first {@code wrappers} pids are the sandbox's own processes (see
     * {@link SandboxDriver#wrappers()}), whose figures are read again only after {@link #REFRESH_NANOS}. The same
     * array is passed until the process tree is listed again.
     */
    synchronized long peakKb(long[] pids, int wrappers) {
        return peakKb(pids, wrappers, null);
    }

    /**
     * As {@link #peakKb(long[], int)}, taking the peak of the process that sent {@code reported} (null: none) from
     * it: a runtime's getrusage is the same kernel figure as its VmHWM, without the /proc reads.
     */
    synchronized long peakKb(long[] pids, int wrappers, PeakReport reported) {
        if (closed) {
            return 0;
        }
        if (pids != this.pids) {
            follow(pids);
        }
        long now = System.nanoTime();
        long kb = 0;
        for (int i = 0; i < pids.length; i++) {
            Watched w = watched[i];
            if (w == null) {
                continue; // gone
            }
            if (reported != null && w.nsPid == reported.nsPid() && w.faults >= 0) {
                w.peakKb = reported.kb();
                kb += w.peakKb;
                continue;
            }
            if (i < wrappers && w.faults >= 0 && now - w.statusReadNanos <= REFRESH_NANOS) {
                kb += w.peakKb;
                continue;
            }
            long faults = faults(w.stat);
            if (faults >= 0 && (faults != w.faults || now - w.statusReadNanos > REFRESH_NANOS)) {
                long peak = vmHwmKb(w.status);
                if (peak >= 0 && w.nsPid == 0) {
                    w.nsPid = lastNumberAfter(NS_PID, w.nsPid);
                }
                if (peak >= 0) {
                    w.peakKb = peak;
                    w.faults = faults;
                    w.statusReadNanos = now;
                } else {
                    faults = -1;
                }
            }
            if (faults < 0) { // the process ended
                w.close();
                watched[i] = null;
                continue;
            }
            kb += w.peakKb;
        }
        return kb;
    }

    /** Keeps the files of processes still listed, opens those of new ones, closes the rest. */
    private void follow(long[] next) {
        Watched[] files = new Watched[next.length];
        for (int i = 0; i < next.length; i++) {
            for (int j = 0; j < pids.length; j++) {
                if (pids[j] == next[i] && watched[j] != null) {
                    files[i] = watched[j];
                    watched[j] = null;
                    break;
                }
            }
            if (files[i] == null) {
                files[i] = open(next[i]);
            }
        }
        for (Watched w : watched) {
            if (w != null) {
                w.close();
            }
        }
        pids = next;
        watched = files;
    }

    private static Watched open(long pid) {
        Path dir = Path.of("/proc", Long.toString(pid));
        FileChannel stat = null;
        try {
            stat = FileChannel.open(dir.resolve("stat"));
            return new Watched(stat, FileChannel.open(dir.resolve("status")));
        } catch (IOException | RuntimeException e) {
            if (stat != null) {
                try {
                    stat.close();
                } catch (IOException ignored) {
                    // nothing to flush
                }
            }
            return null; // the process ended, or this is not Linux
        }
    }

    /** Minor plus major faults of the whole process from its stat line; -1 when it is gone. */
    private long faults(FileChannel stat) {
        int n = read(stat);
        if (n <= 0) {
            return -1;
        }
        // pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt ...; comm may hold anything
        int i = n - 1;
        while (i >= 0 && buf.get(i) != ')') {
            i--;
        }
        if (i < 0) {
            return -1;
        }
        long minor = 0;
        long major = 0;
        int field = 0; // fields after the comm: 0 = state
        for (i = i + 2; i < n && field <= 9; i++) {
            byte b = buf.get(i);
            if (b == ' ') {
                field++;
            } else if (field == 7) {
                minor = minor * 10 + (b - '0');
            } else if (field == 9) {
                major = major * 10 + (b - '0');
            }
        }
        return minor + major;
    }

    /** VmHWM in KB from a status file; -1 when the process is gone, 0 when it has no memory (a zombie). */
    private long vmHwmKb(FileChannel status) {
        int n = read(status);
        if (n <= 0) {
            return -1;
        }
        statusLength = n;
        return Math.max(0, lastNumberAfter(VM_HWM, 0));
    }

    /** The last number on the status line starting with {@code label} (in {@link #buf}), or {@code otherwise}. */
    private long lastNumberAfter(byte[] label, long otherwise) {
        int at = indexOf(label, statusLength);
        if (at < 0) {
            return otherwise;
        }
        long number = 0;
        boolean inNumber = false;
        for (int i = at + label.length; i < statusLength && buf.get(i) != '\n'; i++) {
            byte b = buf.get(i);
            if (b >= '0' && b <= '9') {
                number = inNumber ? number * 10 + (b - '0') : b - '0';
                inNumber = true;
            } else {
                inNumber = false;
            }
        }
        return number;
    }

    private int indexOf(byte[] what, int length) {
        outer:
        for (int i = 0; i + what.length <= length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (buf.get(i + j) != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * The file from offset 0 into {@link #buf}: one read, since the kernel hands a /proc file over whole in the first
     * (a second read would only find the end); its length, or -1 when it cannot be read.
     */
    private int read(FileChannel ch) {
        buf.clear();
        try {
            return ch.read(buf, 0);
        } catch (IOException e) {
            return -1; // ESRCH: the process ended
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        follow(new long[0]);
    }
}
