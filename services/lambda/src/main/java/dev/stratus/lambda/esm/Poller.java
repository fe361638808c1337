package dev.stratus.lambda.esm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The threads feeding one mapping's function. Stopping interrupts only threads that are waiting (a long poll, a back
 * off), never one inside an invocation: that one finishes its batch and then sees the stop.
 */
abstract class Poller {
    private static final Logger LOG = Logger.getLogger("stratus.lambda.esm");
    private final String name;
    private final List<Thread> threads = new ArrayList<>();
    private final Set<Thread> waiting = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private volatile boolean stopped;

    Poller(String name) {
        this.name = name;
    }

    /** One round: wait for work, deliver it. Throws InterruptedException when told to stop while waiting. */
    abstract void pollOnce() throws InterruptedException;

    /** Starts {@code workers} virtual threads running {@link #pollOnce()} until stopped. */
    final void start(int workers) {
        synchronized (lock) {
            for (int i = 0; i < workers; i++) {
                threads.add(Thread.ofVirtual().name(name + "-" + i).start(this::run));
            }
        }
    }

    private void run() {
        Duration backoff = Duration.ofMillis(200);
        while (!stopped) {
            try {
                pollOnce();
                backoff = Duration.ofMillis(200);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // The source or the function is not reachable right now (deleted queue, throttling): try again later.
                LOG.log(Level.FINE, e, () -> name + ": " + e.getMessage());
                try {
                    pause(backoff);
                } catch (InterruptedException stop) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5)
                        : backoff.multipliedBy(2);
            }
        }
    }

    boolean stopped() {
        return stopped;
    }

    /** Runs a blocking wait that {@link #stop()} may cut short; throws InterruptedException once stopped. */
    final <T> T waiting(Callable<T> wait) throws InterruptedException {
        Thread me = Thread.currentThread();
        synchronized (lock) {
            if (stopped) {
                throw new InterruptedException("poller stopped");
            }
            waiting.add(me);
        }
        try {
            return wait.call();
        } catch (InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            synchronized (lock) {
                waiting.remove(me);
                Thread.interrupted(); // a stop that came while waiting is seen through stopped, not the flag
            }
            if (stopped) {
                throw new InterruptedException("poller stopped");
            }
        }
    }

    final void pause(Duration d) throws InterruptedException {
        waiting(() -> {
            Thread.sleep(d);
            return null;
        });
    }

    /** Stops the threads and waits up to {@code patience} for a running invocation to finish its batch. */
    final void stop(Duration patience) {
        List<Thread> all;
        synchronized (lock) {
            stopped = true;
            waiting.forEach(Thread::interrupt);
            all = List.copyOf(threads);
        }
        long deadline = System.nanoTime() + patience.toNanos();
        for (Thread t : all) {
            try {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    t.join(Duration.ofNanos(left));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
