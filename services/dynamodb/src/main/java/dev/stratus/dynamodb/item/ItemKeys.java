package dev.stratus.dynamodb.item;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.dynamodb.DynamoErrors;
import dev.stratus.dynamodb.table.Table;
import dev.stratus.dynamodb.table.Table.KeySchema;
import dev.stratus.dynamodb.value.AttributeValues;
import dev.stratus.dynamodb.value.KeyEncoding;
import dev.stratus.storage.KeyEncoder;

/** Primary-key checks with DynamoDB's messages, and the storage keys of items and index entries. */
public final class ItemKeys {
    /** Partition key value limit in bytes (DynamoDB service quotas). */
    public static final int MAX_PARTITION_KEY_BYTES = 2048;
    /** Sort key value limit in bytes (DynamoDB service quotas). */
    public static final int MAX_SORT_KEY_BYTES = 1024;
    /** Item size limit: attribute names (UTF-8) plus values. */
    public static final long MAX_ITEM_BYTES = 400 * 1024;

    private ItemKeys() {
    }

    /** Checks the key attributes inside a full item (PutItem), with PutItem's messages. */
    public static void checkItem(Table table, JsonNode item) {
        checkSizedItem(table, item);
    }

    /** {@link #checkItem}, returning the item's size (which the check computes anyway). */
    static long checkSizedItem(Table table, JsonNode item) {
        KeySchema ks = table.keySchema();
        for (String name : ks.names()) {
            JsonNode v = item.get(name);
            if (v == null) {
                throw DynamoErrors.validation("One or more parameter values were invalid: Missing the key " + name + " in the item");
            }
            String expected = name.equals(ks.hash()) ? ks.hashType() : ks.rangeType();
            String actual = AttributeValues.type(v);
            if (!expected.equals(actual)) {
                throw DynamoErrors.validation("One or more parameter values were invalid: Type mismatch for key "
                        + name + " expected: " + expected + " actual: " + actual);
            }
            checkKeyValue(name, v, name.equals(ks.hash()));
        }
        for (Table.Index index : table.indexes()) {
            KeySchema iks = index.keys();
            for (String name : iks.names()) {
                JsonNode v = item.get(name);
                String expected = name.equals(iks.hash()) ? iks.hashType() : iks.rangeType();
                if (v != null && !AttributeValues.type(v).equals(expected)) {
                    throw DynamoErrors.validation("One or more parameter values were invalid: Type mismatch for Index Key "
                            + name + " Expected: " + expected + " Actual: " + AttributeValues.type(v) + " IndexName: " + index.name());
                }
                if (v != null && isEmptyScalar(v)) {
                    throw DynamoErrors.validation("One or more parameter values are not valid. A value specified for a "
                            + "secondary index key is not supported. The AttributeValue for a key attribute cannot contain "
                            + "an empty string value. IndexName: " + index.name() + ", IndexKey: " + name);
                }
            }
        }
        long size = AttributeValues.itemSize(item);
        if (size > MAX_ITEM_BYTES) {
            throw DynamoErrors.validation("Item size has exceeded the maximum allowed size");
        }
        return size;
    }

    /** Checks a Key parameter (Get/Update/DeleteItem, batches): exactly the key attributes, of the right types. */
    public static ObjectNode checkKey(Table table, JsonNode key) {
        KeySchema ks = table.keySchema();
        ObjectNode normal = AttributeValues.validateItem(key);
        if (normal.size() != ks.names().size()) {
            throw DynamoErrors.validation("The provided key element does not match the schema");
        }
        for (String name : ks.names()) {
            JsonNode v = normal.get(name);
            String expected = name.equals(ks.hash()) ? ks.hashType() : ks.rangeType();
            if (v == null || !AttributeValues.type(v).equals(expected)) {
                throw DynamoErrors.validation("The provided key element does not match the schema");
            }
            checkKeyValue(name, v, name.equals(ks.hash()));
        }
        return normal;
    }

    private static void checkKeyValue(String name, JsonNode v, boolean partition) {
        if (isEmptyScalar(v)) {
            throw DynamoErrors.validation("One or more parameter values were invalid: The AttributeValue for a key "
                    + "attribute cannot contain an empty " + (v.has("S") ? "string" : "binary") + " value. Key: " + name);
        }
        long size = AttributeValues.size(v);
        if (partition && size > MAX_PARTITION_KEY_BYTES) {
            throw DynamoErrors.validation("One or more parameter values were invalid: Size of hashkey has exceeded "
                    + "the maximum size limit of2048 bytes");
        }
        if (!partition && size > MAX_SORT_KEY_BYTES) {
            throw DynamoErrors.validation("One or more parameter values were invalid: Aggregated size of all range "
                    + "keys has exceeded the size limit of 1024 bytes");
        }
    }

    private static boolean isEmptyScalar(JsonNode v) {
        return (v.has("S") && v.get("S").asText().isEmpty()) || (v.has("B") && AttributeValues.binary(v.get("B")).length == 0);
    }

    /** The key attributes of an item. */
    public static ObjectNode keyOf(KeySchema ks, JsonNode item) {
        ObjectNode key = JsonNodeFactory.instance.objectNode();
        for (String name : ks.names()) {
            key.set(name, item.get(name));
        }
        return key;
    }

    /**
     * {@code (account, region, table, generation)}: the prefix of every item of one table incarnation; the
     * generation (creation time) keeps a re-created table apart from leftovers of its predecessor.
     */
    public static byte[] tablePrefix(Table table) {
        return prefixOf(table).clone();
    }

    /** {@code (account, region, table, generation, index)}: the prefix of every entry of one index. */
    public static byte[] indexPrefix(Table table, String index) {
        return scope(table).string(index).toBytes();
    }

    private static KeyEncoder scope(Table table) {
        byte[] prefix = prefixOf(table);
        return new KeyEncoder(prefix.length + 48).raw(prefix);
    }

    /** A table incarnation's encoded prefix and counter key, keyed by ARN (which names account, region and table). */
    private record Scope(String name, long createdMillis, byte[] prefix, byte[] tableStatsKey) {
    }

    /** Tables kept at most; past it the cache starts over (a re-created table replaces its predecessor's entry). */
    private static final int MAX_SCOPES = 10_000;
    private static final java.util.concurrent.ConcurrentHashMap<String, Scope> SCOPES =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The prefix, computed once per table: every item, index and counter key starts with it, and encoding it took
     * three strings split out of the ARN and a growing buffer per key. Never handed out: callers get copies.
     */
    private static byte[] prefixOf(Table table) {
        return scopeOf(table).prefix();
    }

    private static Scope scopeOf(Table table) {
        Scope s = SCOPES.get(table.arn());
        if (s != null && s.createdMillis() == table.createdMillis() && s.name().equals(table.name())) {
            return s;
        }
        KeyEncoder out = new KeyEncoder().string(table.account()).string(table.region()).string(table.name())
                .int64(table.createdMillis());
        byte[] prefix = out.toBytes();
        s = new Scope(table.name(), table.createdMillis(), prefix, out.string("t").toBytes());
        if (SCOPES.size() >= MAX_SCOPES) {
            SCOPES.clear();
        }
        SCOPES.put(table.arn(), s);
        return s;
    }

    /** The key of a table's counters ({@code index} null) or of one index's, in the stats keyspace. */
    public static byte[] statsKey(Table table, String index) {
        return index == null ? scopeOf(table).tableStatsKey().clone() : scope(table).string("i").string(index).toBytes();
    }

    /** The key of the size counter of the item collection (same partition key) {@code item} belongs to. */
    static byte[] collectionStatsKey(Table table, JsonNode item) {
        KeyEncoder out = scope(table).string("c");
        KeyEncoding.append(out, item.get(table.keySchema().hash()));
        return out.toBytes();
    }

    /** The prefix of every item key with the partition key of {@code item}. */
    static byte[] partitionPrefix(Table table, JsonNode item) {
        KeyEncoder out = scope(table);
        KeyEncoding.append(out, item.get(table.keySchema().hash()));
        return out.toBytes();
    }

    /** The storage key of an item: table prefix, then the encoded partition and sort key values. */
    public static byte[] itemKey(Table table, JsonNode item) {
        return appendKey(scope(table), table.keySchema(), item).toBytes();
    }

    /** An index entry's key, or null when the item lacks an index key attribute (a sparse index). */
    public static byte[] indexKey(Table table, Table.Index index, JsonNode item) {
        for (String name : index.keys().names()) {
            if (item.get(name) == null) {
                return null;
            }
        }
        KeyEncoder out = scope(table).string(index.name());
        appendKey(out, index.keys(), item);
        return appendKey(out, table.keySchema(), item).toBytes();
    }

    static KeyEncoder appendKey(KeyEncoder out, KeySchema ks, JsonNode item) {
        KeyEncoding.append(out, item.get(ks.hash()));
        if (ks.range() != null) {
            KeyEncoding.append(out, item.get(ks.range()));
        }
        return out;
    }
}
