package dev.stratus.apigateway;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;

/** X-Ray trace ids: {@code Root=1-<epoch seconds hex>-<96 random bits hex>}. */
final class TraceIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private TraceIds() {
    }

    static String next(Instant now) {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return "Root=1-" + Long.toHexString(now.getEpochSecond()) + "-" + HexFormat.of().formatHex(b);
    }
}
