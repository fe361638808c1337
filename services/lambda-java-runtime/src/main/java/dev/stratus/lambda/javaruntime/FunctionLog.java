package dev.stratus.lambda.javaruntime;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Where {@code LambdaLogger} output and the runtime's own error reports go: the process's standard output, which the
 * platform turns into log events. Each message ends its line, since the platform splits the stream on newlines
 * where AWS frames each {@code log} call as an event of its own.
 */
final class FunctionLog {
    private final PrintStream out;

    FunctionLog(PrintStream out) {
        this.out = out;
    }

    /** Logs a String or byte[] message, as {@code LambdaLogger.log} receives it. */
    void write(Object message) {
        byte[] bytes = message instanceof byte[] b ? b
                : String.valueOf(message).getBytes(StandardCharsets.UTF_8);
        synchronized (out) {
            out.write(bytes, 0, bytes.length);
            if (bytes.length == 0 || bytes[bytes.length - 1] != '\n') {
                out.write('\n');
            }
            out.flush();
        }
    }
}
