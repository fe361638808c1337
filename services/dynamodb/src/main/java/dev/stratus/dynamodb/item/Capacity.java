package dev.stratus.dynamodb.item;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** ConsumedCapacity with DynamoDB's unit math: reads in 4 KB units (half when eventually consistent), writes in 1 KB. */
public final class Capacity {
    /** Bytes per read capacity unit. */
    public static final int READ_UNIT_BYTES = 4096;
    /** Bytes per write capacity unit. */
    public static final int WRITE_UNIT_BYTES = 1024;

    private Capacity() {
    }

    public static double readUnits(long bytes, boolean consistent) {
        double units = Math.max(1, (bytes + READ_UNIT_BYTES - 1) / READ_UNIT_BYTES);
        return consistent ? units : units / 2;
    }

    public static double writeUnits(long bytes) {
        return Math.max(1, (bytes + WRITE_UNIT_BYTES - 1) / WRITE_UNIT_BYTES);
    }

    /** The ConsumedCapacity member for ReturnConsumedCapacity TOTAL or INDEXES; null for NONE. */
    public static JsonNode consumed(JsonNode input, String table, double units, boolean read) {
        String mode = input.path("ReturnConsumedCapacity").asText("NONE");
        if (mode.equals("NONE")) {
            return null;
        }
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        c.put("TableName", table);
        c.put("CapacityUnits", units);
        c.put(read ? "ReadCapacityUnits" : "WriteCapacityUnits", units);
        if (mode.equals("INDEXES")) {
            ObjectNode t = c.putObject("Table");
            t.put("CapacityUnits", units);
            t.put(read ? "ReadCapacityUnits" : "WriteCapacityUnits", units);
        }
        return c;
    }
}
