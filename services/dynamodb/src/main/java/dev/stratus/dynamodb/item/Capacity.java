package dev.stratus.dynamodb.item;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.dynamodb.expr.Ast;
import dev.stratus.dynamodb.expr.Evaluator;
import dev.stratus.dynamodb.table.Table;
import dev.stratus.dynamodb.value.AttributeValues;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ConsumedCapacity with DynamoDB's unit math: reads in 4 KB units (half when eventually consistent), writes in 1 KB
 * units, and every secondary index write charged on its own (two when an index key changes).
 */
public final class Capacity {
    /** Bytes per read capacity unit. */
    public static final int READ_UNIT_BYTES = 4096;
    /** Bytes per write capacity unit. */
    public static final int WRITE_UNIT_BYTES = 1024;

    /** Units charged to the table and to each index by name. */
    public record Units(double table, Map<String, Double> globalIndexes, Map<String, Double> localIndexes) {
        public static Units table(double units) {
            return new Units(units, Map.of(), Map.of());
        }

        public static Units index(Table.Index index, double units) {
            return index.global() ? new Units(0, Map.of(index.name(), units), Map.of())
                    : new Units(0, Map.of(), Map.of(index.name(), units));
        }

        double total() {
            return table + globalIndexes.values().stream().mapToDouble(Double::doubleValue).sum()
                    + localIndexes.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        public Units times(double factor) {
            Map<String, Double> g = new LinkedHashMap<>();
            globalIndexes.forEach((k, v) -> g.put(k, v * factor));
            Map<String, Double> l = new LinkedHashMap<>();
            localIndexes.forEach((k, v) -> l.put(k, v * factor));
            return new Units(table * factor, g, l);
        }

        public Units plus(Units other) {
            if (globalIndexes.isEmpty() && localIndexes.isEmpty() && other.globalIndexes.isEmpty()
                    && other.localIndexes.isEmpty()) {
                return table(table + other.table);
            }
            Map<String, Double> g = new LinkedHashMap<>(globalIndexes);
            other.globalIndexes.forEach((k, v) -> g.merge(k, v, Double::sum));
            Map<String, Double> l = new LinkedHashMap<>(localIndexes);
            other.localIndexes.forEach((k, v) -> l.merge(k, v, Double::sum));
            return new Units(table + other.table, g, l);
        }
    }

    private Capacity() {
    }

    public static double readUnits(long bytes, boolean consistent) {
        double units = Math.max(1, (bytes + READ_UNIT_BYTES - 1) / READ_UNIT_BYTES);
        return consistent ? units : units / 2;
    }

    public static double writeUnits(long bytes) {
        return Math.max(1, (bytes + WRITE_UNIT_BYTES - 1) / WRITE_UNIT_BYTES);
    }

    /** What replacing {@code before} by {@code after} costs: the table write plus each index entry written or removed. */
    public static Units write(Table table, ObjectNode before, ObjectNode after) {
        return write(table, ItemImage.of(before), ItemImage.of(after));
    }

    static Units write(Table table, ItemImage before, ItemImage after) {
        long size = Math.max(before == null ? 0 : before.size(), after == null ? 0 : after.size());
        List<Table.Index> indexes = table.indexes();
        if (indexes.isEmpty()) {
            return Units.table(writeUnits(size));
        }
        Map<String, Double> global = new LinkedHashMap<>();
        Map<String, Double> local = new LinkedHashMap<>();
        for (Table.Index index : indexes) {
            byte[] oldKey = before == null ? null : before.indexKey(table, index);
            byte[] newKey = after == null ? null : after.indexKey(table, index);
            double units = 0;
            if (oldKey != null) {
                units += writeUnits(projectedSize(table, index, before));
            }
            if (newKey != null && (oldKey == null || !Arrays.equals(oldKey, newKey))) {
                units += writeUnits(projectedSize(table, index, after));
            } else if (newKey != null) {
                // The entry is rewritten in place: one write of the larger image, not a delete plus a put.
                units = writeUnits(Math.max(projectedSize(table, index, before), projectedSize(table, index, after)));
            }
            if (units > 0) {
                (index.global() ? global : local).put(index.name(), units);
            }
        }
        return new Units(writeUnits(size), global, local);
    }

    private static long projectedSize(Table table, Table.Index index, ItemImage image) {
        return index.projectionType().equals("ALL") ? image.size() : projectedSize(table, index, image.item());
    }

    private static long projectedSize(Table table, Table.Index index, ObjectNode item) {
        if (index.projectionType().equals("ALL")) {
            return AttributeValues.itemSize(item);
        }
        Set<String> names = new LinkedHashSet<>(table.keySchema().names());
        names.addAll(index.keys().names());
        names.addAll(index.nonKeyAttributes());
        List<Ast.Path> paths = new ArrayList<>();
        names.forEach(n -> paths.add(new Ast.Path(List.of(n))));
        return AttributeValues.itemSize(Evaluator.project(item, paths));
    }

    /** The ConsumedCapacity member for ReturnConsumedCapacity TOTAL or INDEXES; null for NONE. */
    public static JsonNode consumed(JsonNode input, String table, Units units, boolean read) {
        String mode = input.path("ReturnConsumedCapacity").asText("NONE");
        if (mode.equals("NONE")) {
            return null;
        }
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        c.put("TableName", table);
        put(c, units.total(), read);
        if (mode.equals("INDEXES")) {
            put(c.putObject("Table"), units.table(), read);
            if (!units.localIndexes().isEmpty()) {
                ObjectNode l = c.putObject("LocalSecondaryIndexes");
                units.localIndexes().forEach((name, u) -> put(l.putObject(name), u, read));
            }
            if (!units.globalIndexes().isEmpty()) {
                ObjectNode g = c.putObject("GlobalSecondaryIndexes");
                units.globalIndexes().forEach((name, u) -> put(g.putObject(name), u, read));
            }
        }
        return c;
    }

    /** Sets the multi-table ConsumedCapacity list on {@code out} (batches, transactions) when it was asked for. */
    public static void putConsumedList(ObjectNode out, JsonNode input, Map<String, Units> byTable, boolean read) {
        com.fasterxml.jackson.databind.node.ArrayNode list = out.arrayNode();
        byTable.forEach((table, units) -> {
            JsonNode c = consumed(input, table, units, read);
            if (c != null) {
                list.add(c);
            }
        });
        if (!list.isEmpty()) {
            out.set("ConsumedCapacity", list);
        }
    }

    public static JsonNode consumed(JsonNode input, String table, double units, boolean read) {
        return consumed(input, table, Units.table(units), read);
    }

    private static void put(ObjectNode node, double units, boolean read) {
        node.put("CapacityUnits", units);
        node.put(read ? "ReadCapacityUnits" : "WriteCapacityUnits", units);
    }
}
