package dev.stratus.lambda.esm;

import dev.stratus.platform.state.DocumentStore;
import dev.stratus.storage.Storage;
import java.util.List;
import java.util.Optional;

/** Event source mappings per (account, region), and the stream checkpoints of their pollers. */
final class EventSourceMappingStore {
    private final DocumentStore<EventSourceMapping> mappings;
    private final DocumentStore<Checkpoint> checkpoints;

    /** Where a stream poller has got to: the last sequence number its function has been given (or skipped). */
    record Checkpoint(String shardId, String sequenceNumber) {
    }

    EventSourceMappingStore(Storage storage) {
        this.mappings = new DocumentStore<>(storage, "lambda-event-source-mappings", EventSourceMapping.class);
        this.checkpoints = new DocumentStore<>(storage, "lambda-esm-checkpoints", Checkpoint.class);
    }

    private static String key(String account, String region, String uuid) {
        return account + "/" + region + "/" + uuid;
    }

    Optional<EventSourceMapping> get(String account, String region, String uuid) {
        return mappings.get(key(account, region, uuid));
    }

    void put(EventSourceMapping m) {
        mappings.put(key(m.accountId(), m.region(), m.uuid()), m);
    }

    void delete(EventSourceMapping m) {
        mappings.delete(key(m.accountId(), m.region(), m.uuid()));
        checkpoints.delete(m.uuid());
    }

    /** One account and region's mappings, in UUID order. */
    List<EventSourceMapping> list(String account, String region) {
        return mappings.list(account + "/" + region + "/");
    }

    /** Every mapping of every account: what the pollers resume on start. */
    List<EventSourceMapping> all() {
        return mappings.list("");
    }

    Optional<Checkpoint> checkpoint(String uuid) {
        return checkpoints.get(uuid);
    }

    void checkpoint(String uuid, Checkpoint c) {
        checkpoints.put(uuid, c);
    }
}
