package dev.stratus.dynamodb.item;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.dynamodb.stream.StreamLog;
import dev.stratus.dynamodb.stream.TableStreams;
import dev.stratus.dynamodb.table.Table;
import dev.stratus.dynamodb.table.TableCatalog;
import dev.stratus.platform.PeriodicJob;
import dev.stratus.storage.Cursor;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Trims stream records past their 24-hour retention and point-in-time history past its recovery window, and
 * deletes items whose Time to Live attribute (a Number of epoch seconds) has passed. As on AWS, expired items stay
 * readable until a pass removes them, and values more than five years in the past are ignored.
 */
public final class TtlSweeper implements AutoCloseable {
    /** How often a pass runs; AWS promises deletion "typically within 48 hours", Stratus within a minute. */
    public static final Duration DEFAULT_PERIOD = Duration.ofMinutes(1);
    /** TTL values older than this are ignored (DynamoDB developer guide, "How TTL works"). */
    public static final Duration IGNORED_AFTER = Duration.ofDays(5 * 365);
    private final TableCatalog catalog;
    private final ItemStore store;
    private final Clock clock;
    private final StreamLog streams;
    private PeriodicJob job;

    public TtlSweeper(TableCatalog catalog, ItemStore store, StreamLog streams, Clock clock) {
        this.catalog = catalog;
        this.store = store;
        this.streams = streams;
        this.clock = clock;
    }

    public synchronized void start(Duration period) {
        if (job == null) {
            job = PeriodicJob.start("stratus-dynamodb-ttl", period, period, this::sweep);
        }
    }

    /** One pass over every table with TTL enabled; returns how many items were deleted. */
    public int sweep() {
        long now = clock.instant().getEpochSecond();
        long oldest = now - IGNORED_AFTER.toSeconds();
        int deleted = 0;
        for (Table table : catalog.listAll()) {
            for (TableStreams.Stream stream : TableStreams.stored(table)) {
                streams.trim(table, stream.label(), now - StreamLog.RETENTION.toSeconds());
            }
            if (PointInTimeLog.enabled(table)) {
                store.trimPointInTime(table, PointInTimeLog.windowStart(table, clock.millis()));
            }
            JsonNode ttl = table.spec().get("TimeToLiveSpecification");
            if (ttl == null || !ttl.path("Enabled").asBoolean()) {
                continue;
            }
            String attribute = ttl.get("AttributeName").asText();
            List<byte[]> expired = new ArrayList<>();
            byte[] prefix = ItemKeys.tablePrefix(table);
            try (Cursor c = store.scan(null, prefix, ItemStore.end(prefix), false)) {
                while (c.hasNext()) {
                    var entry = c.next();
                    if (isExpired(ItemStore.decode(entry), attribute, now, oldest)) {
                        expired.add(entry.key());
                    }
                }
            }
            for (byte[] key : expired) {
                // Re-checked under the item's lock: a writer may have extended or removed the TTL meanwhile.
                boolean removed = store.locked(key, () -> {
                    ObjectNode current = store.get(key);
                    if (current == null || !isExpired(current, attribute, now, oldest)) {
                        return false;
                    }
                    store.changes().stage(table, current, null, true).commit();
                    return true;
                });
                deleted += removed ? 1 : 0;
            }
        }
        return deleted;
    }

    private static boolean isExpired(JsonNode item, String attribute, long now, long oldest) {
        JsonNode value = item.get(attribute);
        if (value == null || !value.has("N")) {
            return false;
        }
        BigDecimal seconds = new BigDecimal(value.get("N").asText());
        return seconds.compareTo(BigDecimal.valueOf(now)) <= 0 && seconds.compareTo(BigDecimal.valueOf(oldest)) >= 0;
    }

    @Override
    public synchronized void close() {
        if (job != null) {
            job.close();
            job = null;
        }
    }
}
