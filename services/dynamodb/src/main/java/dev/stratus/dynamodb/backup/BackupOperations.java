package dev.stratus.dynamodb.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.dynamodb.DynamoErrors;
import dev.stratus.dynamodb.item.ItemStore;
import dev.stratus.dynamodb.table.Table;
import dev.stratus.dynamodb.table.TableCatalog;
import dev.stratus.dynamodb.table.TableOperations;
import dev.stratus.dynamodb.value.AttributeValues;
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.AwsException;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * On-demand backups: CreateBackup copies the table's items from one consistent storage snapshot; the backup is
 * AVAILABLE at once and outlives its table. RestoreTableFromBackup creates a new table with the items and indexes.
 */
public final class BackupOperations {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final TableCatalog catalog;
    private final ItemStore store;
    private final BackupStore backups;
    private final Restores restores;
    private final Clock clock;

    public BackupOperations(dev.stratus.storage.Storage storage, TableCatalog catalog, TableOperations tables,
                            ItemStore store, Clock clock) {
        this.catalog = catalog;
        this.store = store;
        this.backups = new BackupStore(storage);
        this.restores = new Restores(tables, store, clock);
        this.clock = clock;
    }

    static AwsException tableNotFound(String name) {
        return DynamoErrors.of("TableNotFoundException", "Table not found: " + name);
    }

    public JsonNode createBackup(RequestContext ctx, ObjectNode input) {
        String name = TableCatalog.nameOf(input.get("TableName").asText());
        Table table = catalog.find(ctx, name).orElseThrow(() -> tableNotFound(name));
        List<ObjectNode> items = store.items(table, null);
        long size = items.stream().mapToLong(AttributeValues::itemSize).sum();
        long now = clock.millis();
        String id = String.format("%014d-%08x", now, ThreadLocalRandom.current().nextInt());
        Backup backup = new Backup(table.arn() + "/backup/" + id, id, input.get("BackupName").asText(), table.name(),
                table.id(), table.arn(), table.createdMillis(), now, table.spec(), size, items.size());
        backups.put(ctx, backup, items);
        return NODES.objectNode().set("BackupDetails", details(backup, "AVAILABLE"));
    }

    private Backup require(RequestContext ctx, String arn) {
        return backups.find(ctx, arn).orElseThrow(() ->
                DynamoErrors.of("BackupNotFoundException", "Backup not found: " + arn));
    }

    public JsonNode describeBackup(RequestContext ctx, ObjectNode input) {
        return NODES.objectNode().set("BackupDescription",
                description(require(ctx, input.get("BackupArn").asText()), "AVAILABLE"));
    }

    public JsonNode deleteBackup(RequestContext ctx, ObjectNode input) {
        Backup backup = require(ctx, input.get("BackupArn").asText());
        backups.delete(ctx, backup);
        return NODES.objectNode().set("BackupDescription", description(backup, "DELETED"));
    }

    public JsonNode listBackups(RequestContext ctx, ObjectNode input) {
        String table = input.has("TableName") ? TableCatalog.nameOf(input.get("TableName").asText()) : null;
        String type = input.path("BackupType").asText("ALL");
        Long lower = millis(input.get("TimeRangeLowerBound"));
        Long upper = millis(input.get("TimeRangeUpperBound"));
        List<Backup> matching = backups.list(ctx).stream()
                .filter(b -> table == null || b.tableName().equals(table))
                .filter(b -> type.equals("ALL") || type.equals("USER"))
                .filter(b -> lower == null || b.createdMillis() >= lower)
                .filter(b -> upper == null || b.createdMillis() < upper)
                .sorted(Comparator.comparingLong(Backup::createdMillis).thenComparing(Backup::arn))
                .toList();
        String start = input.path("ExclusiveStartBackupArn").asText(null);
        int from = 0;
        if (start != null) {
            for (int i = 0; i < matching.size(); i++) {
                if (matching.get(i).arn().equals(start)) {
                    from = i + 1;
                }
            }
        }
        int limit = input.path("Limit").asInt(Integer.MAX_VALUE);
        ObjectNode out = NODES.objectNode();
        ArrayNode summaries = out.putArray("BackupSummaries");
        int end = (int) Math.min(matching.size(), (long) from + limit);
        for (Backup b : matching.subList(from, end)) {
            ObjectNode s = summaries.addObject();
            s.put("TableName", b.tableName()).put("TableId", b.tableId()).put("TableArn", b.tableArn());
            s.setAll(details(b, "AVAILABLE"));
        }
        if (end < matching.size()) {
            out.put("LastEvaluatedBackupArn", matching.get(end - 1).arn());
        }
        return out;
    }

    public JsonNode restoreTableFromBackup(RequestContext ctx, ObjectNode input) {
        Backup backup = require(ctx, input.get("BackupArn").asText());
        ObjectNode summary = NODES.objectNode().put("SourceBackupArn", backup.arn()).put("SourceTableArn", backup.tableArn());
        return restores.restore(ctx, input, backup.spec(), backups.items(backup), summary);
    }

    private static Long millis(JsonNode epochSeconds) {
        return epochSeconds == null ? null : epochSeconds.decimalValue().movePointRight(3).longValue();
    }

    private static ObjectNode details(Backup b, String status) {
        return NODES.objectNode().put("BackupArn", b.arn()).put("BackupName", b.name())
                .put("BackupSizeBytes", b.sizeBytes()).put("BackupStatus", status).put("BackupType", "USER")
                .put("BackupCreationDateTime", BigDecimal.valueOf(b.createdMillis(), 3));
    }

    private static ObjectNode description(Backup b, String status) {
        ObjectNode spec = b.spec();
        ObjectNode d = NODES.objectNode();
        d.set("BackupDetails", details(b, status));
        ObjectNode source = d.putObject("SourceTableDetails");
        source.put("TableName", b.tableName()).put("TableId", b.tableId()).put("TableArn", b.tableArn())
                .put("TableSizeBytes", b.sizeBytes());
        source.set("KeySchema", spec.get("KeySchema"));
        source.put("TableCreationDateTime", BigDecimal.valueOf(b.tableCreatedMillis(), 3));
        JsonNode throughput = spec.path("ProvisionedThroughput");
        source.putObject("ProvisionedThroughput")
                .put("ReadCapacityUnits", throughput.path("ReadCapacityUnits").asLong(0))
                .put("WriteCapacityUnits", throughput.path("WriteCapacityUnits").asLong(0));
        source.put("ItemCount", b.itemCount());
        source.put("BillingMode", spec.path("BillingMode").asText("PROVISIONED"));
        ObjectNode features = d.putObject("SourceTableFeatureDetails");
        for (String kind : List.of("LocalSecondaryIndexes", "GlobalSecondaryIndexes")) {
            if (spec.has(kind)) {
                ArrayNode list = features.putArray(kind);
                for (JsonNode index : spec.get(kind)) {
                    ObjectNode i = list.addObject();
                    i.set("IndexName", index.get("IndexName"));
                    i.set("KeySchema", index.get("KeySchema"));
                    i.set("Projection", index.get("Projection"));
                    if (index.has("ProvisionedThroughput")) {
                        i.set("ProvisionedThroughput", index.get("ProvisionedThroughput"));
                    }
                }
            }
        }
        if (spec.path("StreamSpecification").path("StreamEnabled").asBoolean()) {
            features.set("StreamDescription", spec.get("StreamSpecification"));
        }
        JsonNode ttl = spec.get("TimeToLiveSpecification");
        if (ttl != null && ttl.path("Enabled").asBoolean()) {
            features.putObject("TimeToLiveDescription").put("TimeToLiveStatus", "ENABLED")
                    .put("AttributeName", ttl.get("AttributeName").asText());
        }
        return d;
    }
}
