package dev.stratus.lambda.javaruntime;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * A problem with the function itself (its handler cannot be found or loaded), reported as AWS's Java runtime reports
 * it: a message, the exception's class (or none), and the exception's stack trace in the log only.
 *
 * @param fatal whether the environment cannot go on (reported as an Init error), rather than failing each invocation
 */
final class Fault extends Exception {
    private static final long serialVersionUID = 1L;

    final String errorType;
    final String trace;
    final boolean fatal;

    Fault(String message, String errorType, String trace, boolean fatal) {
        super(message, null, false, false);
        this.errorType = errorType;
        this.trace = trace;
        this.fatal = fatal;
    }

    /** A fault that is only a message, such as a handler method that does not exist. */
    static Fault of(String message) {
        return new Fault(message, null, null, false);
    }

    /** A fault caused by {@code cause}, whose class becomes the error type. */
    static Fault of(String message, Throwable cause, boolean fatal) {
        return new Fault(message, cause.getClass().getName(), trace(cause), fatal);
    }

    /** The exception's own message (or class name when it has none), as the error message. */
    static Fault thrown(Throwable cause, boolean fatal) {
        return of(ErrorDocuments.messageOf(cause), cause, fatal);
    }

    static String trace(Throwable t) {
        ErrorDocuments.filter(t);
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    /** The log text: {@code message: type} and the trace, or the message alone. */
    String logText() {
        if (errorType == null && trace == null) {
            return getMessage() + "\n";
        }
        return getMessage() + ": " + (errorType == null ? "" : errorType) + "\n" + (trace == null ? "" : trace) + "\n";
    }
}
