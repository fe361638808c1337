package dev.stratus.platform;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A background job run every period on a daemon thread of its own, as the services' sweepers (TTL, lifecycle,
 * retention, orphaned bodies) need: a run that fails is logged and the next one still comes; {@link #close} stops it.
 */
public final class PeriodicJob implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PeriodicJob.class.getName());

    private final ScheduledExecutorService executor;

    private PeriodicJob(String name, Duration initialDelay, Duration period, Runnable job) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                job.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, name + " failed", e);
            }
        }, initialDelay.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs {@code job} after {@code initialDelay}, then {@code period} after the end of each run. */
    public static PeriodicJob start(String name, Duration initialDelay, Duration period, Runnable job) {
        return new PeriodicJob(name, initialDelay, period, job);
    }

    /** The ISO-8601 duration (e.g. {@code PT10S}) in system property {@code property}, else {@code fallback}. */
    public static Duration configuredPeriod(String property, Duration fallback) {
        String value = System.getProperty(property);
        return value == null || value.isBlank() ? fallback : Duration.parse(value.strip());
    }

    /** Stops the job; a run in progress is interrupted. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
