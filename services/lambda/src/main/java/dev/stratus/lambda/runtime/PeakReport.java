package dev.stratus.lambda.runtime;

/**
 * A runtime's own peak resident set, which the bundled runtimes send with each response (header
 * {@value #HEADER}: their pid as they see it, then VmHWM in KB from {@code getrusage}), so that REPORT need not read
 * the runtime's /proc files on every invocation.
 *
 * @param nsPid the runtime's pid in its own pid namespace (the last {@code NSpid} of its /proc status)
 */
record PeakReport(long nsPid, long kb) {
    static final String HEADER = "Stratus-Peak-Rss";

    /** The report in a header's value ({@code "<pid> <kb>"}), or null when absent or malformed. */
    static PeakReport parse(String value) {
        if (value == null) {
            return null;
        }
        int space = value.indexOf(' ');
        if (space <= 0) {
            return null;
        }
        try {
            long pid = Long.parseLong(value, 0, space, 10);
            long kb = Long.parseLong(value, space + 1, value.length(), 10);
            return pid > 0 && kb >= 0 ? new PeakReport(pid, kb) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
