package dev.stratus.dynamodb.partiql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.dynamodb.expr.Evaluator;
import dev.stratus.dynamodb.item.Capacity;
import dev.stratus.dynamodb.item.ItemKeys;
import dev.stratus.dynamodb.item.ItemOperations;
import dev.stratus.dynamodb.item.ItemOperations.PreparedWrite;
import dev.stratus.dynamodb.item.ItemStore;
import dev.stratus.dynamodb.item.TransactionOperations;
import dev.stratus.dynamodb.table.Table;
import dev.stratus.dynamodb.table.TableCatalog;
import dev.stratus.dynamodb.value.AttributeValues;
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.AwsException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * BatchExecuteStatement (independent single-item statements, all reads or all writes, an Error per failed one) and
 * ExecuteTransaction (all-or-nothing: single-item reads, or writes committed through TransactWriteItems' path).
 */
public final class PartiqlMultiStatements {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final TableCatalog catalog;
    private final ItemStore store;
    private final PartiqlOperations statements;
    private final TransactionOperations transactions;

    public PartiqlMultiStatements(TableCatalog catalog, ItemStore store, PartiqlOperations statements,
                                  TransactionOperations transactions) {
        this.catalog = catalog;
        this.store = store;
        this.statements = statements;
        this.transactions = transactions;
    }

    /** A statement of a batch: parsed, or the error that parsing raised. */
    private record Entry(JsonNode request, PartiqlParser.Parsed parsed, AwsException error) {
    }

    public JsonNode batchExecuteStatement(RequestContext ctx, ObjectNode input) {
        List<Entry> entries = new ArrayList<>();
        Boolean reads = null;
        for (JsonNode request : input.get("Statements")) {
            PartiqlParser.Parsed parsed;
            try {
                parsed = PartiqlParser.parse(request.get("Statement").asText(), request.get("Parameters"));
                if (parsed.statement() instanceof Statement.Exists) {
                    throw PartiqlErrors.validation("EXISTS can only be used in ExecuteTransaction write requests.");
                }
            } catch (AwsException e) {
                entries.add(new Entry(request, null, e));
                continue;
            }
            if (reads == null) {
                reads = parsed.statement().read();
            } else if (reads != parsed.statement().read()) {
                throw PartiqlErrors.validation("Read and write requests together in the same batch is not supported.");
            }
            entries.add(new Entry(request, parsed, null));
        }
        ObjectNode out = NODES.objectNode();
        ArrayNode responses = out.putArray("Responses");
        Map<String, Capacity.Units> units = new LinkedHashMap<>();
        for (Entry entry : entries) {
            ObjectNode response = responses.addObject();
            if (entry.error() != null) {
                putError(response, entry.error());
                continue;
            }
            response.put("TableName", entry.parsed().statement().table());
            try {
                String table = entry.parsed().statement().table();
                if (entry.parsed().statement() instanceof Statement.Select select) {
                    ObjectNode item = get(ctx, select, entry.parsed(), "Only single item select is supported");
                    if (item != null) {
                        response.set("Item", item);
                    }
                    double read = Capacity.readUnits(item == null ? 0 : AttributeValues.itemSize(item),
                            entry.request().path("ConsistentRead").asBoolean(false));
                    units.merge(table, Capacity.Units.table(read), Capacity.Units::plus);
                } else {
                    ItemOperations.Outcome outcome = statements.apply(ctx, entry.parsed(),
                            entry.request().path("ReturnValuesOnConditionCheckFailure").asText().equals("ALL_OLD"));
                    units.merge(table, Capacity.write(catalog.require(ctx, table), outcome.before(), outcome.after()),
                            Capacity.Units::plus);
                }
            } catch (AwsException e) {
                putError(response, e);
            }
        }
        Capacity.putConsumedList(out, input, units, reads != null && reads);
        return out;
    }

    /** A single-item SELECT: the item (projected) when it exists and matches the rest of the WHERE, else null. */
    private ObjectNode get(RequestContext ctx, Statement.Select select, PartiqlParser.Parsed parsed, String notSingle) {
        Table table = catalog.require(ctx, select.table());
        if (select.index() != null) {
            throw PartiqlErrors.validation(notSingle);
        }
        KeyTerms.FullKey target;
        try {
            target = KeyTerms.fullKey(select.where(), table.keySchema(), parsed.attributes());
        } catch (AwsException e) {
            throw PartiqlErrors.validation(notSingle);
        }
        ObjectNode key = ItemKeys.checkKey(table, target.key());
        ObjectNode item = store.get(ItemKeys.itemKey(table, key));
        if (item == null || target.rest() != null && !new Evaluator(parsed.attributes()).test(target.rest(), item)) {
            return null;
        }
        return select.projection() == null ? item : Evaluator.project(item, select.projection());
    }

    /** An error as BatchStatementError: DynamoDB's exception names without the "Exception" suffix. */
    private static void putError(ObjectNode response, AwsException e) {
        String code = e.code().substring(e.code().indexOf('#') + 1);
        String batchCode = switch (code) {
            case "ConditionalCheckFailedException" -> "ConditionalCheckFailed";
            case "DuplicateItemException" -> "DuplicateItem";
            case "ResourceNotFoundException" -> "ResourceNotFound";
            case "ValidationException" -> "ValidationError";
            case "TransactionConflictException" -> "TransactionConflict";
            default -> "InternalServerError";
        };
        ObjectNode error = response.putObject("Error");
        error.put("Code", batchCode).put("Message", e.getMessage());
        if (e.fields().get("Item") instanceof JsonNode item) {
            error.set("Item", item);
        }
    }

    public JsonNode executeTransaction(RequestContext ctx, ObjectNode input) {
        List<PartiqlParser.Parsed> parsed = new ArrayList<>();
        for (JsonNode request : input.get("TransactStatements")) {
            PartiqlParser.Parsed p = PartiqlParser.parse(request.get("Statement").asText(), request.get("Parameters"));
            if (!parsed.isEmpty() && parsed.get(0).statement().read() != p.statement().read()) {
                throw PartiqlErrors.validation(
                        "ExecuteTransaction API does not support both read and write operations in the same request.");
            }
            parsed.add(p);
        }
        return parsed.get(0).statement().read() ? transactGet(ctx, input, parsed) : transactWrite(ctx, input, parsed);
    }

    private JsonNode transactGet(RequestContext ctx, ObjectNode input, List<PartiqlParser.Parsed> parsed) {
        ObjectNode out = NODES.objectNode();
        ArrayNode responses = out.putArray("Responses");
        Map<String, Capacity.Units> units = new LinkedHashMap<>();
        for (PartiqlParser.Parsed p : parsed) {
            Statement.Select select = (Statement.Select) p.statement();
            if (select.index() != null) {
                throw PartiqlErrors.validation("Reads on indices are not supported within transactions.");
            }
            ObjectNode item = get(ctx, select, p,
                    "Select statements within ExecuteTransaction must specify the primary key in the where clause.");
            ObjectNode response = responses.addObject();
            if (item != null) {
                response.set("Item", item);
            }
            long size = item == null ? 0 : AttributeValues.itemSize(item);
            // Transactional reads cost twice a strongly consistent read.
            units.merge(select.table(), Capacity.Units.table(2 * Capacity.readUnits(size, true)), Capacity.Units::plus);
        }
        Capacity.putConsumedList(out, input, units, true);
        return out;
    }

    private JsonNode transactWrite(RequestContext ctx, ObjectNode input, List<PartiqlParser.Parsed> parsed) {
        List<PreparedWrite> writes = new ArrayList<>();
        List<Boolean> checkOnly = new ArrayList<>();
        List<Boolean> wantOld = new ArrayList<>();
        JsonNode requests = input.get("TransactStatements");
        for (int i = 0; i < parsed.size(); i++) {
            Statement statement = parsed.get(i).statement();
            Table table = catalog.require(ctx, statement.table());
            writes.add(PartiqlOperations.prepareWrite(table, statement, parsed.get(i).attributes()));
            checkOnly.add(statement instanceof Statement.Exists);
            wantOld.add(requests.get(i).path("ReturnValuesOnConditionCheckFailure").asText().equals("ALL_OLD"));
        }
        try {
            return transactions.idempotent(ctx, input.path("ClientRequestToken").asText(null), requests,
                    () -> transactions.commit(input, writes, checkOnly, wantOld));
        } catch (AwsException e) {
            if (!(e.fields().get("CancellationReasons") instanceof ArrayNode reasons)) {
                throw e;
            }
            // An INSERT's failed "item absent" check is a duplicate key, as DynamoDB reports it.
            boolean rewritten = false;
            for (int i = 0; i < parsed.size(); i++) {
                ObjectNode reason = (ObjectNode) reasons.get(i);
                if (parsed.get(i).statement() instanceof Statement.Insert
                        && reason.path("Code").asText().equals("ConditionalCheckFailed")) {
                    reason.put("Code", "DuplicateItem").put("Message", "Duplicate primary key exists in table");
                    reason.remove("Item");
                    rewritten = true;
                }
            }
            if (!rewritten) {
                throw e;
            }
            throw TransactionOperations.cancelled(reasons);
        }
    }
}
