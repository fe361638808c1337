package dev.stratus.dynamodb.item;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.dynamodb.table.Table;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ItemCollectionMetrics as DynamoDB reports them when ReturnItemCollectionMetrics is SIZE: only for tables with a
 * local secondary index, one entry per item collection written, with its size as a 1 GB band.
 */
final class CollectionMetrics {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final TableStats stats;
    private final Map<String, Map<JsonNode, ObjectNode>> byTable = new LinkedHashMap<>();

    CollectionMetrics(TableStats stats) {
        this.stats = stats;
    }

    static boolean requested(JsonNode input) {
        return input.path("ReturnItemCollectionMetrics").asText("NONE").equals("SIZE");
    }

    static boolean hasLocalIndex(Table table) {
        return table.indexes().stream().anyMatch(i -> !i.global());
    }

    /** The metrics of the collection holding the item with key {@code key}, or null for a table without an LSI. */
    static ObjectNode of(TableStats stats, Table table, JsonNode key) {
        if (!hasLocalIndex(table)) {
            return null;
        }
        String hash = table.keySchema().hash();
        ObjectNode metrics = NODES.objectNode();
        metrics.putObject("ItemCollectionKey").set(hash, key.get(hash));
        ArrayNode range = metrics.putArray("SizeEstimateRangeGB");
        for (double gb : TableStats.estimateRangeGb(stats.collectionBytes(table, (ObjectNode) key))) {
            range.add(gb);
        }
        return metrics;
    }

    /** Notes a write to the collection of {@code key} (batches and transactions report each collection once). */
    void add(Table table, JsonNode key) {
        ObjectNode metrics = of(stats, table, key);
        if (metrics != null) {
            byTable.computeIfAbsent(table.name(), t -> new LinkedHashMap<>())
                    .putIfAbsent(metrics.get("ItemCollectionKey"), metrics);
        }
    }

    /** Adds {@code ItemCollectionMetrics} (table name to list) to {@code out} when any collection was written. */
    void putInto(ObjectNode out) {
        if (byTable.isEmpty()) {
            return;
        }
        ObjectNode tables = out.putObject("ItemCollectionMetrics");
        byTable.forEach((name, metrics) -> {
            ArrayNode list = tables.putArray(name);
            metrics.values().forEach(list::add);
        });
    }
}
