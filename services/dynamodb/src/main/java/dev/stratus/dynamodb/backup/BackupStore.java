package dev.stratus.dynamodb.backup;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.dynamodb.item.ItemStore;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.state.DocumentStore;
import dev.stratus.storage.Batch;
import dev.stratus.storage.Cursor;
import dev.stratus.storage.KeyEncoder;
import dev.stratus.storage.Keyspace;
import dev.stratus.storage.Storage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Backups per (account, region): metadata as JSON documents ({@code dynamodb.backups}, key
 * {@code account/region/id}) and the items copied at backup time ({@code dynamodb.backup-items}, keyed
 * {@code (account, region, id, n)}).
 */
final class BackupStore {
    /** Items per storage batch while copying. */
    private static final int BATCH = 500;
    private final Storage storage;
    private final DocumentStore<Backup> backups;
    private final Keyspace items;

    BackupStore(Storage storage) {
        this.storage = storage;
        this.backups = new DocumentStore<>(storage, "dynamodb.backups", Backup.class);
        this.items = storage.keyspace("dynamodb.backup-items");
    }

    private static String prefix(RequestContext ctx) {
        return ctx.accountId() + "/" + ctx.region() + "/";
    }

    private static byte[] itemPrefix(Backup backup) {
        return new KeyEncoder().string(backup.account()).string(backup.region()).string(backup.id()).toBytes();
    }

    /** Stores the items first, then the metadata, so a listed backup always has its items. */
    void put(RequestContext ctx, Backup backup, List<ObjectNode> snapshot) {
        byte[] prefix = itemPrefix(backup);
        for (int i = 0; i < snapshot.size(); i += BATCH) {
            Batch batch = storage.batch();
            for (int j = i; j < Math.min(snapshot.size(), i + BATCH); j++) {
                batch.put(items, new KeyEncoder().raw(prefix).int64(j).toBytes(),
                        snapshot.get(j).toString().getBytes(StandardCharsets.UTF_8));
            }
            batch.commit();
        }
        backups.put(prefix(ctx) + backup.id(), backup);
    }

    /** The backup with this ARN in the caller's account and region. */
    Optional<Backup> find(RequestContext ctx, String arn) {
        int slash = arn.lastIndexOf('/');
        return slash < 0 ? Optional.empty() : backups.get(prefix(ctx) + arn.substring(slash + 1))
                .filter(b -> b.arn().equals(arn));
    }

    List<Backup> list(RequestContext ctx) {
        return backups.list(prefix(ctx));
    }

    List<ObjectNode> items(Backup backup) {
        List<ObjectNode> out = new ArrayList<>();
        try (Cursor c = items.scanPrefix(itemPrefix(backup))) {
            while (c.hasNext()) {
                out.add(ItemStore.decode(c.next()));
            }
        }
        return out;
    }

    void delete(RequestContext ctx, Backup backup) {
        backups.delete(prefix(ctx) + backup.id());
        Batch batch = storage.batch();
        try (Cursor c = items.scanPrefix(itemPrefix(backup))) {
            while (c.hasNext()) {
                batch.delete(items, c.next().key());
            }
        }
        batch.commit();
    }
}
