package dev.stratus.dynamodb.table;

import dev.stratus.dynamodb.DynamoErrors;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.state.DocumentStore;
import dev.stratus.storage.Storage;
import java.util.List;
import java.util.Optional;

/** Table metadata per (account, region), as JSON documents keyed {@code account/region/name}. */
public final class TableCatalog {
    private final DocumentStore<Table> tables;
    private final java.time.Clock clock;

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

    public Optional<Table> find(RequestContext ctx, String name) {
        return tables.get(key(ctx, name));
    }

    /**
     * The table, or ResourceNotFoundException with the generic message data-plane calls use; a table still CREATING
     * is not found yet, as on DynamoDB.
     */
    public Table require(RequestContext ctx, String name) {
        return find(ctx, name).filter(t -> !TableStates.status(t, clock.millis()).equals("CREATING"))
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
        tables.put(key(ctx, table.name()), table);
    }

    public void delete(RequestContext ctx, String name) {
        tables.delete(key(ctx, name));
    }

    /** Every table of every account and region (for background workers). */
    public List<Table> listAll() {
        return tables.list("");
    }

    public List<Table> list(RequestContext ctx) {
        return tables.list(prefix(ctx));
    }
}
