package dev.stratus.dynamodb.item;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.dynamodb.DynamoErrors;
import dev.stratus.dynamodb.expr.Evaluator;
import dev.stratus.dynamodb.expr.ExpressionAttributes;
import dev.stratus.dynamodb.table.Table;
import dev.stratus.dynamodb.table.TableCatalog;
import dev.stratus.dynamodb.value.AttributeValues;
import dev.stratus.platform.RequestContext;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** BatchGetItem and BatchWriteItem: every request is served, so Unprocessed* is always empty. */
public final class BatchOperations {
    /** Keys per BatchGetItem (DynamoDB service quotas). */
    public static final int MAX_GET_KEYS = 100;
    /**
     * Items one BatchGetItem returns at most (DynamoDB: 16 MB); the keys past it come back as UnprocessedKeys. The
     * 16 MB request limit of BatchWriteItem cannot be reached: 25 items of at most 400 KB are 10 MB.
     */
    public static final long MAX_GET_RESPONSE_BYTES = 16L << 20;
    /** Put or delete requests per BatchWriteItem (DynamoDB service quotas). */
    public static final int MAX_WRITES = 25;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final TableCatalog catalog;
    private final ItemStore store;

    public BatchOperations(TableCatalog catalog, ItemStore store) {
        this.catalog = catalog;
        this.store = store;
    }

    public JsonNode batchGetItem(RequestContext ctx, ObjectNode input) {
        int total = 0;
        for (JsonNode request : input.get("RequestItems")) {
            total += request.path("Keys").size();
        }
        if (total > MAX_GET_KEYS) {
            throw DynamoErrors.validation("Too many items requested for the BatchGetItem call");
        }
        ObjectNode responses = NODES.objectNode();
        ObjectNode unprocessed = NODES.objectNode();
        Map<String, Capacity.Units> units = new java.util.LinkedHashMap<>();
        int processed = 0;
        long responseBytes = 0;
        for (Map.Entry<String, JsonNode> e : input.get("RequestItems").properties()) {
            Table table = catalog.require(ctx, e.getKey());
            JsonNode request = e.getValue();
            ExpressionAttributes attrs = ExpressionAttributes.of(request);
            var projection = Projections.parse(request, attrs);
            attrs.checkAllUsed();
            boolean consistent = request.path("ConsistentRead").asBoolean(false);
            ArrayNode found = responses.putArray(e.getKey());
            Set<ByteBuffer> seen = new HashSet<>();
            List<byte[]> keys = new java.util.ArrayList<>();
            for (JsonNode k : request.get("Keys")) {
                byte[] key = ItemKeys.itemKey(table, ItemKeys.checkKey(table, k));
                if (!seen.add(ByteBuffer.wrap(key))) {
                    throw DynamoErrors.validation("Provided list of item keys contains duplicates");
                }
                keys.add(key);
            }
            // One multi-get per table: RocksDB looks the keys up together.
            List<ObjectNode> items = store.getAll(keys);
            for (int at = 0; at < keys.size(); at++) {
                JsonNode k = request.get("Keys").get(at);
                ObjectNode item = items.get(at);
                long size = item == null ? 0 : AttributeValues.itemSize(item);
                // Throttled keys, and keys past the response size limit, come back for the caller to retry.
                if (responseBytes >= MAX_GET_RESPONSE_BYTES || responseBytes + size > MAX_GET_RESPONSE_BYTES
                        || !store.throughput().canRead(table, null)) {
                    ObjectNode retry = (ObjectNode) unprocessed.get(e.getKey());
                    if (retry == null) {
                        retry = ((ObjectNode) request).deepCopy();
                        retry.putArray("Keys");
                        unprocessed.set(e.getKey(), retry);
                    }
                    ((ArrayNode) retry.get("Keys")).add(k);
                    if (responseBytes + size > MAX_GET_RESPONSE_BYTES) {
                        responseBytes = MAX_GET_RESPONSE_BYTES;
                    }
                    continue;
                }
                processed++;
                responseBytes += size;
                // Each key is charged as its own GetItem: its size rounded up to 4 KB.
                Capacity.Units used = Capacity.Units.table(
                        Capacity.readUnits(item == null ? 0 : AttributeValues.itemSize(item), consistent));
                store.throughput().chargeRead(table, used);
                units.merge(table.name(), used, Capacity.Units::plus);
                if (item != null) {
                    found.add(projection == null ? item : Evaluator.project(item, projection));
                }
            }
        }
        if (processed == 0 && !unprocessed.isEmpty()) {
            throw Throughput.exceeded(false);
        }
        ObjectNode out = NODES.objectNode();
        out.set("Responses", responses);
        out.set("UnprocessedKeys", unprocessed);
        Capacity.putConsumedList(out, input, units, true);
        return out;
    }

    public JsonNode batchWriteItem(RequestContext ctx, ObjectNode input) {
        int total = 0;
        for (JsonNode requests : input.get("RequestItems")) {
            total += requests.size();
        }
        if (total > MAX_WRITES) {
            throw DynamoErrors.validation("Too many items requested for the BatchWriteItem call");
        }
        // Validate everything first: a malformed request fails the whole call before any write.
        // A put's image (size, stored bytes, index keys) is prepared here, on this request's thread: the group's
        // leader runs queued requests one after another, so it should only compare, append and commit.
        record Write(Table table, byte[] key, ObjectNode keyAttributes, ItemImage item, JsonNode request) {
        }
        List<Write> writes = new java.util.ArrayList<>();
        for (Map.Entry<String, JsonNode> e : input.get("RequestItems").properties()) {
            Table table = catalog.require(ctx, e.getKey());
            Set<ByteBuffer> seen = new HashSet<>();
            for (JsonNode request : e.getValue()) {
                Write w;
                if (request.has("PutRequest")) {
                    ObjectNode item = AttributeValues.validateItem(request.get("PutRequest").get("Item"));
                    long size = ItemKeys.checkSizedItem(table, item);
                    byte[] key = ItemKeys.itemKey(table, item);
                    w = new Write(table, key, ItemKeys.keyOf(table.keySchema(), item),
                            ItemImage.prepared(table, item, key, size), request);
                } else if (request.has("DeleteRequest")) {
                    ObjectNode key = ItemKeys.checkKey(table, request.get("DeleteRequest").get("Key"));
                    w = new Write(table, ItemKeys.itemKey(table, key), key, null, request);
                } else {
                    throw DynamoErrors.validation("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
                }
                if (!seen.add(ByteBuffer.wrap(w.key()))) {
                    throw DynamoErrors.validation("Provided list of item keys contains duplicates");
                }
                writes.add(w);
            }
        }
        Map<String, Capacity.Units> units = new java.util.LinkedHashMap<>();
        ObjectNode unprocessed = NODES.objectNode();
        CollectionMetrics metrics = new CollectionMetrics(store.stats());
        // Through group commit: concurrent calls share one multi-get and one storage batch (one WAL write).
        boolean alone = writes.stream().anyMatch(w -> WriteGroups.mayBeRefused(w.table()));
        List<Write> written = store.grouped(writes.stream().map(Write::key).toList(), alone, (current, changes) -> {
            List<Write> admitted = new java.util.ArrayList<>();
            for (int i = 0; i < writes.size(); i++) {
                Write w = writes.get(i);
                if (!store.throughput().canWrite(w.table())) {
                    ArrayNode retry = unprocessed.has(w.table().name()) ? (ArrayNode) unprocessed.get(w.table().name())
                            : unprocessed.putArray(w.table().name());
                    retry.add(w.request());
                    continue;
                }
                admitted.add(w);
                ItemImage before = ItemImage.of(current.get(i));
                if (before != null || w.item() != null) {
                    changes.stage(w.table(), w.key(), before, w.item());
                }
                Capacity.Units used = Capacity.write(w.table(), before, w.item());
                store.throughput().chargeWrite(w.table(), used);
                units.merge(w.table().name(), used, Capacity.Units::plus);
            }
            return admitted;
        });
        // After the commit, so the collection sizes include this call's writes.
        if (CollectionMetrics.requested(input)) {
            written.forEach(w -> metrics.add(w.table(), w.keyAttributes()));
        }
        if (written.isEmpty() && !unprocessed.isEmpty()) {
            throw Throughput.exceeded(false);
        }
        ObjectNode out = NODES.objectNode();
        out.set("UnprocessedItems", unprocessed);
        Capacity.putConsumedList(out, input, units, false);
        metrics.putInto(out);
        return out;
    }
}
