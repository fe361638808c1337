package dev.stratus.dynamodb.item;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.dynamodb.DynamoErrors;
import dev.stratus.dynamodb.expr.Ast;
import dev.stratus.dynamodb.expr.Evaluator;
import dev.stratus.dynamodb.expr.ExpressionAttributes;
import dev.stratus.dynamodb.expr.ExpressionParser;
import dev.stratus.dynamodb.expr.LegacyParameters;
import dev.stratus.dynamodb.expr.UpdateApplier;
import dev.stratus.dynamodb.table.Table;
import dev.stratus.dynamodb.table.TableCatalog;
import dev.stratus.dynamodb.value.AttributeValues;
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.AwsException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** PutItem, GetItem, UpdateItem and DeleteItem. */
public final class ItemOperations {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final TableCatalog catalog;
    private final ItemStore store;

    public ItemOperations(TableCatalog catalog, ItemStore store) {
        this.catalog = catalog;
        this.store = store;
    }

    /**
     * A parsed write: the table, the item key, and a function from the current item to the new one; {@code put}: for
     * a put, the new item's image prepared before the write joins its group (null otherwise).
     */
    public record PreparedWrite(Table table, byte[] key, ObjectNode keyAttributes, Ast.Condition condition,
                                ExpressionAttributes attributes, java.util.function.UnaryOperator<ObjectNode> change,
                                List<Ast.Path> updatedPaths, ItemImage put) {
        public PreparedWrite(Table table, byte[] key, ObjectNode keyAttributes, Ast.Condition condition,
                             ExpressionAttributes attributes, java.util.function.UnaryOperator<ObjectNode> change,
                             List<Ast.Path> updatedPaths) {
            this(table, key, keyAttributes, condition, attributes, change, updatedPaths, null);
        }

        /** True when the condition (if any) holds for the current item. */
        public boolean conditionHolds(ObjectNode current) {
            return condition == null || new Evaluator(attributes).test(condition, current);
        }
    }

    public PreparedWrite preparePut(RequestContext ctx, JsonNode input) {
        Table table = catalog.require(ctx, input.get("TableName").asText());
        ObjectNode item = AttributeValues.validateItem(input.get("Item"));
        long size = ItemKeys.checkSizedItem(table, item);
        ExpressionAttributes attrs = ExpressionAttributes.of(input);
        Ast.Condition condition = condition(input, attrs);
        attrs.checkAllUsed();
        byte[] key = ItemKeys.itemKey(table, item);
        return new PreparedWrite(table, key, ItemKeys.keyOf(table.keySchema(), item), condition, attrs,
                current -> item, null, ItemImage.prepared(table, item, key, size));
    }

    public PreparedWrite prepareDelete(RequestContext ctx, JsonNode input) {
        Table table = catalog.require(ctx, input.get("TableName").asText());
        ObjectNode key = ItemKeys.checkKey(table, input.get("Key"));
        ExpressionAttributes attrs = ExpressionAttributes.of(input);
        Ast.Condition condition = condition(input, attrs);
        attrs.checkAllUsed();
        return new PreparedWrite(table, ItemKeys.itemKey(table, key), key, condition, attrs, current -> null, null);
    }

    public PreparedWrite prepareUpdate(RequestContext ctx, JsonNode input) {
        if (!input.has("UpdateExpression") && !input.has("ConditionExpression")) {
            if (input.has("ExpressionAttributeNames")) {
                throw DynamoErrors.validation("ExpressionAttributeNames can only be specified when using expressions");
            }
            if (input.has("ExpressionAttributeValues")) {
                throw DynamoErrors.validation("ExpressionAttributeValues can only be specified when using expressions: "
                        + "UpdateExpression and ConditionExpression are null");
            }
        }
        Table table = catalog.require(ctx, input.get("TableName").asText());
        ObjectNode key = ItemKeys.checkKey(table, input.get("Key"));
        ExpressionAttributes attrs = ExpressionAttributes.of(input);
        LegacyParameters.checkNotMixed(input, List.of("AttributeUpdates", "Expected"),
                List.of("UpdateExpression", "ConditionExpression"));
        List<Ast.UpdateAction> actions = input.has("UpdateExpression")
                ? ExpressionParser.update(input.get("UpdateExpression").asText(), attrs)
                : input.has("AttributeUpdates") ? LegacyParameters.attributeUpdates(input.get("AttributeUpdates"), attrs)
                : List.of();
        UpdateApplier.check(actions, new HashSet<>(table.keySchema().names()));
        checkIndexKeysScalar(table, actions);
        Ast.Condition condition = condition(input, attrs);
        attrs.checkAllUsed();
        return prepareUpdate(table, key, actions, condition, attrs);
    }

    /** An update of the item with {@code key} by parsed actions (checked by the caller) under a condition. */
    public static PreparedWrite prepareUpdate(Table table, ObjectNode key, List<Ast.UpdateAction> actions,
                                              Ast.Condition condition, ExpressionAttributes attrs) {
        UpdateApplier applier = new UpdateApplier(attrs);
        List<Ast.Path> paths = new ArrayList<>();
        actions.forEach(a -> paths.add(a.path()));
        // Removing attributes from an item that does not exist does not create it (an empty update does).
        boolean onlyRemovals = !actions.isEmpty() && actions.stream()
                .allMatch(a -> a instanceof Ast.RemoveAction || a instanceof Ast.DeleteAction);
        return new PreparedWrite(table, ItemKeys.itemKey(table, key), key, condition, attrs, current -> {
            if (current == null && onlyRemovals) {
                return null;
            }
            ObjectNode base = current == null ? key.deepCopy() : current;
            ObjectNode next = applier.apply(actions, base);
            checkUpdatedItem(table, next);
            return next;
        }, paths);
    }

    /** An updated item is checked like a put one, but its size fault has its own text on DynamoDB. */
    private static void checkUpdatedItem(Table table, ObjectNode item) {
        try {
            ItemKeys.checkItem(table, item);
        } catch (dev.stratus.protocol.AwsException e) {
            if ("Item size has exceeded the maximum allowed size".equals(e.getMessage())) {
                throw DynamoErrors.validation("Item size to update has exceeded the maximum allowed size");
            }
            throw e;
        }
    }

    /**
     * An index key is a scalar, so a path into one (x.y, x[1]) can never be valid, whether written or read; DynamoDB
     * rejects it before reading the item (dynalite's test/updateItem.js, verified on DynamoDB).
     */
    private static void checkIndexKeysScalar(Table table, List<Ast.UpdateAction> actions) {
        Set<String> indexKeys = new HashSet<>();
        for (Table.Index index : table.indexes()) {
            indexKeys.addAll(index.keys().names());
        }
        if (indexKeys.isEmpty()) {
            return;
        }
        List<Ast.Path> paths = new ArrayList<>();
        for (Ast.UpdateAction action : actions) {
            paths.add(action.path());
            if (action instanceof Ast.SetAction set) {
                collectPaths(set.value(), paths);
            }
        }
        for (Ast.Path path : paths) {
            if (!path.isTopLevel() && indexKeys.contains(path.head())) {
                throw DynamoErrors.validation("Key attributes must be scalars; list random access '[]' and map lookup "
                        + "'.' are not allowed: IndexKey: " + path.head());
            }
        }
    }

    private static void collectPaths(Ast.Operand operand, List<Ast.Path> out) {
        switch (operand) {
            case Ast.PathOperand p -> out.add(p.path());
            case Ast.Arithmetic a -> {
                collectPaths(a.left(), out);
                collectPaths(a.right(), out);
            }
            case Ast.Call c -> c.args().forEach(arg -> collectPaths(arg, out));
            default -> { }
        }
    }

    private static Ast.Condition condition(JsonNode input, ExpressionAttributes attrs) {
        LegacyParameters.checkNotMixed(input, "Expected", "ConditionExpression");
        if (input.has("Expected")) {
            return LegacyParameters.expected(input.get("Expected"), input.path("ConditionalOperator").asText("AND"), attrs);
        }
        JsonNode text = input.get("ConditionExpression");
        return text == null ? null : ExpressionParser.condition("ConditionExpression", text.asText(), attrs);
    }

    public JsonNode putItem(RequestContext ctx, ObjectNode input) {
        return execute(input, preparePut(ctx, input), "ALL_OLD");
    }

    public JsonNode deleteItem(RequestContext ctx, ObjectNode input) {
        return execute(input, prepareDelete(ctx, input), "ALL_OLD");
    }

    public JsonNode updateItem(RequestContext ctx, ObjectNode input) {
        return execute(input, prepareUpdate(ctx, input), null);
    }

    /** The item before and after a write (either null when absent). */
    public record Outcome(ObjectNode before, ObjectNode after, ItemImage beforeImage, ItemImage afterImage) {
        Outcome(ItemImage before, ItemImage after) {
            this(before == null ? null : before.item(), after == null ? null : after.item(), before, after);
        }
    }

    /**
     * Checks the condition and writes, in a write group (one request at a time per item); a failed condition throws
     * ConditionalCheckFailedException, carrying the item when {@code oldOnFailure}.
     */
    public Outcome apply(PreparedWrite write, boolean oldOnFailure) {
        store.throughput().admitWrite(write.table());
        return store.grouped(List.of(write.key()), WriteGroups.mayBeRefused(write.table()), (items, staging) -> {
            ObjectNode current = items.get(0);
            if (!write.conditionHolds(current)) {
                AwsException failed = DynamoErrors.conditionalCheckFailed();
                if (current != null && oldOnFailure) {
                    failed.with("Item", current);
                }
                throw failed;
            }
            // A put's new item does not depend on the current one: no copy of it, and its image is prepared.
            ItemImage next = write.put() != null ? write.put()
                    : ItemImage.of(write.change().apply(current == null ? null : current.deepCopy()));
            ItemImage old = ItemImage.of(current);
            if (old != null || next != null) {
                staging.stage(write.table(), write.key(), old, next);
            }
            return new Outcome(old, next);
        });
    }

    /**
     * Runs a prepared write under its item's lock; {@code input} supplies ReturnValues,
     * ReturnValuesOnConditionCheckFailure and ReturnConsumedCapacity. {@code allowedOld}: the one ReturnValues
     * besides NONE the operation accepts, or null for all of them.
     */
    public JsonNode execute(JsonNode input, PreparedWrite write, String allowedOld) {
        String returnValues = input.path("ReturnValues").asText("NONE");
        if (allowedOld != null && !returnValues.equals("NONE") && !returnValues.equals(allowedOld)) {
            throw DynamoErrors.validation("Return values set to invalid value");
        }
        Outcome outcome = apply(write, input.path("ReturnValuesOnConditionCheckFailure").asText().equals("ALL_OLD"));
        ObjectNode before = outcome.before();
        ObjectNode after = outcome.after();
        ObjectNode out = NODES.objectNode();
        ObjectNode attributes = switch (returnValues) {
            case "ALL_OLD" -> before;
            case "ALL_NEW" -> after;
            case "UPDATED_OLD" -> before == null ? null : Evaluator.project(before, write.updatedPaths());
            case "UPDATED_NEW" -> after == null ? null : Evaluator.project(after, write.updatedPaths());
            default -> null;
        };
        if (attributes != null && !attributes.isEmpty()) {
            out.set("Attributes", attributes);
        }
        Capacity.Units units = Capacity.write(write.table(), outcome.beforeImage(), outcome.afterImage());
        store.throughput().chargeWrite(write.table(), units);
        JsonNode consumed = Capacity.consumed(input, write.table().name(), units, false);
        if (consumed != null) {
            out.set("ConsumedCapacity", consumed);
        }
        if (CollectionMetrics.requested(input)) {
            ObjectNode metrics = CollectionMetrics.of(store.stats(), write.table(), write.keyAttributes());
            if (metrics != null) {
                out.set("ItemCollectionMetrics", metrics);
            }
        }
        return out;
    }

    public JsonNode getItem(RequestContext ctx, ObjectNode input) {
        Table table = catalog.require(ctx, input.get("TableName").asText());
        ObjectNode key = ItemKeys.checkKey(table, input.get("Key"));
        ExpressionAttributes attrs = ExpressionAttributes.of(input);
        List<Ast.Path> projection = Projections.parse(input, attrs);
        Projections.checkKeysScalar(table, projection);
        attrs.checkAllUsed();
        store.throughput().admitRead(table, null);
        ObjectNode item = store.get(ItemKeys.itemKey(table, key));
        ObjectNode out = NODES.objectNode();
        if (item != null) {
            out.set("Item", projection == null ? item : Evaluator.project(item, projection));
        }
        boolean consistent = input.path("ConsistentRead").asBoolean(false);
        Capacity.Units units = Capacity.Units.table(
                Capacity.readUnits(item == null ? 0 : AttributeValues.itemSize(item), consistent));
        store.throughput().chargeRead(table, units);
        JsonNode consumed = Capacity.consumed(input, table.name(), units, true);
        if (consumed != null) {
            out.set("ConsumedCapacity", consumed);
        }
        return out;
    }
}
