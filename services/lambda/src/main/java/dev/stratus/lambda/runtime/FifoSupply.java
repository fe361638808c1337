package dev.stratus.lambda.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Named pipes for environments' output, made ahead in batches: Java cannot make a FIFO itself, and a {@code mkfifo}
 * process per cold start put a process start (tens to hundreds of milliseconds on a busy machine, where a burst of
 * cold starts makes them all at once) on every cold start's path. One process makes a batch, for the cold start that
 * finds none left (and those arriving meanwhile, which wait for it); nothing runs in the background.
 */
final class FifoSupply {
    /** FIFOs one {@code mkfifo} process makes. */
    static final int BATCH = 16;

    private final Path dir;
    private final ReentrantLock lock = new ReentrantLock();
    private final Deque<Path> ready = new ArrayDeque<>();
    private volatile boolean unavailable;

    FifoSupply(Path dir) {
        this.dir = dir;
    }

    /** A fresh FIFO only the caller uses, or null where none can be made (no mkfifo). */
    Path take() {
        if (unavailable) {
            return null;
        }
        lock.lock(); // callers that find none wait here for the one batch being made
        try {
            if (ready.isEmpty()) {
                ready.addAll(make());
            }
            return ready.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    private List<Path> make() {
        List<String> command = new ArrayList<>(List.of("mkfifo", "-m", "600"));
        List<Path> fifos = new ArrayList<>();
        String prefix = "out-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        for (int i = 0; i < BATCH; i++) {
            fifos.add(dir.resolve(prefix + i));
            command.add(fifos.getLast().toString());
        }
        try {
            Files.createDirectories(dir);
            Process mk = new ProcessBuilder(command).redirectErrorStream(true).start();
            mk.getInputStream().readAllBytes();
            if (mk.waitFor(5, TimeUnit.SECONDS) && mk.exitValue() == 0) {
                return fifos;
            }
        } catch (IOException e) {
            unavailable = true; // no mkfifo: environments fall back to the process pipe
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return fifos.stream().filter(Files::exists).toList();
    }
}
