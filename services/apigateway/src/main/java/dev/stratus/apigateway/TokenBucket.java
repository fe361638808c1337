package dev.stratus.apigateway;

import java.time.Instant;

/** A throttle: holds up to {@code burst} tokens, refilled at {@code rate} per second; each request takes one. */
final class TokenBucket {
    private final double rate;
    private final double burst;
    private double tokens;
    private Instant last;

    TokenBucket(double rate, double burst, Instant now) {
        this.rate = rate;
        this.burst = burst;
        this.tokens = burst;
        this.last = now;
    }

    boolean sameLimits(double rate, double burst) {
        return this.rate == rate && this.burst == burst;
    }

    /** Takes a token if one is there; false means the request is throttled. */
    synchronized boolean take(Instant now) {
        if (now.isAfter(last)) {
            double elapsed = (now.toEpochMilli() - last.toEpochMilli()) / 1000.0;
            tokens = Math.min(burst, tokens + elapsed * rate);
            last = now;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
