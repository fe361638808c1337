package dev.stratus.dynamodb.table;

import dev.stratus.dynamodb.DynamoErrors;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.state.DocumentStore;
import dev.stratus.storage.Storage;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Table metadata per (account, region), as JSON documents keyed {@code account/region/name}. A deleted table keeps
 * its document (DELETING) for the transition time; after that every lookup ignores it, and the background workers'
 * {@link #listAll} removes it.
 *
 * <p>Every data-plane call looks its table up, so a caching catalog keeps the decoded tables: the documents stay the
 * source of truth (a table is read from them on its first lookup), and {@link #put} and removals update the cache
 * after the document is written. The tables handed out are shared: callers never change one in place (a change is a
 * deep copy of the spec put back as a new Table), and {@link #put} keeps a private copy, so a caller that goes on
 * using its instance cannot reach the cached one. A caching catalog must be the only writer of the documents.
 */
public final class TableCatalog {
    private final DocumentStore<Table> tables;
    private final java.time.Clock clock;
    /** Serialises writes with the removal of expired documents, so a removal never hits a table re-created meanwhile. */
    private final Object writes = new Object();
    /** Decoded tables by document key (absent: not looked up yet, or no such table); null when not caching. */
    private final Map<String, Table> cache;

    /** A caching catalog: the one that serves the DynamoDB API and writes tables. */
    public TableCatalog(Storage storage, java.time.Clock clock) {
        this(storage, clock, true);
    }

    private TableCatalog(Storage storage, java.time.Clock clock, boolean caching) {
        this.tables = new DocumentStore<>(storage, "dynamodb.tables", Table.class);
        this.clock = clock;
        this.cache = caching ? new ConcurrentHashMap<>() : null;
    }

    /**
     * A catalog that reads the documents on every lookup and never writes, for a service beside the one that owns
     * the tables (DynamoDB Streams): it sees every change at once without sharing the owner's cache.
     */
    public static TableCatalog readThrough(Storage storage, java.time.Clock clock) {
        return new TableCatalog(storage, clock, false);
    }

    private static String key(RequestContext ctx, String name) {
        return prefix(ctx) + name;
    }

    private static String prefix(RequestContext ctx) {
        return ctx.accountId() + "/" + ctx.region() + "/";
    }

    /** The table, CREATING and DELETING ones included, unless its deletion is over. */
    public Optional<Table> find(RequestContext ctx, String name) {
        Table table = lookup(key(ctx, name));
        return table != null && exists(table) ? Optional.of(table) : Optional.empty();
    }

    /** The table stored under {@code key}, decoded once while caching. */
    private Table lookup(String key) {
        if (cache == null) {
            return tables.get(key).orElse(null);
        }
        Table cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        // Filled under the write lock, so a document read here cannot be cached after a newer put or a removal.
        synchronized (writes) {
            cached = cache.get(key);
            if (cached == null) {
                cached = tables.get(key).orElse(null);
                if (cached != null) {
                    cache.put(key, cached);
                }
            }
            return cached;
        }
    }

    private boolean exists(Table table) {
        return !TableStates.gone(table, clock.millis());
    }

    /**
     * The table, or ResourceNotFoundException with the generic message data-plane calls use; a table still CREATING
     * or already DELETING is not found, as on DynamoDB.
     */
    public Table require(RequestContext ctx, String name) {
        Table table = lookup(key(ctx, name));
        if (table != null) {
            String status = TableStates.status(table, clock.millis());
            if (status.equals("ACTIVE") || status.equals("UPDATING")) {
                return table;
            }
        }
        throw DynamoErrors.resourceNotFound("Requested resource not found");
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

    /** Stores the table; the cache holds a private copy, updated only once the document is written. */
    public void put(RequestContext ctx, Table table) {
        if (cache == null) {
            throw new IllegalStateException("a read-through catalog does not write tables");
        }
        Table copy = new Table(table.name(), table.id(), table.arn(), table.createdMillis(), table.spec().deepCopy(),
                table.tags() == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(table.tags())));
        String key = key(ctx, table.name());
        synchronized (writes) {
            tables.put(key, copy);
            cache.put(key, copy);
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
                if (cache != null) {
                    cache.remove(key);
                }
            }
        }
    }

    public List<Table> list(RequestContext ctx) {
        return tables.list(prefix(ctx), this::exists);
    }
}
