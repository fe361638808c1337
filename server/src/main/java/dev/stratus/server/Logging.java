package dev.stratus.server;

import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** One-line log records on stderr; Helidon's own chatter only at WARNING. */
final class Logging {
    /** JUL keeps loggers weakly: hold the ones we configure. */
    private static final Logger STRATUS = Logger.getLogger("stratus");
    private static final Logger REQUESTS = Logger.getLogger("stratus.requests");
    private static final Logger HELIDON = Logger.getLogger("io.helidon.webserver");
    private Logging() {
    }

    static void configure(boolean requests) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        ConsoleHandler h = new ConsoleHandler();
        h.setLevel(Level.ALL);
        h.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord r) {
                String base = String.format("%1$tFT%1$tT.%1$tLZ %2$s %3$s%n", r.getMillis(),
                        r.getLevel() == Level.INFO ? "" : r.getLevel().getName(), formatMessage(r)).replace("  ", " ");
                if (r.getThrown() != null) {
                    java.io.StringWriter sw = new java.io.StringWriter();
                    r.getThrown().printStackTrace(new java.io.PrintWriter(sw));
                    base += sw;
                }
                return base;
            }
        });
        root.addHandler(h);
        root.setLevel(Level.WARNING);
        STRATUS.setLevel(Level.INFO);
        // Helidon reports bind failures with stack traces; StratusApp reports them in one line instead.
        HELIDON.setLevel(Level.OFF);
        REQUESTS.setLevel(requests ? Level.INFO : Level.WARNING);
    }
}
