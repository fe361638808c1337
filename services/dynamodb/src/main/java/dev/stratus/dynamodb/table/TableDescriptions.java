package dev.stratus.dynamodb.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.dynamodb.item.ItemStore;
import dev.stratus.dynamodb.item.TableStats;
import dev.stratus.dynamodb.stream.StreamLog;
import java.math.BigDecimal;

/** Builds TableDescription trees; item counts and sizes are exact, from counters kept with the items. */
final class TableDescriptions {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final ItemStore items;
    private final java.time.Clock clock;

    TableDescriptions(ItemStore items, java.time.Clock clock) {
        this.items = items;
        this.clock = clock;
    }

    ObjectNode describe(Table table) {
        ObjectNode spec = table.spec();
        ObjectNode d = NODES.objectNode();
        d.set("AttributeDefinitions", spec.get("AttributeDefinitions"));
        d.put("TableName", table.name());
        d.set("KeySchema", spec.get("KeySchema"));
        d.put("TableStatus", TableStates.status(table, clock.millis()));
        d.put("CreationDateTime", BigDecimal.valueOf(table.createdMillis(), 3));
        d.set("ProvisionedThroughput", throughput(spec.get("ProvisionedThroughput")));
        TableStats.Counter stats = items.stats().get(table, null);
        d.put("TableSizeBytes", stats.bytes());
        d.put("ItemCount", stats.count());
        d.put("TableArn", table.arn());
        d.put("TableId", table.id());
        if (spec.path("BillingMode").asText().equals("PAY_PER_REQUEST")) {
            d.putObject("BillingModeSummary").put("BillingMode", "PAY_PER_REQUEST")
                    .put("LastUpdateToPayPerRequestDateTime", BigDecimal.valueOf(table.createdMillis(), 3));
        }
        for (String kind : new String[] {"LocalSecondaryIndexes", "GlobalSecondaryIndexes"}) {
            if (!spec.has(kind)) {
                continue;
            }
            ArrayNode list = d.putArray(kind);
            for (JsonNode index : spec.get(kind)) {
                String name = index.get("IndexName").asText();
                ObjectNode i = list.addObject();
                i.put("IndexName", name);
                i.set("KeySchema", index.get("KeySchema"));
                i.set("Projection", index.get("Projection"));
                if (kind.startsWith("Global")) {
                    String status = TableStates.indexStatus(index);
                    i.put("IndexStatus", status);
                    if (status.equals("CREATING")) {
                        i.put("Backfilling", true);
                    }
                    i.set("ProvisionedThroughput", throughput(index.get("ProvisionedThroughput")));
                }
                TableStats.Counter s = items.stats().get(table, name);
                i.put("IndexSizeBytes", s.bytes());
                i.put("ItemCount", s.count());
                i.put("IndexArn", table.arn() + "/index/" + name);
            }
        }
        String label = StreamLog.label(table);
        if (label != null) {
            d.set("StreamSpecification", spec.get("StreamSpecification"));
            d.put("LatestStreamLabel", label);
            d.put("LatestStreamArn", StreamLog.streamArn(table, label));
        }
        JsonNode sse = spec.get("SSESpecification");
        if (sse != null && sse.path("Enabled").asBoolean()) {
            String arn = table.arn().replace(":dynamodb:", ":kms:").replaceAll("table/.*", "key/aws-dynamodb");
            d.putObject("SSEDescription").put("Status", "ENABLED").put("SSEType", sse.path("SSEType").asText("KMS"))
                    .put("KMSMasterKeyArn", sse.path("KMSMasterKeyId").asText(arn));
        }
        if (spec.has("TableClass")) {
            d.putObject("TableClassSummary").put("TableClass", spec.get("TableClass").asText());
        }
        if (spec.has("RestoreSummary")) {
            d.set("RestoreSummary", spec.get("RestoreSummary"));
        }
        d.put("DeletionProtectionEnabled", table.deletionProtected());
        return d;
    }

    private static ObjectNode throughput(JsonNode provisioned) {
        ObjectNode t = NODES.objectNode();
        t.put("NumberOfDecreasesToday", 0);
        t.put("ReadCapacityUnits", provisioned == null ? 0 : provisioned.path("ReadCapacityUnits").asLong());
        t.put("WriteCapacityUnits", provisioned == null ? 0 : provisioned.path("WriteCapacityUnits").asLong());
        return t;
    }
}
