package dev.stratus.dynamodb.partiql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.dynamodb.DynamoErrors;
import dev.stratus.dynamodb.expr.Ast;
import dev.stratus.dynamodb.expr.ExpressionAttributes;
import dev.stratus.dynamodb.item.ItemKeys;
import dev.stratus.dynamodb.item.ItemOperations;
import dev.stratus.dynamodb.item.ItemOperations.PreparedWrite;
import dev.stratus.dynamodb.item.QueryOperations;
import dev.stratus.dynamodb.expr.UpdateApplier;
import dev.stratus.dynamodb.table.Table;
import dev.stratus.dynamodb.table.TableCatalog;
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.AwsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;

/**
 * ExecuteStatement: a PartiQL SELECT runs as a Query (partition key fixed by equality) or a Scan; INSERT, UPDATE and
 * DELETE run as conditional PutItem, UpdateItem and DeleteItem through the same item store and evaluator.
 */
public final class PartiqlOperations {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final TableCatalog catalog;
    private final ItemOperations items;
    private final QueryOperations queries;

    public PartiqlOperations(TableCatalog catalog, ItemOperations items, QueryOperations queries) {
        this.catalog = catalog;
        this.items = items;
        this.queries = queries;
    }

    public JsonNode executeStatement(RequestContext ctx, ObjectNode input) {
        PartiqlParser.Parsed parsed = PartiqlParser.parse(input.get("Statement").asText(), input.get("Parameters"));
        return switch (parsed.statement()) {
            case Statement.Select select -> select(ctx, input, select, parsed.attributes());
            case Statement.Exists exists ->
                    throw PartiqlErrors.validation("EXISTS can only be used in ExecuteTransaction write requests.");
            default -> {
                ObjectNode out = NODES.objectNode();
                JsonNode result = write(ctx, parsed, input.path("ReturnValuesOnConditionCheckFailure").asText("NONE"),
                        input.path("ReturnConsumedCapacity").asText("NONE"));
                ArrayNode itemsOut = out.putArray("Items");
                if (result.has("Attributes")) {
                    itemsOut.add(result.get("Attributes"));
                }
                if (result.has("ConsumedCapacity")) {
                    out.set("ConsumedCapacity", result.get("ConsumedCapacity"));
                }
                yield out;
            }
        };
    }

    /** Runs one INSERT, UPDATE or DELETE; answers like UpdateItem (Attributes, ConsumedCapacity). */
    private JsonNode write(RequestContext ctx, PartiqlParser.Parsed parsed, String onConditionFailure, String consumedCapacity) {
        Statement statement = parsed.statement();
        Table table = catalog.require(ctx, statement.table());
        PreparedWrite write = prepareWrite(table, statement, parsed.attributes());
        ObjectNode request = NODES.objectNode();
        request.put("ReturnValues", switch (statement) {
            case Statement.Update u -> u.returning().name();
            case Statement.Delete d -> d.returning().name();
            default -> "NONE";
        });
        request.put("ReturnValuesOnConditionCheckFailure", onConditionFailure);
        request.put("ReturnConsumedCapacity", consumedCapacity);
        return duplicateKeyChecked(statement, () -> items.execute(request, write, null));
    }

    /**
     * Runs one INSERT, UPDATE or DELETE for a batch: the item before and after, for the capacity it consumed.
     */
    ItemOperations.Outcome apply(RequestContext ctx, PartiqlParser.Parsed parsed, boolean oldOnFailure) {
        Table table = catalog.require(ctx, parsed.statement().table());
        PreparedWrite write = prepareWrite(table, parsed.statement(), parsed.attributes());
        return duplicateKeyChecked(parsed.statement(), () -> items.apply(write, oldOnFailure));
    }

    /** An INSERT's failed "item absent" condition is a duplicate key, as DynamoDB reports it. */
    private static <T> T duplicateKeyChecked(Statement statement, java.util.function.Supplier<T> write) {
        try {
            return write.get();
        } catch (AwsException e) {
            if (statement instanceof Statement.Insert && e.code().endsWith("ConditionalCheckFailedException")) {
                throw DynamoErrors.of("DuplicateItemException", "Duplicate primary key exists in table");
            }
            throw e;
        }
    }

    /**
     * A write statement as a conditional item write: INSERT requires the item to be absent, UPDATE and EXISTS
     * require it to be present, DELETE of an absent item does nothing; the WHERE terms beyond the key are the
     * condition.
     */
    static PreparedWrite prepareWrite(Table table, Statement statement, ExpressionAttributes attrs) {
        Table.KeySchema keys = table.keySchema();
        Ast.Operand partitionKey = new Ast.PathOperand(new Ast.Path(List.of(keys.hash())));
        Ast.Condition exists = new Ast.Function("attribute_exists", List.of(partitionKey));
        Ast.Condition absent = new Ast.Function("attribute_not_exists", List.of(partitionKey));
        switch (statement) {
            case Statement.Insert insert -> {
                ObjectNode item = insert.item();
                ItemKeys.checkItem(table, item);
                return new PreparedWrite(table, ItemKeys.itemKey(table, item), ItemKeys.keyOf(keys, item), absent,
                        attrs, current -> item.deepCopy(), null);
            }
            case Statement.Update update -> {
                KeyTerms.FullKey target = KeyTerms.fullKey(update.where(), keys, attrs);
                ObjectNode key = ItemKeys.checkKey(table, target.key());
                UpdateApplier.check(update.actions(), new HashSet<>(keys.names()));
                Ast.Condition condition = target.rest() == null ? exists : new Ast.And(exists, target.rest());
                return ItemOperations.prepareUpdate(table, key, update.actions(), condition, attrs);
            }
            case Statement.Delete delete -> {
                KeyTerms.FullKey target = KeyTerms.fullKey(delete.where(), keys, attrs);
                ObjectNode key = ItemKeys.checkKey(table, target.key());
                Ast.Condition condition = target.rest() == null ? null : new Ast.Or(absent, target.rest());
                return new PreparedWrite(table, ItemKeys.itemKey(table, key), key, condition, attrs, current -> null, null);
            }
            case Statement.Exists check -> {
                if (check.select().index() != null) {
                    throw PartiqlErrors.validation("Operations on indices are not supported in transactions");
                }
                KeyTerms.FullKey target;
                try {
                    target = KeyTerms.fullKey(check.select().where(), keys, attrs);
                } catch (AwsException e) {
                    throw PartiqlErrors.validation("EXISTS() must contain a single item read with additional condition");
                }
                ObjectNode key = ItemKeys.checkKey(table, target.key());
                Ast.Condition condition = target.rest() == null ? exists : new Ast.And(exists, target.rest());
                return new PreparedWrite(table, ItemKeys.itemKey(table, key), key, condition, attrs, current -> current, null);
            }
            case Statement.Select select -> throw new IllegalArgumentException("not a write: " + select);
        }
    }

    private JsonNode select(RequestContext ctx, ObjectNode input, Statement.Select select, ExpressionAttributes attrs) {
        Table table = catalog.require(ctx, select.table());
        Table.Index index = null;
        if (select.index() != null) {
            index = table.index(select.index());
            if (index == null) {
                throw DynamoErrors.validation("The table does not have the specified index: " + select.index());
            }
            if (index.global() && input.path("ConsistentRead").asBoolean(false)) {
                throw PartiqlErrors.validation("Strongly consistent read is not supported on Global Secondary Indexes");
            }
        }
        Table.KeySchema keys = index == null ? table.keySchema() : index.keys();
        Ast.Condition keyCondition = KeyTerms.keyCondition(select.where(), keys, attrs);
        boolean reverse = false;
        for (Statement.Ordering order : select.orderBy()) {
            if (select.where() == null) {
                throw PartiqlErrors.validation("Must have WHERE clause in the statement when using ORDER BY clause.");
            }
            if (!keys.names().contains(order.attribute())) {
                throw PartiqlErrors.validation("Variable reference " + order.attribute()
                        + " in ORDER BY clause must be part of the primary key");
            }
            if (keyCondition == null) {
                throw PartiqlErrors.validation("Must have at least one non-optional hash key condition in WHERE "
                        + "clause when using ORDER BY clause.");
            }
            if (order.attribute().equals(keys.range())) {
                reverse = order.descending();
            }
        }
        ObjectNode query = NODES.objectNode();
        query.put("TableName", table.name());
        if (index != null) {
            query.put("IndexName", index.name());
        }
        for (String member : List.of("Limit", "ConsistentRead", "ReturnConsumedCapacity")) {
            if (input.has(member)) {
                query.set(member, input.get(member));
            }
        }
        String fingerprint = fingerprint(input);
        if (input.has("NextToken")) {
            query.set("ExclusiveStartKey", startKey(input.get("NextToken").asText(), fingerprint));
        }
        JsonNode page = queries.select(ctx, query, keyCondition, select.where(), select.projection(), attrs, reverse);
        ObjectNode out = NODES.objectNode();
        out.set("Items", page.get("Items"));
        if (page.has("LastEvaluatedKey")) {
            out.put("NextToken", nextToken(page.get("LastEvaluatedKey"), fingerprint));
            out.set("LastEvaluatedKey", page.get("LastEvaluatedKey"));
        }
        if (page.has("ConsumedCapacity")) {
            out.set("ConsumedCapacity", page.get("ConsumedCapacity"));
        }
        return out;
    }

    /** Ties a NextToken to the statement and parameters it continues. */
    private static String fingerprint(JsonNode input) {
        return Integer.toHexString((input.get("Statement").asText() + input.path("Parameters")).hashCode());
    }

    private static String nextToken(JsonNode lastKey, String fingerprint) {
        ObjectNode token = NODES.objectNode().put("s", fingerprint);
        token.set("k", lastKey);
        return Base64.getEncoder().encodeToString(token.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode startKey(String token, String fingerprint) {
        JsonNode decoded;
        try {
            decoded = MAPPER.readTree(Base64.getDecoder().decode(token));
        } catch (IOException | IllegalArgumentException e) {
            throw PartiqlErrors.validation("Invalid NextToken");
        }
        if (decoded == null || !decoded.path("k").isObject()) {
            throw PartiqlErrors.validation("Invalid NextToken");
        }
        if (!decoded.path("s").asText().equals(fingerprint)) {
            throw PartiqlErrors.validation("NextToken does not match request");
        }
        return decoded.get("k");
    }
}
