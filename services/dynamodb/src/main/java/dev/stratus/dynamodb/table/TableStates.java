package dev.stratus.dynamodb.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.dynamodb.DynamoErrors;

/**
 * Transient table and index states kept in the table definition: a table is CREATING or UPDATING until a moment
 * recorded when the change was made (then ACTIVE, with no background job needed), DELETING until such a moment (then
 * gone), and a new global secondary index is CREATING (backfilling) until its backfill job marks it done.
 */
public final class TableStates {
    /** How long CREATING, UPDATING and DELETING last: short, so waiters and tests move on at once; a system property sets it. */
    public static final String TRANSITION_PROPERTY = "stratus.dynamodb.tableTransitionMillis";
    static final long DEFAULT_TRANSITION_MILLIS = 0;
    private static final String STATUS = "StratusPendingStatus";
    private static final String UNTIL = "StratusPendingUntilMillis";
    private static final String INDEX_STATUS = "IndexStatus";

    private TableStates() {
    }

    /** Marks {@code spec} as being in {@code status} (CREATING, UPDATING, DELETING) for the configured transition time. */
    static void begin(ObjectNode spec, String status, long nowMillis) {
        spec.put(STATUS, status);
        spec.put(UNTIL, nowMillis + Long.getLong(TRANSITION_PROPERTY, DEFAULT_TRANSITION_MILLIS));
    }

    /** TableStatus at {@code nowMillis} (a deleted table stays DELETING; the catalog hides it once {@link #gone}). */
    public static String status(Table table, long nowMillis) {
        JsonNode spec = table.spec();
        if (deleting(table)) {
            return "DELETING";
        }
        return spec.has(STATUS) && nowMillis < spec.path(UNTIL).asLong() ? spec.get(STATUS).asText() : "ACTIVE";
    }

    /** True once DeleteTable has been accepted for the table. */
    static boolean deleting(Table table) {
        return table.spec().path(STATUS).asText().equals("DELETING");
    }

    /** True when a deleted table's DELETING time is over: it no longer exists. */
    static boolean gone(Table table, long nowMillis) {
        return deleting(table) && nowMillis >= table.spec().path(UNTIL).asLong();
    }

    /**
     * ResourceInUseException unless the table is ACTIVE with no index backfilling, worded as DynamoDB words it for
     * UpdateTable and DeleteTable ("Attempt to change a resource which is still in use: Table is being created: t").
     */
    static void requireSettled(Table table, long nowMillis) {
        String status = status(table, nowMillis);
        String doing = switch (status) {
            case "CREATING" -> "created";
            case "DELETING" -> "deleted";
            case "UPDATING" -> "updated";
            default -> anyBackfilling(table) ? "updated" : null;
        };
        if (doing != null) {
            throw DynamoErrors.resourceInUse("Attempt to change a resource which is still in use: Table is being "
                    + doing + ": " + table.name());
        }
    }

    /** IndexStatus of a global secondary index definition. */
    static String indexStatus(JsonNode gsi) {
        return gsi.path(INDEX_STATUS).asText("ACTIVE");
    }

    /** True while the named index is still being backfilled (it cannot be read yet). */
    public static boolean backfilling(Table table, String index) {
        for (JsonNode gsi : table.spec().path("GlobalSecondaryIndexes")) {
            if (gsi.get("IndexName").asText().equals(index)) {
                return indexStatus(gsi).equals("CREATING");
            }
        }
        return false;
    }

    static boolean anyBackfilling(Table table) {
        for (JsonNode gsi : table.spec().path("GlobalSecondaryIndexes")) {
            if (indexStatus(gsi).equals("CREATING")) {
                return true;
            }
        }
        return false;
    }

    /** Sets the IndexStatus of one global secondary index in {@code spec} (null: ACTIVE, the default). */
    static void indexStatus(ObjectNode spec, String index, String status) {
        for (JsonNode gsi : spec.path("GlobalSecondaryIndexes")) {
            if (gsi.get("IndexName").asText().equals(index)) {
                if (status == null) {
                    ((ObjectNode) gsi).remove(INDEX_STATUS);
                } else {
                    ((ObjectNode) gsi).put(INDEX_STATUS, status);
                }
            }
        }
    }

    /** A copy of {@code spec} without transient state (a restored table starts afresh). */
    static ObjectNode withoutStates(ObjectNode spec) {
        ObjectNode copy = spec.deepCopy();
        copy.remove(STATUS);
        copy.remove(UNTIL);
        for (JsonNode gsi : copy.path("GlobalSecondaryIndexes")) {
            ((ObjectNode) gsi).remove(INDEX_STATUS);
        }
        return copy;
    }
}
