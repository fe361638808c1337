package dev.stratus.dynamodb.stream;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.dynamodb.item.ItemKeys;
import dev.stratus.dynamodb.table.Table;
import dev.stratus.dynamodb.value.AttributeValues;
import java.time.Instant;
import java.util.UUID;

/** Builds stream records (INSERT, MODIFY, REMOVE) with the images the stream's view type asks for. */
public final class StreamRecords {
    private StreamRecords() {
    }

    /**
     * The record for replacing {@code before} by {@code after}; {@code byService} marks deletions made by TTL, which
     * AWS attributes to the DynamoDB service principal.
     */
    public static ObjectNode of(Table table, ObjectNode before, ObjectNode after, Instant at, boolean byService) {
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        record.put("eventID", UUID.randomUUID().toString().replace("-", ""));
        record.put("eventName", before == null ? "INSERT" : after == null ? "REMOVE" : "MODIFY");
        record.put("eventVersion", "1.1");
        record.put("eventSource", "aws:dynamodb");
        record.put("awsRegion", table.region());
        ObjectNode d = record.putObject("dynamodb");
        d.put("ApproximateCreationDateTime", at.getEpochSecond());
        ObjectNode keys = ItemKeys.keyOf(table.keySchema(), after != null ? after : before);
        d.set("Keys", keys);
        String view = StreamLog.viewType(table);
        long size = AttributeValues.itemSize(keys);
        if (after != null && (view.equals("NEW_IMAGE") || view.equals("NEW_AND_OLD_IMAGES"))) {
            d.set("NewImage", after);
            size += AttributeValues.itemSize(after);
        }
        if (before != null && (view.equals("OLD_IMAGE") || view.equals("NEW_AND_OLD_IMAGES"))) {
            d.set("OldImage", before);
            size += AttributeValues.itemSize(before);
        }
        d.put("SizeBytes", size);
        d.put("StreamViewType", view);
        if (byService) {
            record.putObject("userIdentity").put("PrincipalId", "dynamodb.amazonaws.com").put("Type", "Service");
        }
        return record;
    }
}
