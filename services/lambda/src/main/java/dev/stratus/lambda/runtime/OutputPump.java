package dev.stratus.lambda.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * Turns a runtime's stdout or stderr into log events, one per line. It can tell when everything written so far has
 * been consumed, so an invocation's END line comes after the lines the function printed before answering.
 */
final class OutputPump implements Runnable {
    /** CloudWatch's event size limit; longer lines are split as Lambda does. */
    static final int MAX_LINE_BYTES = 256 * 1024 - 26;

    private final InputStream in;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final Consumer<LogEvent> sink;
    private final Clock clock;
    private volatile boolean waiting;
    private volatile boolean finished;

    OutputPump(InputStream in, Consumer<LogEvent> sink, Clock clock) {
        this.in = in;
        this.sink = sink;
        this.clock = clock;
    }

    @Override
    public void run() {
        byte[] buf = new byte[8192];
        try {
            while (true) {
                synchronized (this) {
                    waiting = true;
                    notifyAll(); // a drain may be waiting for the pump to catch up
                }
                int n = in.read(buf);
                waiting = false;
                if (n < 0) {
                    break;
                }
                synchronized (line) {
                    for (int i = 0; i < n; i++) {
                        line.write(buf[i]);
                        if (buf[i] == '\n' || line.size() >= MAX_LINE_BYTES) {
                            emit(line);
                        }
                    }
                }
            }
        } catch (IOException e) {
            // the process is gone
        } finally {
            synchronized (line) {
                if (line.size() > 0) {
                    emit(line);
                }
            }
            synchronized (this) {
                finished = true;
                waiting = false;
                notifyAll();
            }
        }
    }

    private void emit(ByteArrayOutputStream line) {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        sink.accept(new LogEvent(clock.millis(), text.endsWith("\n") ? text : text + "\n"));
    }

    /**
     * Waits (bounded) until everything the process wrote so far has become log events: the pump is blocked reading
     * an empty pipe. No polling: the pump wakes this each time it comes back to read.
     */
    void drain(long maxMillis) {
        long until = System.nanoTime() + maxMillis * 1_000_000;
        try {
            synchronized (this) {
                while (!finished && !(waiting && in.available() == 0)) {
                    long left = until - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    wait(Math.max(1, left / 1_000_000));
                }
            }
        } catch (IOException e) {
            // stream closed: nothing left to drain
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // What is left is a line without its newline (e.g. a prompt): it belongs to this invocation.
        synchronized (line) {
            if (line.size() > 0) {
                emit(line);
            }
        }
    }
}
