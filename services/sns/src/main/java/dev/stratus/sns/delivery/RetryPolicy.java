package dev.stratus.sns.delivery;

import java.time.Duration;
import java.time.Instant;

/**
 * When to try a failed delivery again: exponential backoff from {@code firstDelay}, at most {@code maxAttempts}
 * attempts and never after {@code maxAge} from the first attempt (decided on the injected clock).
 */
public record RetryPolicy(int maxAttempts, Duration firstDelay, Duration maxDelay, Duration maxAge) {

    /** Stratus's default: 1 + 3 retries (as SNS's default HTTP policy), 1s, 2s, 4s apart, within an hour. */
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(20), Duration.ofHours(1));

    /** The delay before attempt {@code attempt + 1}, or null when attempt {@code attempt} was the last. */
    public Duration next(int attempt, Instant firstAttemptAt, Instant now) {
        if (attempt >= maxAttempts || !now.isBefore(firstAttemptAt.plus(maxAge))) {
            return null;
        }
        Duration d = firstDelay.multipliedBy(1L << Math.min(attempt - 1, 20));
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }
}
