package dev.stratus.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.dynamodb.backup.BackupOperations;
import dev.stratus.dynamodb.backup.PointInTimeOperations;
import dev.stratus.dynamodb.item.BatchOperations;
import dev.stratus.dynamodb.item.ItemOperations;
import dev.stratus.dynamodb.item.ItemStore;
import dev.stratus.dynamodb.item.QueryOperations;
import dev.stratus.dynamodb.item.TransactionOperations;
import dev.stratus.dynamodb.item.TtlSweeper;
import dev.stratus.dynamodb.partiql.PartiqlMultiStatements;
import dev.stratus.dynamodb.partiql.PartiqlOperations;
import dev.stratus.dynamodb.stream.StreamLog;
import dev.stratus.dynamodb.table.ResourcePolicyOperations;
import dev.stratus.dynamodb.table.TableAccess;
import dev.stratus.dynamodb.table.TableCatalog;
import dev.stratus.dynamodb.table.TableOperations;
import dev.stratus.dynamodb.table.TagAndTtlOperations;
import dev.stratus.platform.Operation;
import dev.stratus.platform.Platform;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.Service;
import dev.stratus.platform.StratusConfig;
import dev.stratus.protocol.model.ServiceModel;
import java.util.Map;

/** Amazon DynamoDB: tables, items, expressions, indexes, transactions. */
public final class DynamoDbService implements Service {
    private final ServiceModel model = ServiceModel.load("dynamodb");
    private final TableOperations tables;
    private final TagAndTtlOperations tagsAndTtl;
    private final ResourcePolicyOperations policies;
    private final ItemOperations items;
    private final QueryOperations queries;
    private final BatchOperations batches;
    private final TransactionOperations transactions;
    private final PartiqlOperations partiql;
    private final PartiqlMultiStatements partiqlMulti;
    private final BackupOperations backups;
    private final PointInTimeOperations pointInTime;
    private final TtlSweeper ttlSweeper;
    private final TableAccess access;

    public DynamoDbService(Platform platform) {
        TableCatalog catalog = new TableCatalog(platform.storage(), platform.clock());
        StreamLog streams = new StreamLog(platform.storage());
        ItemStore store = new ItemStore(platform.storage(), streams, platform.clock());
        this.tables = new TableOperations(catalog, store, platform.clock());
        this.tagsAndTtl = new TagAndTtlOperations(catalog, platform.clock());
        this.policies = new ResourcePolicyOperations(catalog, platform.clock());
        this.items = new ItemOperations(catalog, store);
        this.queries = new QueryOperations(catalog, store);
        this.batches = new BatchOperations(catalog, store);
        this.transactions = new TransactionOperations(catalog, store, items, platform.clock());
        this.partiql = new PartiqlOperations(catalog, items, queries);
        this.partiqlMulti = new PartiqlMultiStatements(catalog, store, partiql, transactions);
        this.backups = new BackupOperations(platform.storage(), catalog, tables, store, platform.clock());
        this.pointInTime = new PointInTimeOperations(catalog, tables, store, platform.clock());
        this.ttlSweeper = new TtlSweeper(catalog, store, streams, platform.clock());
        this.access = new TableAccess(catalog, platform.credentials(), platform.clock(),
                platform.config().auth() == StratusConfig.AuthMode.STRICT);
    }

    @Override
    public void start() {
        ttlSweeper.start(TtlSweeper.DEFAULT_PERIOD);
    }

    @Override
    public void close() {
        ttlSweeper.close();
    }

    /** One Time to Live pass now, for tests and tools; the background sweeper runs the same code. */
    int sweepExpiredItems() {
        return ttlSweeper.sweep();
    }

    @Override
    public String name() {
        return "dynamodb";
    }

    @Override
    public ServiceModel model() {
        return model;
    }

    @Override
    public String validationErrorCode() {
        return "ValidationException";
    }

    @Override
    public Map<String, Operation> operations() {
        Map<String, Operation> guarded = new java.util.LinkedHashMap<>();
        operationsByName().forEach((name, operation) -> guarded.put(name, access.guard(name, operation)));
        return guarded;
    }

    private Map<String, Operation> operationsByName() {
        return Map.ofEntries(
                Map.entry("CreateTable", this::createTable),
                Map.entry("DescribeTable", this::describeTable),
                Map.entry("ListTables", this::listTables),
                Map.entry("UpdateTable", this::updateTable),
                Map.entry("DeleteTable", this::deleteTable),
                Map.entry("DescribeTimeToLive", this::describeTimeToLive),
                Map.entry("UpdateTimeToLive", this::updateTimeToLive),
                Map.entry("TagResource", this::tagResource),
                Map.entry("UntagResource", this::untagResource),
                Map.entry("ListTagsOfResource", this::listTagsOfResource),
                Map.entry("GetResourcePolicy", this::getResourcePolicy),
                Map.entry("PutResourcePolicy", this::putResourcePolicy),
                Map.entry("DeleteResourcePolicy", this::deleteResourcePolicy),
                Map.entry("DescribeLimits", this::describeLimits),
                Map.entry("DescribeEndpoints", this::describeEndpoints),
                Map.entry("PutItem", this::putItem),
                Map.entry("GetItem", this::getItem),
                Map.entry("UpdateItem", this::updateItem),
                Map.entry("DeleteItem", this::deleteItem),
                Map.entry("Query", this::query),
                Map.entry("Scan", this::scan),
                Map.entry("BatchGetItem", this::batchGetItem),
                Map.entry("BatchWriteItem", this::batchWriteItem),
                Map.entry("TransactWriteItems", this::transactWriteItems),
                Map.entry("TransactGetItems", this::transactGetItems),
                Map.entry("ExecuteStatement", this::executeStatement),
                Map.entry("BatchExecuteStatement", this::batchExecuteStatement),
                Map.entry("ExecuteTransaction", this::executeTransaction),
                Map.entry("CreateBackup", this::createBackup),
                Map.entry("DescribeBackup", this::describeBackup),
                Map.entry("ListBackups", this::listBackups),
                Map.entry("DeleteBackup", this::deleteBackup),
                Map.entry("RestoreTableFromBackup", this::restoreTableFromBackup),
                Map.entry("UpdateContinuousBackups", this::updateContinuousBackups),
                Map.entry("DescribeContinuousBackups", this::describeContinuousBackups),
                Map.entry("RestoreTableToPointInTime", this::restoreTableToPointInTime));
    }

    JsonNode createTable(RequestContext ctx, ObjectNode input) {
        return tables.createTable(ctx, input);
    }

    JsonNode describeTable(RequestContext ctx, ObjectNode input) {
        return tables.describeTable(ctx, input);
    }

    JsonNode listTables(RequestContext ctx, ObjectNode input) {
        return tables.listTables(ctx, input);
    }

    JsonNode updateTable(RequestContext ctx, ObjectNode input) {
        return tables.updateTable(ctx, input);
    }

    JsonNode deleteTable(RequestContext ctx, ObjectNode input) {
        return tables.deleteTable(ctx, input);
    }

    JsonNode describeTimeToLive(RequestContext ctx, ObjectNode input) {
        return tagsAndTtl.describeTimeToLive(ctx, input);
    }

    JsonNode updateTimeToLive(RequestContext ctx, ObjectNode input) {
        return tagsAndTtl.updateTimeToLive(ctx, input);
    }

    JsonNode tagResource(RequestContext ctx, ObjectNode input) {
        return tagsAndTtl.tagResource(ctx, input);
    }

    JsonNode untagResource(RequestContext ctx, ObjectNode input) {
        return tagsAndTtl.untagResource(ctx, input);
    }

    JsonNode listTagsOfResource(RequestContext ctx, ObjectNode input) {
        return tagsAndTtl.listTagsOfResource(ctx, input);
    }

    JsonNode getResourcePolicy(RequestContext ctx, ObjectNode input) {
        return policies.getResourcePolicy(ctx, input);
    }

    JsonNode putResourcePolicy(RequestContext ctx, ObjectNode input) {
        return policies.putResourcePolicy(ctx, input);
    }

    JsonNode deleteResourcePolicy(RequestContext ctx, ObjectNode input) {
        return policies.deleteResourcePolicy(ctx, input);
    }

    JsonNode describeLimits(RequestContext ctx, ObjectNode input) {
        return tables.describeLimits(ctx, input);
    }

    JsonNode describeEndpoints(RequestContext ctx, ObjectNode input) {
        return tables.describeEndpoints(ctx, input);
    }

    JsonNode putItem(RequestContext ctx, ObjectNode input) {
        return items.putItem(ctx, input);
    }

    JsonNode getItem(RequestContext ctx, ObjectNode input) {
        return items.getItem(ctx, input);
    }

    JsonNode updateItem(RequestContext ctx, ObjectNode input) {
        return items.updateItem(ctx, input);
    }

    JsonNode deleteItem(RequestContext ctx, ObjectNode input) {
        return items.deleteItem(ctx, input);
    }

    JsonNode query(RequestContext ctx, ObjectNode input) {
        return queries.query(ctx, input);
    }

    JsonNode scan(RequestContext ctx, ObjectNode input) {
        return queries.scan(ctx, input);
    }

    JsonNode batchGetItem(RequestContext ctx, ObjectNode input) {
        return batches.batchGetItem(ctx, input);
    }

    JsonNode batchWriteItem(RequestContext ctx, ObjectNode input) {
        return batches.batchWriteItem(ctx, input);
    }

    JsonNode transactWriteItems(RequestContext ctx, ObjectNode input) {
        return transactions.transactWriteItems(ctx, input);
    }

    JsonNode transactGetItems(RequestContext ctx, ObjectNode input) {
        return transactions.transactGetItems(ctx, input);
    }

    JsonNode executeStatement(RequestContext ctx, ObjectNode input) {
        return partiql.executeStatement(ctx, input);
    }

    JsonNode batchExecuteStatement(RequestContext ctx, ObjectNode input) {
        return partiqlMulti.batchExecuteStatement(ctx, input);
    }

    JsonNode executeTransaction(RequestContext ctx, ObjectNode input) {
        return partiqlMulti.executeTransaction(ctx, input);
    }

    JsonNode createBackup(RequestContext ctx, ObjectNode input) {
        return backups.createBackup(ctx, input);
    }

    JsonNode describeBackup(RequestContext ctx, ObjectNode input) {
        return backups.describeBackup(ctx, input);
    }

    JsonNode listBackups(RequestContext ctx, ObjectNode input) {
        return backups.listBackups(ctx, input);
    }

    JsonNode deleteBackup(RequestContext ctx, ObjectNode input) {
        return backups.deleteBackup(ctx, input);
    }

    JsonNode restoreTableFromBackup(RequestContext ctx, ObjectNode input) {
        return backups.restoreTableFromBackup(ctx, input);
    }

    JsonNode updateContinuousBackups(RequestContext ctx, ObjectNode input) {
        return pointInTime.updateContinuousBackups(ctx, input);
    }

    JsonNode describeContinuousBackups(RequestContext ctx, ObjectNode input) {
        return pointInTime.describeContinuousBackups(ctx, input);
    }

    JsonNode restoreTableToPointInTime(RequestContext ctx, ObjectNode input) {
        return pointInTime.restoreTableToPointInTime(ctx, input);
    }
}
