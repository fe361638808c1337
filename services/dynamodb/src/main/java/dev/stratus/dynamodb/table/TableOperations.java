package dev.stratus.dynamodb.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.dynamodb.DynamoErrors;
import dev.stratus.dynamodb.item.ItemStore;
import dev.stratus.dynamodb.stream.TableStreams;
import dev.stratus.platform.RequestContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/** The control plane: CreateTable, DescribeTable, ListTables, UpdateTable, DeleteTable, limits and endpoints. */
public final class TableOperations {
    /** Local secondary indexes per table (DynamoDB service quotas). */
    public static final int MAX_LSI = 5;
    /** Global secondary indexes per table (default quota). */
    public static final int MAX_GSI = 20;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final TableCatalog catalog;
    private final ItemStore items;
    private final Clock clock;
    private final TableDescriptions descriptions;
    private final IndexBackfills backfills;

    public TableOperations(TableCatalog catalog, ItemStore items, Clock clock) {
        this.catalog = catalog;
        this.items = items;
        this.clock = clock;
        this.descriptions = new TableDescriptions(items, clock);
        this.backfills = new IndexBackfills(catalog, items);
        backfills.resume();
    }

    public JsonNode createTable(RequestContext ctx, ObjectNode input) {
        String name = input.get("TableName").asText();
        validateDefinition(input);
        Table existing = catalog.find(ctx, name).orElse(null);
        if (existing != null && TableStates.deleting(existing)) {
            throw DynamoErrors.resourceInUse("Attempt to change a resource which is still in use: Table is being "
                    + "deleted: " + name);
        }
        if (existing != null) {
            throw DynamoErrors.resourceInUse("Table already exists: " + name);
        }
        ObjectNode spec = input.deepCopy();
        spec.remove(List.of("TableName", "Tags"));
        if (!spec.has("BillingMode")) {
            spec.put("BillingMode", "PROVISIONED");
        }
        if (spec.path("StreamSpecification").path("StreamEnabled").asBoolean()) {
            spec.put("StreamLabel", streamLabel());
        }
        if (spec.hasNonNull(ResourcePolicies.TABLE_POLICY)) {
            ResourcePolicies.set(spec, null, spec.get(ResourcePolicies.TABLE_POLICY).asText(),
                    Long.toString(clock.millis()));
        }
        Map<String, String> tags = new LinkedHashMap<>();
        input.path("Tags").forEach(t -> tags.put(t.get("Key").asText(), t.get("Value").asText()));
        TableStates.begin(spec, "CREATING", clock.millis());
        Table table = new Table(name, UUID.randomUUID().toString(), ctx.arn("dynamodb", "table/" + name),
                clock.millis(), spec, tags);
        catalog.put(ctx, table);
        // DynamoDB always answers CREATING; DescribeTable shows ACTIVE once the transition time has passed.
        ObjectNode description = descriptions.describe(table);
        description.put("TableStatus", "CREATING");
        return NODES.objectNode().set("TableDescription", description);
    }

    /**
     * Creates a table from a stored definition (restores): TableAlreadyExistsException when the name is taken.
     * The new table gets its own id, ARN and generation.
     */
    public Table createRestored(RequestContext ctx, String name, ObjectNode spec) {
        if (catalog.find(ctx, name).isPresent()) {
            throw DynamoErrors.of("TableAlreadyExistsException", "Table already exists: " + name);
        }
        ObjectNode fresh = ResourcePolicies.without(TableStates.withoutStates(spec));
        fresh.remove(TableStreams.DISABLED);
        TableStates.begin(fresh, "CREATING", clock.millis());
        Table table = new Table(name, UUID.randomUUID().toString(), ctx.arn("dynamodb", "table/" + name),
                clock.millis(), fresh, new LinkedHashMap<>());
        catalog.put(ctx, table);
        return table;
    }

    /** The TableDescription of a table, counts included. */
    public ObjectNode describe(Table table) {
        return descriptions.describe(table);
    }

    /**
     * CreateTable's checks, in the order DynamoDB applies them (which decides the message when a definition has
     * several faults); the texts are DynamoDB's, as dynalite's test/createTable.js verified them.
     */
    private static void validateDefinition(ObjectNode input) {
        Set<String> defined = new TreeSet<>();
        input.get("AttributeDefinitions").forEach(d -> defined.add(d.get("AttributeName").asText()));
        Set<String> used = new HashSet<>();
        checkKeySchema(input.get("KeySchema"), defined, used);
        for (String kind : List.of("LocalSecondaryIndexes", "GlobalSecondaryIndexes")) {
            if (input.has(kind) && input.get(kind).isEmpty()) {
                throw DynamoErrors.validation("One or more parameter values were invalid: List of " + kind + " is empty");
            }
        }
        if (input.has("LocalSecondaryIndexes") && input.get("KeySchema").size() < 2) {
            throw DynamoErrors.validation("One or more parameter values were invalid: Table KeySchema does not have "
                    + "a range key, which is required when specifying a LocalSecondaryIndex");
        }
        String tableHash = input.get("KeySchema").get(0).get("AttributeName").asText();
        Set<String> names = new HashSet<>(); // index names are unique across local and global indexes
        for (String kind : List.of("LocalSecondaryIndexes", "GlobalSecondaryIndexes")) {
            JsonNode list = input.path(kind);
            boolean local = kind.startsWith("Local");
            if (local && list.size() > MAX_LSI) {
                throw DynamoErrors.validation("One or more parameter values were invalid: Number of "
                        + "LocalSecondaryIndexes exceeds per-table limit of " + MAX_LSI);
            }
            if (!local && list.size() > MAX_GSI) {
                throw DynamoErrors.validation("One or more parameter values were invalid: GlobalSecondaryIndex count "
                        + "exceeds the per-table limit of " + MAX_GSI);
            }
            for (JsonNode index : list) {
                String name = index.get("IndexName").asText();
                if (!names.add(name)) {
                    throw DynamoErrors.validation("One or more parameter values were invalid: Duplicate index name: " + name);
                }
                JsonNode keys = index.get("KeySchema");
                checkKeySchema(keys, defined, used);
                if (local && keys.size() < 2) {
                    throw DynamoErrors.validation("One or more parameter values were invalid: Index KeySchema does not "
                            + "have a range key for index: " + name);
                }
                String indexHash = keys.get(0).get("AttributeName").asText();
                if (local && !indexHash.equals(tableHash)) {
                    throw DynamoErrors.validation("One or more parameter values were invalid: Index KeySchema does not "
                            + "have the same leading hash key as table KeySchema for index: " + name + ". index hash key: "
                            + indexHash + ", table hash key: " + tableHash);
                }
                checkProjection(index.path("Projection"));
            }
        }
        if (!used.containsAll(defined) || used.size() != defined.size()) {
            throw DynamoErrors.validation("One or more parameter values were invalid: Number of attributes in "
                    + "KeySchema does not exactly match number of attributes defined in AttributeDefinitions");
        }
        checkBilling(input.path("BillingMode").asText("PROVISIONED"), input.get("ProvisionedThroughput"));
        for (JsonNode gsi : input.path("GlobalSecondaryIndexes")) {
            checkBilling(input.path("BillingMode").asText("PROVISIONED"), gsi.get("ProvisionedThroughput"));
        }
        JsonNode stream = input.get("StreamSpecification");
        if (stream != null && stream.path("StreamEnabled").asBoolean() && !stream.has("StreamViewType")) {
            throw DynamoErrors.validation("One or more parameter values were invalid: StreamSpecification: "
                    + "StreamViewType is required when StreamEnabled is true");
        }
    }

    /** One key schema (table or index): definitions first, then its shape. */
    private static void checkKeySchema(JsonNode keySchema, Set<String> defined, Set<String> used) {
        if (keySchema.size() > defined.size()) {
            throw DynamoErrors.validation("Invalid KeySchema: Some index key attribute have no definition");
        }
        List<String> keys = new ArrayList<>();
        boolean missing = false;
        for (JsonNode k : keySchema) {
            String attr = k.get("AttributeName").asText();
            used.add(attr);
            keys.add(attr);
            missing |= !defined.contains(attr);
        }
        if (missing) {
            // DynamoDB lists every key attribute of the schema, not only the undefined ones.
            throw DynamoErrors.validation("One or more parameter values were invalid: Some index key attributes are "
                    + "not defined in AttributeDefinitions. Keys: " + keys + ", AttributeDefinitions: " + defined);
        }
        if (keySchema.size() == 2 && keySchema.get(0).get("AttributeName").asText()
                .equals(keySchema.get(1).get("AttributeName").asText())) {
            throw DynamoErrors.validation("Both the Hash Key and the Range Key element in the KeySchema have the same name");
        }
        if (!keySchema.get(0).get("KeyType").asText().equals("HASH")) {
            throw DynamoErrors.validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
        }
        if (keySchema.size() == 2 && !keySchema.get(1).get("KeyType").asText().equals("RANGE")) {
            throw DynamoErrors.validation("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
        }
    }

    private static void checkProjection(JsonNode projection) {
        if (!projection.has("ProjectionType")) {
            throw DynamoErrors.validation("One or more parameter values were invalid: Unknown ProjectionType: null");
        }
        String type = projection.path("ProjectionType").asText("");
        boolean hasNonKey = projection.has("NonKeyAttributes");
        if (type.equals("INCLUDE") && !hasNonKey) {
            throw DynamoErrors.validation("One or more parameter values were invalid: "
                    + "ProjectionType is INCLUDE, but NonKeyAttributes is not specified");
        }
        if (!type.equals("INCLUDE") && hasNonKey) {
            throw DynamoErrors.validation("One or more parameter values were invalid: ProjectionType is " + type
                    + ", but NonKeyAttributes is specified");
        }
    }

    static void checkBillingOf(String mode, JsonNode throughput) {
        checkBilling(mode, throughput);
    }

    private static void checkBilling(String mode, JsonNode throughput) {
        if (mode.equals("PROVISIONED") && throughput == null) {
            throw DynamoErrors.validation("One or more parameter values were invalid: ReadCapacityUnits and "
                    + "WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
        }
        if (mode.equals("PAY_PER_REQUEST") && throughput != null) {
            throw DynamoErrors.validation("One or more parameter values were invalid: Neither ReadCapacityUnits nor "
                    + "WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
        }
    }

    public JsonNode describeTable(RequestContext ctx, ObjectNode input) {
        String name = TableCatalog.nameOf(input.get("TableName").asText());
        Table table = catalog.find(ctx, name).orElseThrow(() ->
                DynamoErrors.resourceNotFound("Requested resource not found: Table: " + name + " not found"));
        return NODES.objectNode().set("Table", descriptions.describe(table));
    }

    public JsonNode listTables(RequestContext ctx, ObjectNode input) {
        int limit = input.path("Limit").asInt(100);
        String start = input.path("ExclusiveStartTableName").asText(null);
        List<String> names = catalog.list(ctx).stream().map(Table::name).sorted()
                .filter(n -> start == null || n.compareTo(start) > 0).toList();
        ObjectNode out = NODES.objectNode();
        ArrayNode page = out.putArray("TableNames");
        names.stream().limit(limit).forEach(page::add);
        if (names.size() > limit) {
            out.put("LastEvaluatedTableName", names.get(limit - 1));
        }
        return out;
    }

    public JsonNode deleteTable(RequestContext ctx, ObjectNode input) {
        Table table = catalog.requireByNameOrArn(ctx, input.get("TableName").asText());
        requireSettled(table);
        if (table.deletionProtected()) {
            throw DynamoErrors.resourceInUse("Resource cannot be deleted as it is currently protected against "
                    + "deletion. Disable deletion protection first.");
        }
        // The table stays describable as DELETING for the transition time (waiters poll until it is gone); its items
        // go at once, since no call can reach them any more.
        ObjectNode spec = table.spec().deepCopy();
        TableStates.begin(spec, "DELETING", clock.millis());
        Table deleting = new Table(table.name(), table.id(), table.arn(), table.createdMillis(), spec, table.tags());
        ObjectNode description = descriptions.describe(deleting);
        catalog.put(ctx, deleting);
        items.drop(table);
        return NODES.objectNode().set("TableDescription", description);
    }

    public JsonNode updateTable(RequestContext ctx, ObjectNode input) {
        Table table = catalog.requireByNameOrArn(ctx, input.get("TableName").asText());
        requireSettled(table);
        ObjectNode spec = table.spec().deepCopy();
        String billing = input.path("BillingMode").asText(spec.path("BillingMode").asText("PROVISIONED"));
        JsonNode throughput = input.has("ProvisionedThroughput") ? input.get("ProvisionedThroughput")
                : billing.equals("PROVISIONED") ? spec.get("ProvisionedThroughput") : null;
        checkBilling(billing, throughput);
        spec.put("BillingMode", billing);
        if (throughput == null) {
            spec.remove("ProvisionedThroughput");
        } else {
            spec.set("ProvisionedThroughput", throughput);
        }
        if (input.has("StreamSpecification")) {
            updateStream(spec, input.get("StreamSpecification"), table.name());
        }
        for (String copied : List.of("DeletionProtectionEnabled", "SSESpecification", "TableClass")) {
            if (input.has(copied)) {
                spec.set(copied, input.get(copied));
            }
        }
        GlobalIndexUpdates.Result indexChanges = GlobalIndexUpdates.apply(input, spec, billing);
        if (indexChanges.created() != null) {
            TableStates.indexStatus(spec, indexChanges.created(), "CREATING");
        }
        TableStates.begin(spec, "UPDATING", clock.millis());
        Table updated = new Table(table.name(), table.id(), table.arn(), table.createdMillis(), spec, table.tags());
        catalog.put(ctx, updated);
        // The new index is in the catalog first, so writers maintain it while the backfill runs.
        if (indexChanges.created() != null) {
            backfills.start(updated, indexChanges.created());
        }
        for (String deleted : indexChanges.deleted()) {
            items.dropIndex(updated, deleted);
        }
        ObjectNode description = descriptions.describe(updated);
        description.put("TableStatus", "UPDATING");
        return NODES.objectNode().set("TableDescription", description);
    }

    private void requireSettled(Table table) {
        TableStates.requireSettled(table, clock.millis());
    }

    /** A new stream gets a new label; a disabled stream stays readable for 24 hours (see TableStreams). */
    private void updateStream(ObjectNode spec, JsonNode requested, String tableName) {
        boolean enabled = spec.path("StreamSpecification").path("StreamEnabled").asBoolean();
        boolean enabling = requested.path("StreamEnabled").asBoolean();
        if (enabling && enabled) {
            throw DynamoErrors.validation("Table already has an enabled stream: " + spec.path("StreamLabel").asText());
        }
        if (enabling && !requested.has("StreamViewType")) {
            throw DynamoErrors.validation("One or more parameter values were invalid: StreamSpecification: "
                    + "StreamViewType is required when StreamEnabled is true");
        }
        if (!enabling && !enabled) {
            throw DynamoErrors.validation("Table " + tableName + " does not have a stream to disable");
        }
        if (!enabling) {
            TableStreams.disable(spec, clock.millis());
        }
        spec.set("StreamSpecification", requested);
        if (enabling) {
            spec.put("StreamLabel", newStreamLabel(spec));
        } else {
            spec.remove("StreamLabel");
        }
    }

    /** Stream labels are the creation time, as AWS forms them: {@code 2026-03-01T12:00:00.000}. */
    private String streamLabel() {
        return streamLabel(clock.instant());
    }

    private static String streamLabel(java.time.Instant at) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS")
                .format(java.time.LocalDateTime.ofInstant(at, java.time.ZoneOffset.UTC));
    }

    /** A label for a re-enabled stream, later than any disabled stream's still kept (labels name streams). */
    private String newStreamLabel(ObjectNode spec) {
        java.util.Set<String> taken = new HashSet<>();
        spec.path(TableStreams.DISABLED).forEach(s -> taken.add(s.path("label").asText()));
        java.time.Instant at = clock.instant();
        while (taken.contains(streamLabel(at))) {
            at = at.plusMillis(1);
        }
        return streamLabel(at);
    }

    public JsonNode describeLimits(RequestContext ctx, ObjectNode input) {
        return NODES.objectNode().put("AccountMaxReadCapacityUnits", 80000).put("AccountMaxWriteCapacityUnits", 80000)
                .put("TableMaxReadCapacityUnits", 40000).put("TableMaxWriteCapacityUnits", 40000);
    }

    public JsonNode describeEndpoints(RequestContext ctx, ObjectNode input) {
        ObjectNode out = NODES.objectNode();
        out.putArray("Endpoints").addObject().put("Address", "dynamodb." + ctx.region() + ".amazonaws.com")
                .put("CachePeriodInMinutes", 1440);
        return out;
    }
}
