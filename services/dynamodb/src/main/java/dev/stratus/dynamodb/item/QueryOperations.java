package dev.stratus.dynamodb.item;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.dynamodb.DynamoErrors;
import dev.stratus.dynamodb.expr.Ast;
import dev.stratus.dynamodb.expr.Evaluator;
import dev.stratus.dynamodb.expr.ExpressionAttributes;
import dev.stratus.dynamodb.expr.ExpressionParser;
import dev.stratus.dynamodb.expr.LegacyParameters;
import dev.stratus.dynamodb.table.Table;
import dev.stratus.dynamodb.table.TableCatalog;
import dev.stratus.dynamodb.value.AttributeValues;
import dev.stratus.dynamodb.value.KeyEncoding;
import dev.stratus.platform.RequestContext;
import dev.stratus.storage.Cursor;
import dev.stratus.storage.Entry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Query and Scan: ordered range reads over a table or index, with filters, projections and 1 MB pages. */
public final class QueryOperations {
    /** Data read per Query or Scan page before LastEvaluatedKey is returned (DynamoDB service quotas). */
    public static final long MAX_PAGE_BYTES = 1024 * 1024;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final TableCatalog catalog;
    private final ItemStore store;

    public QueryOperations(TableCatalog catalog, ItemStore store) {
        this.catalog = catalog;
        this.store = store;
    }

    public JsonNode query(RequestContext ctx, ObjectNode input) {
        Target target = target(ctx, input);
        ExpressionAttributes attrs = ExpressionAttributes.of(input);
        LegacyParameters.checkNotMixed(input, "KeyConditions", "KeyConditionExpression");
        Ast.Condition keyCondition;
        if (input.has("KeyConditionExpression")) {
            keyCondition = ExpressionParser.condition("KeyConditionExpression",
                    input.get("KeyConditionExpression").asText(), attrs);
        } else if (input.has("KeyConditions") && !input.get("KeyConditions").isEmpty()) {
            keyCondition = LegacyParameters.conditions(input.get("KeyConditions"), "AND", attrs);
        } else {
            throw DynamoErrors.validation("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
        }
        Table.KeySchema keys = target.index == null ? target.table.keySchema() : target.index.keys();
        KeyCondition range = KeyCondition.of(keyCondition, keys, target.prefix(), attrs);
        Reading reading = reading(input, attrs, target);
        if (reading.filter != null) {
            for (String attribute : FilterAttributes.topLevel(reading.filter)) {
                if (keys.names().contains(attribute)) {
                    throw DynamoErrors.validation("Filter Expression can only contain non-primary key attributes: "
                            + "Primary key attribute: " + attribute);
                }
            }
        }
        boolean forward = input.path("ScanIndexForward").asBoolean(true);
        byte[] from = range.from();
        byte[] to = range.to();
        byte[] start = exclusiveStart(input, target);
        if (start != null) {
            if (forward) {
                from = max(from, after(start));
            } else {
                to = min(to, start);
            }
        }
        return read(input, target, reading, from, to, !forward, 0, 1);
    }

    public JsonNode scan(RequestContext ctx, ObjectNode input) {
        Target target = target(ctx, input);
        ExpressionAttributes attrs = ExpressionAttributes.of(input);
        Reading reading = reading(input, attrs, target);
        int segment = input.path("Segment").asInt(0);
        int total = input.path("TotalSegments").asInt(1);
        if (input.has("Segment") != input.has("TotalSegments")) {
            throw DynamoErrors.validation(input.has("Segment")
                    ? "The TotalSegments parameter is required but was not present in the request when Segment parameter is present"
                    : "The Segment parameter is required but was not present in the request when parameter TotalSegments is present");
        }
        if (segment >= total) {
            throw DynamoErrors.validation("The Segment parameter is zero-based and must be less than parameter "
                    + "TotalSegments: Segment: " + segment + " is not less than TotalSegments: " + total);
        }
        byte[] from = target.prefix();
        byte[] start = exclusiveStart(input, target);
        if (start != null) {
            JsonNode startKey = input.get("ExclusiveStartKey");
            if (total > 1 && startKey.has(target.table.keySchema().hash())
                    && segmentOf(target.table, (ObjectNode) startKey, total) != segment) {
                throw DynamoErrors.validation("The provided Exclusive start key does not map to the provided Segment "
                        + "and TotalSegments values.");
            }
            from = after(start);
        }
        return read(input, target, reading, from, ItemStore.end(target.prefix()), false, segment, total);
    }

    private record Target(Table table, Table.Index index) {
        byte[] prefix() {
            return index == null ? ItemKeys.tablePrefix(table) : ItemKeys.indexPrefix(table, index.name());
        }

        String indexName() {
            return index == null ? null : index.name();
        }

        ObjectNode lastKey(ObjectNode item) {
            ObjectNode key = ItemKeys.keyOf(table.keySchema(), item);
            if (index != null) {
                key.setAll(ItemKeys.keyOf(index.keys(), item));
            }
            return key;
        }

        byte[] storageKey(ObjectNode item) {
            return index == null ? ItemKeys.itemKey(table, item) : ItemKeys.indexKey(table, index, item);
        }
    }

    private record Reading(Ast.Condition filter, List<Ast.Path> projection, boolean count, Evaluator evaluator) {
    }

    private Target target(RequestContext ctx, JsonNode input) {
        Table table = catalog.require(ctx, input.get("TableName").asText());
        if (!input.has("IndexName")) {
            return new Target(table, null);
        }
        Table.Index index = table.index(input.get("IndexName").asText());
        if (index == null) {
            throw DynamoErrors.validation("The table does not have the specified index: " + input.get("IndexName").asText());
        }
        if (dev.stratus.dynamodb.table.TableStates.backfilling(table, index.name())) {
            throw DynamoErrors.validation("Cannot read from backfilling global secondary index: " + index.name());
        }
        if (index.global() && input.path("ConsistentRead").asBoolean(false)) {
            throw DynamoErrors.validation("Consistent reads are not supported on global secondary indexes");
        }
        return new Target(table, index);
    }

    private static Reading reading(JsonNode input, ExpressionAttributes attrs, Target target) {
        String legacyFilter = input.has("QueryFilter") ? "QueryFilter" : "ScanFilter";
        LegacyParameters.checkNotMixed(input, legacyFilter, "FilterExpression");
        Ast.Condition filter = input.has("FilterExpression")
                ? ExpressionParser.condition("FilterExpression", input.get("FilterExpression").asText(), attrs)
                : input.has(legacyFilter) ? LegacyParameters.conditions(input.get(legacyFilter),
                        input.path("ConditionalOperator").asText("AND"), attrs) : null;
        List<Ast.Path> projection = Projections.parse(input, attrs);
        Projections.checkKeysScalar(target.table, projection);
        attrs.checkAllUsed();
        String select = input.path("Select").asText(projection != null ? "SPECIFIC_ATTRIBUTES"
                : target.index != null ? "ALL_PROJECTED_ATTRIBUTES" : "ALL_ATTRIBUTES");
        if (projection != null && !select.equals("SPECIFIC_ATTRIBUTES")) {
            throw DynamoErrors.validation("Cannot specify the "
                    + (input.has("ProjectionExpression") ? "ProjectionExpression" : "AttributesToGet")
                    + " when choosing to get " + select);
        }
        if (select.equals("SPECIFIC_ATTRIBUTES") && projection == null) {
            throw DynamoErrors.validation("Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES");
        }
        if (select.equals("ALL_PROJECTED_ATTRIBUTES") && target.index == null) {
            throw DynamoErrors.validation("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
        }
        if (select.equals("ALL_ATTRIBUTES") && target.index != null && target.index.global()
                && !target.index.projectionType().equals("ALL")) {
            throw DynamoErrors.validation("One or more parameter values were invalid: Select type ALL_ATTRIBUTES is "
                    + "not supported for global secondary index " + target.index.name()
                    + " because its projection type is not ALL");
        }
        if (select.equals("ALL_PROJECTED_ATTRIBUTES") && !target.index.projectionType().equals("ALL")) {
            projection = indexProjection(target);
        }
        return new Reading(filter, projection, select.equals("COUNT"), new Evaluator(attrs));
    }

    /** The attributes a KEYS_ONLY or INCLUDE index holds. */
    private static List<Ast.Path> indexProjection(Target target) {
        Set<String> names = new LinkedHashSet<>(target.table.keySchema().names());
        names.addAll(target.index.keys().names());
        names.addAll(target.index.nonKeyAttributes());
        return names.stream().map(n -> new Ast.Path(List.of(n))).toList();
    }

    /**
     * A PartiQL SELECT: a key range when {@code keyCondition} is given (a Query), else the whole table or index (a
     * Scan), filtered by an already parsed condition. {@code input} holds TableName, IndexName, Limit, ConsistentRead,
     * ReturnConsumedCapacity and ExclusiveStartKey as Query does; the answer is Query's.
     */
    public JsonNode select(RequestContext ctx, ObjectNode input, Ast.Condition keyCondition, Ast.Condition filter,
                           List<Ast.Path> projection, ExpressionAttributes attrs, boolean reverse) {
        Target target = target(ctx, input);
        List<Ast.Path> paths = projection;
        if (target.index != null && !target.index.projectionType().equals("ALL")) {
            List<Ast.Path> held = indexProjection(target);
            paths = projection == null ? held : projection.stream()
                    .filter(p -> held.stream().anyMatch(h -> h.head().equals(p.head()))).toList();
        }
        Reading reading = new Reading(filter, paths, false, new Evaluator(attrs));
        byte[] from = target.prefix();
        byte[] to = ItemStore.end(target.prefix());
        if (keyCondition != null) {
            Table.KeySchema keys = target.index == null ? target.table.keySchema() : target.index.keys();
            KeyCondition range = KeyCondition.of(keyCondition, keys, target.prefix(), attrs);
            from = range.from();
            to = range.to();
        }
        byte[] start = exclusiveStart(input, target);
        if (start != null) {
            if (reverse) {
                to = min(to, start);
            } else {
                from = max(from, after(start));
            }
        }
        return read(input, target, reading, from, to, reverse, 0, 1);
    }

    private JsonNode read(JsonNode input, Target target, Reading reading, byte[] from, byte[] to, boolean reverse,
                          int segment, int totalSegments) {
        int limit = input.path("Limit").asInt(Integer.MAX_VALUE);
        store.throughput().admitRead(target.table, target.index == null ? null : target.index.name());
        ArrayNode items = NODES.arrayNode();
        int scanned = 0;
        int matched = 0;
        long bytes = 0;
        ObjectNode last = null;
        boolean more = false;
        try (Cursor cursor = store.scan(target.indexName(), from, to, reverse)) {
            while (cursor.hasNext()) {
                Entry entry = cursor.next();
                ObjectNode item = ItemStore.decode(entry);
                if (totalSegments > 1 && segmentOf(target.table, item, totalSegments) != segment) {
                    continue;
                }
                scanned++;
                bytes += AttributeValues.itemSize(item);
                last = item;
                if (reading.filter == null || reading.evaluator.test(reading.filter, item)) {
                    matched++;
                    if (!reading.count) {
                        items.add(reading.projection == null ? item : Evaluator.project(item, reading.projection));
                    }
                }
                // Like DynamoDB, a page that reaches its Limit or 1 MB ends with a LastEvaluatedKey even when
                // nothing follows; only an absent key means the end.
                if (scanned >= limit || bytes >= MAX_PAGE_BYTES) {
                    more = true;
                    break;
                }
            }
        }
        ObjectNode out = NODES.objectNode();
        if (!reading.count) {
            out.set("Items", items);
        }
        out.put("Count", matched);
        out.put("ScannedCount", scanned);
        if (more && last != null) {
            out.set("LastEvaluatedKey", target.lastKey(last));
        }
        double units = Capacity.readUnits(bytes, input.path("ConsistentRead").asBoolean(false));
        Capacity.Units charged = target.index == null ? Capacity.Units.table(units)
                : Capacity.Units.index(target.index, units);
        store.throughput().chargeRead(target.table, charged);
        JsonNode consumed = Capacity.consumed(input, target.table.name(), charged, true);
        if (consumed != null) {
            out.set("ConsumedCapacity", consumed);
        }
        return out;
    }

    /** Parallel scans split the table by a hash of the partition key, like DynamoDB's segments. */
    private static int segmentOf(Table table, ObjectNode item, int totalSegments) {
        byte[] pk = KeyEncoding.encode(item.get(table.keySchema().hash()));
        return Math.floorMod(Arrays.hashCode(pk), totalSegments);
    }

    private static byte[] exclusiveStart(JsonNode input, Target target) {
        JsonNode start = input.get("ExclusiveStartKey");
        if (start == null) {
            return null;
        }
        ObjectNode key = AttributeValues.validateItem(start);
        List<String> required = new ArrayList<>(target.table.keySchema().names());
        if (target.index != null) {
            required.addAll(target.index.keys().names());
        }
        for (String name : required) {
            if (!key.has(name)) {
                throw DynamoErrors.validation("The provided starting key is invalid: The provided key element does not match the schema");
            }
        }
        return target.storageKey(key);
    }

    /** The smallest key after {@code key}: keys are prefix-free, so appending 0x00 suffices. */
    private static byte[] after(byte[] key) {
        return Arrays.copyOf(key, key.length + 1);
    }

    private static byte[] max(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b) >= 0 ? a : b;
    }

    private static byte[] min(byte[] a, byte[] b) {
        return b == null ? a : a == null ? b : Arrays.compareUnsigned(a, b) <= 0 ? a : b;
    }
}
