package dev.stratus.dynamodb.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.dynamodb.DynamoErrors;
import dev.stratus.dynamodb.item.ItemStore;
import dev.stratus.dynamodb.item.PointInTimeLog;
import dev.stratus.dynamodb.table.Table;
import dev.stratus.dynamodb.table.TableCatalog;
import dev.stratus.dynamodb.table.TableOperations;
import dev.stratus.platform.RequestContext;
import java.math.BigDecimal;
import java.time.Clock;

/**
 * Point-in-time recovery: UpdateContinuousBackups turns the table's undo log on or off; RestoreTableToPointInTime
 * rebuilds the table as it was at any millisecond of the recovery window (1 to 35 days, never before enabling).
 */
public final class PointInTimeOperations {
    /** The default and largest recovery window (DynamoDB's RecoveryPeriodInDays). */
    public static final int MAX_RECOVERY_DAYS = 35;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final TableCatalog catalog;
    private final ItemStore store;
    private final Restores restores;
    private final Clock clock;

    public PointInTimeOperations(TableCatalog catalog, TableOperations tables, ItemStore store, Clock clock) {
        this.catalog = catalog;
        this.store = store;
        this.restores = new Restores(tables, store, clock);
        this.clock = clock;
    }

    private Table table(RequestContext ctx, String nameOrArn) {
        String name = TableCatalog.nameOf(nameOrArn);
        return catalog.find(ctx, name).orElseThrow(() -> BackupOperations.tableNotFound(name));
    }

    public JsonNode updateContinuousBackups(RequestContext ctx, ObjectNode input) {
        Table table = table(ctx, input.get("TableName").asText());
        JsonNode requested = input.get("PointInTimeRecoverySpecification");
        boolean enable = requested.path("PointInTimeRecoveryEnabled").asBoolean(false);
        ObjectNode spec = table.spec().deepCopy();
        JsonNode current = spec.get("PointInTimeRecovery");
        if (enable) {
            ObjectNode pitr = NODES.objectNode().put("Enabled", true)
                    .put("RecoveryPeriodInDays", requested.path("RecoveryPeriodInDays").asInt(MAX_RECOVERY_DAYS));
            // Re-enabling keeps the window already recorded; a fresh start begins now.
            pitr.put("EnabledMillis", current != null ? current.get("EnabledMillis").asLong() : clock.millis());
            spec.set("PointInTimeRecovery", pitr);
        } else {
            spec.remove("PointInTimeRecovery");
        }
        Table updated = new Table(table.name(), table.id(), table.arn(), table.createdMillis(), spec, table.tags());
        catalog.put(ctx, updated);
        if (!enable) {
            store.trimPointInTime(updated, Long.MAX_VALUE);
        }
        return NODES.objectNode().set("ContinuousBackupsDescription", description(updated));
    }

    public JsonNode describeContinuousBackups(RequestContext ctx, ObjectNode input) {
        return NODES.objectNode().set("ContinuousBackupsDescription", description(table(ctx, input.get("TableName").asText())));
    }

    public JsonNode restoreTableToPointInTime(RequestContext ctx, ObjectNode input) {
        JsonNode source = input.has("SourceTableArn") ? input.get("SourceTableArn") : input.get("SourceTableName");
        if (source == null) {
            throw DynamoErrors.validation("Either SourceTableArn or SourceTableName must be specified");
        }
        Table table = table(ctx, source.asText());
        if (!PointInTimeLog.enabled(table)) {
            throw DynamoErrors.of("PointInTimeRecoveryUnavailableException",
                    "Point in time recovery is not enabled for table '" + table.name() + "'");
        }
        long now = clock.millis();
        long earliest = earliest(table, now);
        Long at = null;
        if (!input.path("UseLatestRestorableTime").asBoolean(false)) {
            if (!input.has("RestoreDateTime")) {
                throw DynamoErrors.validation("RestoreDateTime must be specified when UseLatestRestorableTime is not true");
            }
            at = input.get("RestoreDateTime").decimalValue().movePointRight(3).longValue();
            if (at < earliest || at > now) {
                throw DynamoErrors.of("InvalidRestoreTimeException", "Restore time is not within the restorable "
                        + "time window. RestoreDateTime must be between EarliestRestorableDateTime and "
                        + "LatestRestorableDateTime.");
            }
        }
        store.trimPointInTime(table, earliest);
        ObjectNode summary = NODES.objectNode().put("SourceTableArn", table.arn());
        return restores.restore(ctx, input, table.spec(), store.items(table, at), summary);
    }

    private static long earliest(Table table, long now) {
        return PointInTimeLog.windowStart(table, now);
    }

    private ObjectNode description(Table table) {
        ObjectNode d = NODES.objectNode().put("ContinuousBackupsStatus", "ENABLED");
        ObjectNode pitr = d.putObject("PointInTimeRecoveryDescription");
        if (!PointInTimeLog.enabled(table)) {
            pitr.put("PointInTimeRecoveryStatus", "DISABLED");
            return d;
        }
        long now = clock.millis();
        pitr.put("PointInTimeRecoveryStatus", "ENABLED")
                .put("RecoveryPeriodInDays", table.spec().get("PointInTimeRecovery").get("RecoveryPeriodInDays").asInt())
                .put("EarliestRestorableDateTime", BigDecimal.valueOf(earliest(table, now), 3))
                .put("LatestRestorableDateTime", BigDecimal.valueOf(now, 3));
        return d;
    }
}
