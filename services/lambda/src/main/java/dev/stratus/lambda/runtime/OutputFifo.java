package dev.stratus.lambda.runtime;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A named pipe carrying a runtime's stdout and stderr. The JDK's process pipes lock themselves while a read blocks,
 * so nobody can ask how much is pending; a plain FileInputStream on a FIFO can answer, which lets an invocation's END
 * line wait for exactly the output written before the response.
 */
record OutputFifo(Path path, CompletableFuture<FileInputStream> opening) {

    /** Takes a FIFO from {@code supply} and starts opening its read end (done once the process opens the other). */
    static OutputFifo create(FifoSupply supply) {
        Path path = supply.take();
        if (path == null) {
            return null; // no mkfifo: the caller falls back to the process pipe
        }
        CompletableFuture<FileInputStream> opening = new CompletableFuture<>();
        // Opening a FIFO blocks in the kernel until the writer arrives: keep it off the virtual thread carriers.
        Thread.ofPlatform().daemon().name("lambda-fifo").start(() -> {
            try {
                opening.complete(new FileInputStream(path.toFile()));
            } catch (IOException e) {
                opening.completeExceptionally(e);
            }
        });
        return new OutputFifo(path, opening);
    }

    /** The read end, once the process has opened the write end; the FIFO's name is no longer needed then. */
    InputStream reader() {
        try {
            FileInputStream in = opening.get(10, TimeUnit.SECONDS);
            Files.deleteIfExists(path);
            return in;
        } catch (Exception e) {
            abandon();
            return InputStream.nullInputStream();
        }
    }

    /** Releases a reader still waiting for a writer (the process never started) and removes the FIFO. */
    void abandon() {
        if (!opening.isDone()) {
            try (FileOutputStream unblock = new FileOutputStream(path.toFile())) {
                // opening and closing the write end lets the pending open finish with an immediate EOF
            } catch (IOException e) {
                // nothing waits any more
            }
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // best effort
        }
    }
}
