package dev.stratus.dynamodb.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.dynamodb.item.ItemStore;
import dev.stratus.dynamodb.table.Table;
import dev.stratus.dynamodb.table.TableOperations;
import dev.stratus.platform.RequestContext;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Creates a table from a saved definition and items (RestoreTableFromBackup, RestoreTableToPointInTime), with the
 * request's overrides. Like AWS, streams, TTL, point-in-time recovery, deletion protection and tags are not restored.
 */
final class Restores {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> NOT_RESTORED = List.of("StreamSpecification", "StreamLabel",
            "TimeToLiveSpecification", "PointInTimeRecovery", "RestoreSummary", "DeletionProtectionEnabled");
    private final TableOperations tables;
    private final ItemStore store;
    private final Clock clock;

    Restores(TableOperations tables, ItemStore store, Clock clock) {
        this.tables = tables;
        this.store = store;
        this.clock = clock;
    }

    /** Restores into {@code TargetTableName}; {@code summary} is the RestoreSummary without its flag. */
    JsonNode restore(RequestContext ctx, JsonNode input, ObjectNode sourceSpec, List<ObjectNode> items,
                     ObjectNode summary) {
        ObjectNode spec = sourceSpec.deepCopy();
        spec.remove(NOT_RESTORED);
        if (input.has("BillingModeOverride")) {
            String mode = input.get("BillingModeOverride").asText();
            spec.put("BillingMode", mode);
            if (mode.equals("PAY_PER_REQUEST")) {
                spec.remove("ProvisionedThroughput");
                spec.path("GlobalSecondaryIndexes").forEach(g -> ((ObjectNode) g).remove("ProvisionedThroughput"));
            }
        }
        if (input.has("ProvisionedThroughputOverride")) {
            spec.set("ProvisionedThroughput", input.get("ProvisionedThroughputOverride"));
        }
        for (String kind : List.of("GlobalSecondaryIndex", "LocalSecondaryIndex")) {
            JsonNode override = input.get(kind + "Override");
            if (override != null) {
                if (override.isEmpty()) {
                    spec.remove(kind + "es");
                } else {
                    spec.set(kind + "es", override);
                }
            }
        }
        if (input.has("SSESpecificationOverride")) {
            spec.set("SSESpecification", input.get("SSESpecificationOverride"));
        }
        keepDefinedKeysOnly(spec);
        summary.put("RestoreDateTime", BigDecimal.valueOf(clock.millis(), 3));
        summary.put("RestoreInProgress", false);
        spec.set("RestoreSummary", summary);
        Table table = tables.createRestored(ctx, input.get("TargetTableName").asText(), spec);
        store.load(table, items);
        return NODES.objectNode().set("TableDescription", tables.describe(table));
    }

    /** Index overrides may drop key attributes; AttributeDefinitions keeps only those still used. */
    private static void keepDefinedKeysOnly(ObjectNode spec) {
        Set<String> used = new HashSet<>();
        spec.get("KeySchema").forEach(k -> used.add(k.get("AttributeName").asText()));
        for (String kind : List.of("GlobalSecondaryIndexes", "LocalSecondaryIndexes")) {
            spec.path(kind).forEach(i -> i.get("KeySchema").forEach(k -> used.add(k.get("AttributeName").asText())));
        }
        ArrayNode kept = NODES.arrayNode();
        spec.get("AttributeDefinitions").forEach(d -> {
            if (used.contains(d.get("AttributeName").asText())) {
                kept.add(d);
            }
        });
        spec.set("AttributeDefinitions", kept);
    }
}
