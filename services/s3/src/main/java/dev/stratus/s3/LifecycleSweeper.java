package dev.stratus.s3;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.platform.PeriodicJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Applies lifecycle rules by the platform clock: expires current objects (a delete marker in a versioned bucket),
 * removes expired delete markers and old noncurrent versions, and aborts stale multipart uploads. Like S3, it acts
 * some time after the due date (every {@code period}); {@link #sweep()} is one pass, which tests call directly.
 */
final class LifecycleSweeper implements AutoCloseable {
    static final Duration DEFAULT_PERIOD = Duration.ofMinutes(1);
    /** System property that sets the period (an ISO-8601 duration such as {@code PT10S}). */
    static final String PERIOD_PROPERTY = "stratus.s3.lifecycle-interval";

    private final S3State state;
    private final EventNotifier notifier;
    private final Clock clock;
    private PeriodicJob job;

    LifecycleSweeper(S3State state, EventNotifier notifier, Clock clock) {
        this.state = state;
        this.notifier = notifier;
        this.clock = clock;
    }

    /** The configured period: the system property if set, else {@link #DEFAULT_PERIOD}. */
    static Duration configuredPeriod() {
        return PeriodicJob.configuredPeriod(PERIOD_PROPERTY, DEFAULT_PERIOD);
    }

    synchronized void start(Duration period) {
        if (job == null) {
            job = PeriodicJob.start("stratus-s3-lifecycle", period, period, this::sweep);
        }
    }

    /** One pass over every bucket with a lifecycle configuration; returns how many objects, versions and uploads went. */
    synchronized int sweep() {
        int removed = 0;
        for (String configKey : state.configs.keys("")) {
            if (!configKey.endsWith("/" + LifecycleRules.LIFECYCLE)) {
                continue;
            }
            String bucket = configKey.substring(0, configKey.length() - LifecycleRules.LIFECYCLE.length() - 1);
            JsonNode rules = state.config(bucket, LifecycleRules.LIFECYCLE);
            if (rules == null || state.buckets.get(bucket).isEmpty()) {
                continue;
            }
            for (JsonNode rule : rules) {
                if (LifecycleRules.enabled(rule)) {
                    removed += apply(bucket, rule);
                }
            }
        }
        return removed;
    }

    private int apply(String bucket, JsonNode rule) {
        Instant now = clock.instant();
        int removed = expireCurrent(bucket, rule, now);
        if (rule.path("Expiration").path("ExpiredObjectDeleteMarker").asBoolean(false)) {
            removed += removeExpiredDeleteMarkers(bucket, rule);
        }
        if (rule.has("NoncurrentVersionExpiration")) {
            removed += expireNoncurrent(bucket, rule, now);
        }
        if (rule.has("AbortIncompleteMultipartUpload")) {
            removed += abortUploads(bucket, rule, now);
        }
        return removed;
    }

    private int expireCurrent(String bucket, JsonNode rule, Instant now) {
        int removed = 0;
        String prefix = LifecycleRules.prefix(rule);
        for (ObjectRecord o : state.objects.list(S3State.objectKey(bucket, prefix))) {
            Instant due = LifecycleRules.expiry(rule, o.lastModifiedMillis());
            if (due == null || due.isAfter(now) || !LifecycleRules.applies(rule, o.key(), o.tags(), o.size())) {
                continue;
            }
            synchronized (state.lockFor(bucket, o.key())) {
                // Only the object we judged: an overwrite since the listing starts its own clock.
                ObjectRecord current = state.object(bucket, o.key()).orElse(null);
                if (current == null || current.lastModifiedMillis() != o.lastModifiedMillis()
                        || !current.etag().equals(o.etag())) {
                    continue;
                }
                S3State.DeleteResult d = state.deleteObject(bucket, o.key(), null, seconds(now));
                notifier.objectRemoved(null, d.deleteMarker() ? "LifecycleExpiration:DeleteMarkerCreated"
                        : "LifecycleExpiration:Delete", bucket, o.key(), d.deleteMarker() ? d.versionId() : null);
                removed++;
            }
        }
        return removed;
    }

    /** A delete marker with no versions left behind it is an expired object delete marker. */
    private int removeExpiredDeleteMarkers(String bucket, JsonNode rule) {
        int removed = 0;
        for (List<ObjectRecord> versions : versionsByKey(bucket, LifecycleRules.prefix(rule))) {
            ObjectRecord only = versions.get(0);
            if (versions.size() == 1 && only.marksDeletion()) {
                state.deleteObject(bucket, only.key(), only.versionId(), clock.millis());
                notifier.objectRemoved(null, "LifecycleExpiration:Delete", bucket, only.key(), only.versionId());
                removed++;
            }
        }
        return removed;
    }

    /**
     * A version becomes noncurrent when the next one is written; it expires NoncurrentDays later, except the
     * NewerNoncurrentVersions most recent noncurrent versions, which are kept.
     */
    private int expireNoncurrent(String bucket, JsonNode rule, Instant now) {
        JsonNode action = rule.get("NoncurrentVersionExpiration");
        if (!action.has("NoncurrentDays")) {
            return 0;
        }
        int days = action.get("NoncurrentDays").asInt();
        int keep = action.path("NewerNoncurrentVersions").asInt(0);
        int removed = 0;
        for (List<ObjectRecord> versions : versionsByKey(bucket, LifecycleRules.prefix(rule))) {
            for (int i = 1; i < versions.size(); i++) {
                ObjectRecord v = versions.get(i);
                if (i <= keep) {
                    continue;
                }
                long noncurrentSince = versions.get(i - 1).lastModifiedMillis();
                if (!LifecycleRules.afterDays(noncurrentSince, days).isAfter(now)
                        && LifecycleRules.applies(rule, v.key(), v.tags(), v.size())) {
                    state.deleteObject(bucket, v.key(), v.versionId(), clock.millis());
                    notifier.objectRemoved(null, "LifecycleExpiration:Delete", bucket, v.key(), v.versionId());
                    removed++;
                }
            }
        }
        return removed;
    }

    private int abortUploads(String bucket, JsonNode rule, Instant now) {
        int days = rule.get("AbortIncompleteMultipartUpload").path("DaysAfterInitiation").asInt(0);
        if (days <= 0) {
            return 0;
        }
        int removed = 0;
        for (UploadRecord u : state.uploads.list(bucket + "/")) {
            if (!LifecycleRules.afterDays(u.initiatedMillis(), days).isAfter(now)
                    && LifecycleRules.applies(rule, u.key(), Map.of(), 0)) {
                MultipartOperations.discard(state, u);
                removed++;
            }
        }
        return removed;
    }

    /** The versions under a prefix, grouped by key, each group newest first. */
    private List<List<ObjectRecord>> versionsByKey(String bucket, String prefix) {
        List<List<ObjectRecord>> out = new ArrayList<>();
        List<ObjectRecord> group = null;
        for (ObjectRecord v : state.versions.list(S3State.objectKey(bucket, prefix))) {
            if (group == null || !group.get(0).key().equals(v.key())) {
                group = new ArrayList<>();
                out.add(group);
            }
            group.add(v);
        }
        return out;
    }

    private static long seconds(Instant now) {
        return now.getEpochSecond() * 1000;
    }

    @Override
    public synchronized void close() {
        if (job != null) {
            job.close();
            job = null;
        }
    }
}
