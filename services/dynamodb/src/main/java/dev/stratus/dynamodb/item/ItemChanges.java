package dev.stratus.dynamodb.item;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.dynamodb.stream.StreamLog;
import dev.stratus.dynamodb.stream.StreamRecords;
import dev.stratus.dynamodb.table.Table;
import dev.stratus.storage.Batch;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Item writes collected into one atomic batch, with the stream records they produce: records get their sequence
 * numbers under their stream's lock right before the batch commits.
 */
public final class ItemChanges {
    private final ItemStore store;
    private final StreamLog streams;
    private final Clock clock;
    private final Batch batch;
    private final List<Pending> events = new ArrayList<>();
    private final TableStats.Deltas deltas = new TableStats.Deltas();

    private record Pending(Table table, String label, ObjectNode before, ObjectNode after, boolean byService) {
    }

    ItemChanges(ItemStore store, StreamLog streams, Clock clock, Batch batch) {
        this.store = store;
        this.streams = streams;
        this.clock = clock;
        this.batch = batch;
    }

    public ItemChanges stage(Table table, ObjectNode before, ObjectNode after) {
        return stage(table, before, after, false);
    }

    /** Stages replacing {@code before} by {@code after}; {@code byService} marks TTL deletions in the stream. */
    public ItemChanges stage(Table table, ObjectNode before, ObjectNode after, boolean byService) {
        return stage(table, ItemImage.of(before), ItemImage.of(after), byService);
    }

    /** Stages replacing {@code before} by {@code after}, reusing what their images have computed already. */
    ItemChanges stage(Table table, ItemImage before, ItemImage after, boolean byService) {
        store.stageItem(batch, deltas, table, before, after);
        String label = StreamLog.label(table);
        if (label != null) {
            events.add(new Pending(table, label, before == null ? null : before.item(),
                    after == null ? null : after.item(), byService));
        }
        return this;
    }

    /**
     * Commits every staged change with the table counters; ItemCollectionSizeLimitExceededException (nothing
     * written) when an item collection would outgrow its limit.
     */
    public void commit() {
        store.stats().commit(batch, deltas, this::commitWithStreams);
    }

    private void commitWithStreams() {
        if (events.isEmpty()) {
            batch.commit();
            return;
        }
        TreeMap<String, ReentrantLock> locks = new TreeMap<>();
        for (Pending e : events) {
            locks.put(StreamLog.streamArn(e.table(), e.label()), streams.lock(e.table(), e.label()));
        }
        List<ReentrantLock> ordered = new ArrayList<>(locks.values());
        ordered.forEach(ReentrantLock::lock);
        try {
            for (Pending e : events) {
                streams.append(batch, e.table(), e.label(),
                        StreamRecords.of(e.table(), e.before(), e.after(), clock.instant(), e.byService()));
            }
            batch.commit();
        } finally {
            ordered.reversed().forEach(ReentrantLock::unlock);
        }
    }
}
