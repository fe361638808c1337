package dev.stratus.dynamodb.table;

import dev.stratus.dynamodb.DynamoErrors;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.state.DocumentStore;
import dev.stratus.storage.Storage;
import java.util.List;
import java.util.Optional;

/**
 * Table metadata per (account, region), as JSON documents keyed {@code account/region/name}. A deleted table keeps
 * its document (DELETING) for the transition time; after that every lookup ignores it, and the background workers'
 * {@link #listAll} removes it.
 */
public final class TableCatalog {
    private final DocumentStore<Table> tables;
    private final java.time.Clock clock;
    /** Serialises writes with the removal of expired documents, so a removal never hits a table re-created meanwhile. */
    private final Object writes = new Object();

    public TableCatalog(Storage storage, java.time.Clock clock) {
        this.tables = new DocumentStore<>(storage, "dynamodb.tables", Table.class);
        this.clock = clock;
    }

    private static String key(RequestContext ctx, String name) {
        return prefix(ctx) + name;
    }

    private static String prefix(RequestContext ctx) {
        return ctx.accountId() + "/" + ctx.region() + "/";
    }

    /** The table, CREATING and DELETING ones included, unless its deletion is over. */
    public Optional<Table> find(RequestContext ctx, String name) {
        return tables.get(key(ctx, name)).filter(this::exists);
    }

    private boolean exists(Table table) {
        return !TableStates.gone(table, clock.millis());
    }

    /**
     * The table, or ResourceNotFoundException with the generic message data-plane calls use; a table still CREATING
     * or already DELETING is not found, as on DynamoDB.
     */
    public Table require(RequestContext ctx, String name) {
        return find(ctx, name).filter(t -> TableStates.status(t, clock.millis()).matches("ACTIVE|UPDATING"))
                .orElseThrow(() -> DynamoErrors.resourceNotFound("Requested resource not found"));
    }

    /** The catalog's clock (transient states are measured against it). */
    public java.time.Clock clock() {
        return clock;
    }

    /** Resolves a table name or table ARN for control-plane calls, which also see a table still CREATING. */
    public Table requireByNameOrArn(RequestContext ctx, String nameOrArn) {
        return find(ctx, nameOf(nameOrArn))
                .orElseThrow(() -> DynamoErrors.resourceNotFound("Requested resource not found"));
    }

    public static String nameOf(String nameOrArn) {
        int slash = nameOrArn.startsWith("arn:") ? nameOrArn.indexOf("table/") : -1;
        if (slash < 0) {
            return nameOrArn;
        }
        String rest = nameOrArn.substring(slash + "table/".length());
        int end = rest.indexOf('/');
        return end < 0 ? rest : rest.substring(0, end);
    }

    public void put(RequestContext ctx, Table table) {
        synchronized (writes) {
            tables.put(key(ctx, table.name()), table);
        }
    }

    /**
     * Every existing table of every account and region (for background workers, which call it every minute); the
     * documents of tables whose deletion is over are removed on the way.
     */
    public List<Table> listAll() {
        List<Table> all = tables.list("");
        for (Table table : all) {
            if (!exists(table)) {
                removeIfGone(table.account() + "/" + table.region() + "/" + table.name());
            }
        }
        return all.stream().filter(this::exists).toList();
    }

    private void removeIfGone(String key) {
        synchronized (writes) {
            if (tables.get(key).filter(t -> !exists(t)).isPresent()) {
                tables.delete(key);
            }
        }
    }

    public List<Table> list(RequestContext ctx) {
        return tables.list(prefix(ctx), this::exists);
    }
}
