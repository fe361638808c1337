package dev.stratus.apigateway;

import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** X-Ray trace ids: {@code Root=1-<epoch seconds hex>-<96 random bits hex>}. */
final class TraceIds {
    private TraceIds() {
    }

    static String next(Instant now) {
        byte[] b = new byte[12];
        // Unique, not secret: a per-thread generator spares every request SecureRandom's shared lock.
        ThreadLocalRandom.current().nextBytes(b);
        return "Root=1-" + Long.toHexString(now.getEpochSecond()) + "-" + HexFormat.of().formatHex(b);
    }
}
