package dev.stratus.sqs;

import dev.stratus.platform.PeriodicJob;
import java.time.Clock;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Drops messages past their queue's MessageRetentionPeriod (receives also skip them in the meantime). */
final class RetentionSweeper implements AutoCloseable {
    static final Duration DEFAULT_PERIOD = Duration.ofSeconds(30);
    private static final Logger LOG = Logger.getLogger("stratus.sqs");

    private final QueueDirectory directory;
    private final Clock clock;
    private PeriodicJob job;

    RetentionSweeper(QueueDirectory directory, Clock clock) {
        this.directory = directory;
        this.clock = clock;
    }

    synchronized void start(Duration period) {
        if (job == null) {
            job = PeriodicJob.start("stratus-sqs-retention", period, period, this::sweep);
        }
    }

    /** One pass over every queue; returns how many messages expired. */
    int sweep() {
        int expired = 0;
        for (SqsQueue q : directory.all()) {
            try {
                expired += q.expire(clock.millis());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "retention sweep of " + q.key().arn() + " failed", e);
            }
        }
        return expired;
    }

    @Override
    public synchronized void close() {
        if (job != null) {
            job.close();
            job = null;
        }
    }
}
