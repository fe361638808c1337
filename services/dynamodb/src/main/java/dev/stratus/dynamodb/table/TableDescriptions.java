package dev.stratus.dynamodb.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.dynamodb.item.ItemKeys;
import dev.stratus.dynamodb.item.ItemStore;
import dev.stratus.dynamodb.stream.StreamLog;
import dev.stratus.dynamodb.value.AttributeValues;
import dev.stratus.storage.Cursor;
import java.math.BigDecimal;

/** Builds TableDescription trees, counting items and bytes from storage (AWS refreshes these every ~6 h). */
final class TableDescriptions {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final ItemStore items;

    TableDescriptions(ItemStore items) {
        this.items = items;
    }

    ObjectNode describe(Table table) {
        ObjectNode spec = table.spec();
        ObjectNode d = NODES.objectNode();
        d.set("AttributeDefinitions", spec.get("AttributeDefinitions"));
        d.put("TableName", table.name());
        d.set("KeySchema", spec.get("KeySchema"));
        d.put("TableStatus", "ACTIVE");
        d.put("CreationDateTime", BigDecimal.valueOf(table.createdMillis(), 3));
        d.set("ProvisionedThroughput", throughput(spec.get("ProvisionedThroughput")));
        long[] stats = stats(null, ItemKeys.tablePrefix(table));
        d.put("TableSizeBytes", stats[1]);
        d.put("ItemCount", stats[0]);
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
                    i.put("IndexStatus", "ACTIVE");
                    i.set("ProvisionedThroughput", throughput(index.get("ProvisionedThroughput")));
                }
                long[] s = stats(name, ItemKeys.indexPrefix(table, name));
                i.put("IndexSizeBytes", s[1]);
                i.put("ItemCount", s[0]);
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

    /** {count, bytes} of the entries under a prefix. */
    private long[] stats(String index, byte[] prefix) {
        long count = 0;
        long bytes = 0;
        try (Cursor c = items.scan(index, prefix, ItemStore.end(prefix), false)) {
            while (c.hasNext()) {
                count++;
                bytes += AttributeValues.itemSize(ItemStore.decode(c.next()));
            }
        }
        return new long[] {count, bytes};
    }
}
