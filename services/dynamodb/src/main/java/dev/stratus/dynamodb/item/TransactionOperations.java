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
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.AwsException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * TransactWriteItems and TransactGetItems: all conditions are checked under the locks of every item, then all
 * writes are applied in one storage batch.
 */
public final class TransactionOperations {
    /** Actions per transaction (DynamoDB service quotas). */
    public static final int MAX_ACTIONS = 100;
    /** Aggregate size of the items of one transaction (DynamoDB service quotas: 4 MB). */
    public static final long MAX_TRANSACTION_BYTES = 4L << 20;
    /** What DynamoDB answers when a transaction's items together pass {@link #MAX_TRANSACTION_BYTES}. */
    static final String TOO_LARGE = "Transaction size exceeded.";
    /** DynamoDB's text for a TransactWriteItems request over 4 MB, repeated prefix included (a captured response). */
    static final String TOO_LARGE_PAYLOAD = "Transaction payload size cannot exceed 4MB. Payload Size: : "
            + "Transaction payload size cannot exceed 4MB. Payload Size: ";
    /** How long a ClientRequestToken makes a retry idempotent. */
    public static final Duration TOKEN_WINDOW = Duration.ofMinutes(10);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final TableCatalog catalog;
    private final ItemStore store;
    private final ItemOperations itemOperations;
    private final Clock clock;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    private record Token(JsonNode request, long expiresMillis) {
    }

    public TransactionOperations(TableCatalog catalog, ItemStore store, ItemOperations itemOperations, Clock clock) {
        this.catalog = catalog;
        this.store = store;
        this.itemOperations = itemOperations;
        this.clock = clock;
    }

    public JsonNode transactWriteItems(RequestContext ctx, ObjectNode input) {
        JsonNode items = input.get("TransactItems");
        if (items.size() > MAX_ACTIONS) {
            throw DynamoErrors.validation("Member must have length less than or equal to 100");
        }
        // The 4 MB limit applies to the request ("transaction payload"), not to the items it touches: deleting
        // 5 MB of items with a small request is allowed (Alternator's test_transact.py, on DynamoDB).
        long payload = items.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (payload > MAX_TRANSACTION_BYTES) {
            throw DynamoErrors.validation(TOO_LARGE_PAYLOAD + payload);
        }
        return idempotent(ctx, input.path("ClientRequestToken").asText(null), items, () -> apply(ctx, input));
    }

    /**
     * Runs {@code work} once per ClientRequestToken within {@link #TOKEN_WINDOW}: a retry with the same token and
     * the same {@code request} succeeds without writing again; a different request is a mismatch.
     */
    public JsonNode idempotent(RequestContext ctx, String token, JsonNode request, Supplier<JsonNode> work) {
        if (token == null) {
            return work.get();
        }
        String tokenKey = ctx.accountId() + "/" + ctx.region() + "/" + token;
        long now = clock.millis();
        tokens.values().removeIf(t -> t.expiresMillis() < now);
        Token previous = tokens.get(tokenKey);
        if (previous != null) {
            if (!previous.request().equals(request)) {
                throw DynamoErrors.of("IdempotentParameterMismatchException",
                        "Request parameters do not match the parameters of the previous request with the same ClientRequestToken");
            }
            return NODES.objectNode();
        }
        JsonNode result = work.get();
        tokens.put(tokenKey, new Token(request, now + TOKEN_WINDOW.toMillis()));
        return result;
    }

    private JsonNode apply(RequestContext ctx, JsonNode input) {
        JsonNode items = input.get("TransactItems");
        List<ItemOperations.PreparedWrite> writes = new ArrayList<>();
        List<Boolean> checkOnly = new ArrayList<>();
        List<Boolean> wantOld = new ArrayList<>();
        for (int index = 0; index < items.size(); index++) {
            JsonNode action = items.get(index);
            try {
                prepare(ctx, action, writes, checkOnly, wantOld);
            } catch (AwsException e) {
                if (!isItemLevel(e)) {
                    throw e; // expression faults fail the whole request
                }
                throw cancelledAt(index, items.size(), e.getMessage());
            }
        }
        return commit(input, writes, checkOnly, wantOld);
    }

    /**
     * Faults of an action's item or key (wrong key type, missing key, bad value) cancel the transaction with a
     * ValidationError reason for that action; DynamoDB stops at the first one, so later actions report None
     * (Alternator's test_transact.py, on DynamoDB).
     */
    private static boolean isItemLevel(AwsException e) {
        String m = String.valueOf(e.getMessage());
        return m.startsWith("One or more parameter values were invalid") || m.startsWith("The provided key element")
                || m.startsWith("Supplied AttributeValue") || m.startsWith("Item size");
    }

    private static AwsException cancelledAt(int index, int count, String message) {
        ArrayNode reasons = NODES.arrayNode();
        for (int i = 0; i < count; i++) {
            ObjectNode reason = reasons.addObject();
            if (i == index) {
                reason.put("Code", "ValidationError").put("Message", message);
            } else {
                reason.put("Code", "None");
            }
        }
        return cancelled(reasons);
    }

    private void prepare(RequestContext ctx, JsonNode action, List<ItemOperations.PreparedWrite> writes,
                         List<Boolean> checkOnly, List<Boolean> wantOld) {
        {
            ItemOperations.PreparedWrite w;
            JsonNode body;
            if (action.has("Put")) {
                body = action.get("Put");
                w = itemOperations.preparePut(ctx, body);
            } else if (action.has("Delete")) {
                body = action.get("Delete");
                w = itemOperations.prepareDelete(ctx, body);
            } else if (action.has("Update")) {
                body = action.get("Update");
                w = itemOperations.prepareUpdate(ctx, body);
            } else if (action.has("ConditionCheck")) {
                body = action.get("ConditionCheck");
                ItemOperations.PreparedWrite d = itemOperations.prepareDelete(ctx, body);
                w = new ItemOperations.PreparedWrite(d.table(), d.key(), d.keyAttributes(), d.condition(),
                        d.attributes(), current -> current, null);
            } else {
                throw DynamoErrors.validation("TransactItems can only contain one of Check, Put, Update or Delete");
            }
            writes.add(w);
            checkOnly.add(action.has("ConditionCheck"));
            wantOld.add(body.path("ReturnValuesOnConditionCheckFailure").asText().equals("ALL_OLD"));
        }
    }

    /**
     * Checks every condition under the locks of all items, then applies every write in one batch, or throws
     * TransactionCanceledException with a reason per write. {@code checkOnly}: condition checks that write nothing;
     * {@code wantOld}: return the item in the reason of a failed condition. {@code input} supplies
     * ReturnConsumedCapacity.
     */
    public JsonNode commit(JsonNode input, List<ItemOperations.PreparedWrite> writes, List<Boolean> checkOnly,
                           List<Boolean> wantOld) {
        Set<ByteBuffer> keys = new HashSet<>();
        for (ItemOperations.PreparedWrite w : writes) {
            if (!keys.add(ByteBuffer.wrap(w.key()))) {
                throw DynamoErrors.validation("Transaction request cannot include multiple operations on one item");
            }
        }
        throttleCheck(writes.stream().map(w -> store.throughput().canWrite(w.table())).toList());
        List<byte[]> lockKeys = writes.stream().map(ItemOperations.PreparedWrite::key).toList();
        return store.locked(lockKeys, () -> {
            List<ObjectNode> current = new ArrayList<>();
            List<ObjectNode> next = new ArrayList<>();
            boolean failed = false;
            ArrayNode reasons = NODES.arrayNode();
            for (int i = 0; i < writes.size(); i++) {
                ItemOperations.PreparedWrite w = writes.get(i);
                ObjectNode item = store.get(w.key());
                current.add(item);
                ObjectNode reason = reasons.addObject();
                if (!w.conditionHolds(item)) {
                    failed = true;
                    reason.put("Code", "ConditionalCheckFailed").put("Message", "The conditional request failed");
                    if (wantOld.get(i) && item != null) {
                        reason.set("Item", item);
                    }
                    next.add(null);
                    continue;
                }
                try {
                    next.add(checkOnly.get(i) ? item : w.change().apply(item == null ? null : item.deepCopy()));
                    reason.put("Code", "None");
                } catch (AwsException e) {
                    // An item-level violation (too large, bad arithmetic) cancels the transaction, as on AWS.
                    failed = true;
                    reason.put("Code", "ValidationError").put("Message", e.getMessage());
                    next.add(null);
                }
            }
            if (failed) {
                throw cancelled(reasons);
            }
            ItemChanges changes = store.changes();
            Map<String, Capacity.Units> units = new LinkedHashMap<>();
            for (int i = 0; i < writes.size(); i++) {
                ItemOperations.PreparedWrite w = writes.get(i);
                ObjectNode before = current.get(i);
                if (checkOnly.get(i)) {
                    Capacity.Units read = Capacity.Units.table(2 * Capacity.readUnits(
                            before == null ? 0 : dev.stratus.dynamodb.value.AttributeValues.itemSize(before), true));
                    store.throughput().chargeRead(w.table(), read);
                    units.merge(w.table().name(), read, Capacity.Units::plus);
                    continue;
                }
                ObjectNode after = next.get(i);
                if (before != null || after != null) {
                    changes.stage(w.table(), before, after);
                }
                // Transactional writes cost twice the standard units.
                Capacity.Units written = Capacity.write(w.table(), before, after).times(2);
                store.throughput().chargeWrite(w.table(), written);
                units.merge(w.table().name(), written, Capacity.Units::plus);
            }
            try {
                changes.commit();
            } catch (AwsException e) {
                if (!e.code().endsWith("ItemCollectionSizeLimitExceededException")) {
                    throw e;
                }
                throw cancelled(collectionReasons(writes, checkOnly, current, next));
            }
            ObjectNode out = NODES.objectNode();
            Capacity.putConsumedList(out, input, units, false);
            if (CollectionMetrics.requested(input)) {
                CollectionMetrics metrics = new CollectionMetrics(store.stats());
                for (int i = 0; i < writes.size(); i++) {
                    if (!checkOnly.get(i)) {
                        metrics.add(writes.get(i).table(), writes.get(i).keyAttributes());
                    }
                }
                metrics.putInto(out);
            }
            return out;
        });
    }

    /** Reasons blaming the actions that grow an item collection of a table with a local secondary index. */
    private static ArrayNode collectionReasons(List<ItemOperations.PreparedWrite> writes, List<Boolean> checkOnly,
                                               List<ObjectNode> current, List<ObjectNode> next) {
        ArrayNode reasons = NODES.arrayNode();
        for (int i = 0; i < writes.size(); i++) {
            Table table = writes.get(i).table();
            boolean grows = !checkOnly.get(i) && CollectionMetrics.hasLocalIndex(table)
                    && TableStats.collectionSize(table, next.get(i)) > TableStats.collectionSize(table, current.get(i));
            if (grows) {
                reasons.addObject().put("Code", "ItemCollectionSizeLimitExceeded")
                        .put("Message", "Collection size exceeded.");
            } else {
                reasons.addObject().put("Code", "None");
            }
        }
        return reasons;
    }

    /** Cancels the transaction when any action's table has no capacity left, naming those actions. */
    private static void throttleCheck(List<Boolean> admitted) {
        if (!admitted.contains(false)) {
            return;
        }
        ArrayNode reasons = NODES.arrayNode();
        for (boolean ok : admitted) {
            ObjectNode reason = reasons.addObject();
            if (ok) {
                reason.put("Code", "None");
            } else {
                reason.put("Code", "ProvisionedThroughputExceeded").put("Message", Throughput.TABLE_EXCEEDED);
            }
        }
        throw cancelled(reasons);
    }

    /** TransactionCanceledException with one reason per action, the codes listed in the message as AWS does. */
    public static AwsException cancelled(ArrayNode reasons) {
        StringBuilder codes = new StringBuilder();
        for (JsonNode r : reasons) {
            codes.append(codes.isEmpty() ? "" : ", ").append(r.get("Code").asText());
        }
        return DynamoErrors.of("TransactionCanceledException",
                "Transaction cancelled, please refer cancellation reasons for specific reasons [" + codes + "]")
                .with("CancellationReasons", reasons);
    }

    public JsonNode transactGetItems(RequestContext ctx, ObjectNode input) {
        JsonNode items = input.get("TransactItems");
        if (items.size() > MAX_ACTIONS) {
            throw DynamoErrors.validation("Member must have length less than or equal to 100");
        }
        List<Table> tables = new ArrayList<>();
        for (JsonNode action : items) {
            tables.add(catalog.require(ctx, action.get("Get").get("TableName").asText()));
        }
        throttleCheck(tables.stream().map(t -> store.throughput().canRead(t, null)).toList());
        ObjectNode out = NODES.objectNode();
        ArrayNode responses = out.putArray("Responses");
        Map<String, Capacity.Units> units = new LinkedHashMap<>();
        long total = 0;
        int at = 0;
        for (JsonNode action : items) {
            JsonNode get = action.get("Get");
            Table table = tables.get(at++);
            ObjectNode key = ItemKeys.checkKey(table, get.get("Key"));
            ExpressionAttributes attrs = ExpressionAttributes.of(get);
            var projection = Projections.parse(get, attrs);
            attrs.checkAllUsed();
            ObjectNode item = store.get(ItemKeys.itemKey(table, key));
            ObjectNode response = responses.addObject();
            if (item != null) {
                response.set("Item", projection == null ? item : Evaluator.project(item, projection));
            }
            long size = item == null ? 0 : dev.stratus.dynamodb.value.AttributeValues.itemSize(item);
            total += size;
            if (total > MAX_TRANSACTION_BYTES) {
                throw DynamoErrors.validation(TOO_LARGE);
            }
            Capacity.Units read = Capacity.Units.table(2 * Capacity.readUnits(size, true));
            store.throughput().chargeRead(table, read);
            units.merge(table.name(), read, Capacity.Units::plus);
        }
        Capacity.putConsumedList(out, input, units, true);
        return out;
    }
}
