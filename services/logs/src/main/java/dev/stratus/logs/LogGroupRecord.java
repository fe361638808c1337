package dev.stratus.logs;

import java.util.Map;
import java.util.TreeMap;

/**
 * A log group as persisted (the control-plane document).
 *
 * @param retentionInDays null when events never expire
 * @param tags never null
 */
record LogGroupRecord(String accountId, String region, String name, long creationTime, Integer retentionInDays,
                      String kmsKeyId, String logGroupClass, Map<String, String> tags) {

    LogGroupRecord {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    Scope scope() {
        return new Scope(accountId, region);
    }

    LogGroupRecord withRetention(Integer days) {
        return new LogGroupRecord(accountId, region, name, creationTime, days, kmsKeyId, logGroupClass, tags);
    }

    LogGroupRecord withTags(Map<String, String> newTags) {
        return new LogGroupRecord(accountId, region, name, creationTime, retentionInDays, kmsKeyId, logGroupClass,
                newTags);
    }

    /** Tags sorted by key, for stable output. */
    Map<String, String> sortedTags() {
        return new TreeMap<>(tags);
    }
}
