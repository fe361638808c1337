package dev.stratus.platform;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** AWS-style request ids (random UUIDs). */
public final class RequestIds {
    private RequestIds() {
    }

    public static String next() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return new UUID((r.nextLong() & ~0xF000L) | 0x4000L, (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L)
                .toString();
    }
}
