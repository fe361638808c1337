package dev.stratus.s3;

import dev.stratus.platform.state.DocumentStore;
import dev.stratus.storage.Storage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The event deliveries not yet made, in storage: one is written before the S3 request that caused it is answered
 * and removed once delivered (or given up), so events acknowledged before a crash or stop are sent after the next
 * start. Keys grow with time, so a scan returns pending deliveries in the order they were queued.
 */
final class EventOutbox {
    /** One delivery: the destination kind ({@link NotificationConfigs.Kind} name) and ARN, and the message. */
    record Pending(String kind, String arn, String body, String what) {
        NotificationConfigs.Target target() {
            return new NotificationConfigs.Target(NotificationConfigs.Kind.valueOf(kind), null, arn, List.of(),
                    null, null);
        }
    }

    private final DocumentStore<Pending> store;
    private final AtomicLong next;

    EventOutbox(Storage storage, Clock clock) {
        this.store = new DocumentStore<>(storage, "s3.event-outbox", Pending.class);
        long after = store.keys("").stream().mapToLong(k -> Long.parseLong(k, 16)).max().orElse(0);
        this.next = new AtomicLong(Math.max(after + 1, clock.millis() * 1000));
    }

    /** Stores a delivery to make; returns its id. */
    String add(Pending pending) {
        String id = String.format("%016X", next.getAndIncrement());
        store.put(id, pending);
        return id;
    }

    void remove(String id) {
        store.delete(id);
    }

    /** Every pending delivery by id, oldest first. */
    List<Map.Entry<String, Pending>> all() {
        List<Map.Entry<String, Pending>> out = new ArrayList<>();
        for (String id : store.keys("")) {
            store.get(id).ifPresent(p -> out.add(Map.entry(id, p)));
        }
        return out;
    }
}
