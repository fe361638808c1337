package dev.stratus.platform;

import java.util.Locale;

/**
 * Host names from Host headers, for {@link HttpFrontDoor#hostName}: every front door asks for the name of every
 * request, and clients send the same Host each time, so the last one worked out is kept and reused.
 */
final class HostNames {
    /** A Host header as sent and its host name. */
    private record Memo(String header, String name) {
    }

    /** The last header worked out (a value cache shared by requests; racing writers are harmless). */
    private static volatile Memo last = new Memo("", "");

    private HostNames() {
    }

    /** The host name in lower case without the port (an IPv6 literal keeps its brackets). */
    static String of(String header) {
        Memo memo = last;
        if (memo.header.equals(header)) {
            return memo.name;
        }
        String host = header.strip().toLowerCase(Locale.ROOT);
        int colon = host.lastIndexOf(':');
        String name = colon > 0 && !host.endsWith("]") ? host.substring(0, colon) : host;
        last = new Memo(header, name);
        return name;
    }
}
