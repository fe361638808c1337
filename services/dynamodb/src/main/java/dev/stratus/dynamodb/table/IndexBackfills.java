package dev.stratus.dynamodb.table;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.dynamodb.item.ItemStore;
import dev.stratus.platform.RequestContext;

/**
 * Background jobs that fill a new global secondary index from the table's items, then mark it ACTIVE; jobs a stop
 * interrupted are started again at the next start (their index is still CREATING in the catalog).
 */
final class IndexBackfills {
    private static final System.Logger LOG = System.getLogger(IndexBackfills.class.getName());
    private final TableCatalog catalog;
    private final ItemStore items;

    IndexBackfills(TableCatalog catalog, ItemStore items) {
        this.catalog = catalog;
        this.items = items;
    }

    /** Restarts the backfills a stop interrupted. */
    void resume() {
        for (Table table : catalog.listAll()) {
            for (Table.Index index : table.indexes()) {
                if (TableStates.backfilling(table, index.name())) {
                    start(table, index.name());
                }
            }
        }
    }

    /** Backfills {@code index} on a virtual thread; marks it ACTIVE unless the table was deleted or re-created. */
    void start(Table table, String index) {
        Thread.ofVirtual().name("dynamodb-backfill-" + table.name() + "-" + index).start(() -> {
            try {
                items.backfill(table, table.index(index));
                markActive(table, index);
            } catch (RuntimeException e) {
                // The server is stopping (storage closed): the backfill resumes at the next start.
                LOG.log(System.Logger.Level.DEBUG, "backfill of " + table.name() + "/" + index + " stopped", e);
            }
        });
    }

    private synchronized void markActive(Table table, String index) {
        RequestContext internal = RequestContext.internal(table.account(), table.region());
        catalog.find(internal, table.name()).filter(t -> t.id().equals(table.id())).ifPresent(t -> {
            ObjectNode spec = t.spec().deepCopy();
            TableStates.indexStatus(spec, index, null);
            catalog.put(internal, new Table(t.name(), t.id(), t.arn(), t.createdMillis(), spec, t.tags()));
        });
    }
}
