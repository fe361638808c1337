package dev.stratus.sns.delivery;

import dev.stratus.protocol.AwsException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs deliveries off the request thread, on virtual threads, retrying failures per {@link RetryPolicy}.
 * Client errors (an AWS 4xx from the target service) are not retried: trying again cannot help.
 */
public final class DeliveryExecutor implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DeliveryExecutor.class.getName());

    /** One delivery attempt; throws when it failed. */
    @FunctionalInterface
    public interface Attempt {
        void run() throws Exception;
    }

    private final Clock clock;
    private final RetryPolicy policy;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sns-delivery-timer");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, CompletableFuture<Void>> tails = new HashMap<>();
    private int inFlight;

    public DeliveryExecutor(Clock clock, RetryPolicy policy) {
        this.clock = clock;
        this.policy = policy;
    }

    /** Starts a delivery; {@code onGiveUp} gets the last failure when no attempt succeeded. */
    public void submit(String what, Attempt attempt, Consumer<Exception> onGiveUp) {
        synchronized (this) {
            inFlight++;
        }
        workers.execute(() -> run(what, attempt, onGiveUp, 1, clock.instant(), new CompletableFuture<>()));
    }

    /**
     * Starts a delivery that waits for the previous one with the same {@code order} key to succeed or be given up
     * (FIFO topics: one key per subscription and message group), so a group's messages arrive in publish order.
     */
    public void submitInOrder(String order, String what, Attempt attempt, Consumer<Exception> onGiveUp) {
        CompletableFuture<Void> previous;
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (this) {
            inFlight++;
            previous = tails.getOrDefault(order, CompletableFuture.completedFuture(null));
            tails.put(order, done);
        }
        done.whenComplete((v, e) -> {
            synchronized (this) {
                tails.remove(order, done);
            }
        });
        previous.whenComplete((v, e) -> workers.execute(() -> run(what, attempt, onGiveUp, 1, clock.instant(), done)));
    }

    private void run(String what, Attempt attempt, Consumer<Exception> onGiveUp, int n, Instant first,
                     CompletableFuture<Void> completion) {
        boolean done = true;
        try {
            attempt.run();
        } catch (Exception e) {
            Duration delay = permanent(e) ? null : policy.next(n, first, clock.instant());
            if (delay == null) {
                LOG.log(Level.INFO, "SNS gave up delivering " + what + " after " + n + " attempt(s): " + e);
                try {
                    onGiveUp.accept(e);
                } catch (RuntimeException failure) {
                    LOG.log(Level.WARNING, "SNS dead-letter delivery failed for " + what, failure);
                }
            } else {
                done = false;
                LOG.log(Level.FINE, "SNS delivery of " + what + " failed, retrying in " + delay + ": " + e);
                timer.schedule(() -> workers.execute(() -> run(what, attempt, onGiveUp, n + 1, first, completion)),
                        delay.toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            if (done) {
                synchronized (this) {
                    inFlight--;
                    notifyAll();
                }
                completion.complete(null);
            }
        }
    }

    private static boolean permanent(Exception e) {
        return e instanceof AwsException a && a.senderFault() && a.status() < 500;
    }

    /** Waits until no delivery is pending (tests); false on timeout. */
    public synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        workers.shutdownNow();
    }
}
