package dev.stratus.logs;

import dev.stratus.protocol.AwsException;
import java.util.List;

/** Retention periods CloudWatch Logs accepts, and the cut-off they imply. */
final class Retention {
    /** The values PutRetentionPolicy accepts, as AWS lists them. */
    static final List<Integer> VALID_DAYS = List.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731,
            1096, 1827, 2192, 2557, 2922, 3288, 3653);
    static final long DAY_MILLIS = 86_400_000L;

    private Retention() {
    }

    static void check(int days) {
        if (!VALID_DAYS.contains(days)) {
            throw new AwsException("InvalidParameterException", "1 validation error detected: Value '" + days
                    + "' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: "
                    + VALID_DAYS, 400);
        }
    }

    /** Events with a timestamp before this are expired; {@code Long.MIN_VALUE} when nothing expires. */
    static long cutoff(Integer days, long nowMillis) {
        return days == null ? Long.MIN_VALUE : nowMillis - days * DAY_MILLIS;
    }

    /** The earliest timestamp a read may return: the request's start time, or later when retention hides more. */
    static long visibleFrom(Integer days, long nowMillis, Long startTime) {
        return Math.max(startTime == null ? 0 : startTime, Math.max(0, cutoff(days, nowMillis)));
    }
}
