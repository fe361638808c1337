package dev.stratus.dynamodb.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.dynamodb.DynamoErrors;
import dev.stratus.platform.RequestContext;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Time to Live settings and tags: changes need an ACTIVE table, and tag calls word their faults as DynamoDB does
 * (the texts dynalite's test/tagResource.js, untagResource.js and listTagsOfResource.js verified against AWS).
 */
public final class TagAndTtlOperations {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern TABLE_ARN = Pattern.compile("arn:[^:]+:dynamodb:[^:]*:[^:]*:table/[a-zA-Z0-9_.-]{3,255}");
    private final TableCatalog catalog;
    private final Clock clock;

    public TagAndTtlOperations(TableCatalog catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    public JsonNode describeTimeToLive(RequestContext ctx, ObjectNode input) {
        Table table = catalog.requireByNameOrArn(ctx, input.get("TableName").asText());
        JsonNode ttl = table.spec().get("TimeToLiveSpecification");
        ObjectNode description = NODES.objectNode();
        if (ttl != null && ttl.path("Enabled").asBoolean()) {
            description.put("TimeToLiveStatus", "ENABLED").put("AttributeName", ttl.get("AttributeName").asText());
        } else {
            description.put("TimeToLiveStatus", "DISABLED");
        }
        return NODES.objectNode().set("TimeToLiveDescription", description);
    }

    public JsonNode updateTimeToLive(RequestContext ctx, ObjectNode input) {
        Table table = catalog.requireByNameOrArn(ctx, input.get("TableName").asText());
        TableStates.requireSettled(table, clock.millis());
        JsonNode requested = input.get("TimeToLiveSpecification");
        JsonNode current = table.spec().get("TimeToLiveSpecification");
        boolean enabled = current != null && current.path("Enabled").asBoolean();
        if (requested.get("Enabled").asBoolean() == enabled) {
            throw DynamoErrors.validation(enabled ? "TimeToLive is already enabled" : "TimeToLive is already disabled");
        }
        ObjectNode spec = table.spec().deepCopy();
        spec.set("TimeToLiveSpecification", requested);
        catalog.put(ctx, new Table(table.name(), table.id(), table.arn(), table.createdMillis(), spec, table.tags()));
        return NODES.objectNode().set("TimeToLiveSpecification", requested);
    }

    public JsonNode tagResource(RequestContext ctx, ObjectNode input) {
        String arn = validArn(input);
        if (input.get("Tags").isEmpty()) {
            throw DynamoErrors.validation("Atleast one Tag needs to be provided as Input.");
        }
        Table table = changeable(ctx, arn, "Requested resource not found: ResourcArn: " + arn + " not found");
        Map<String, String> tags = new LinkedHashMap<>(table.tags());
        input.get("Tags").forEach(t -> tags.put(t.get("Key").asText(), t.get("Value").asText()));
        catalog.put(ctx, new Table(table.name(), table.id(), table.arn(), table.createdMillis(), table.spec(), tags));
        return null;
    }

    public JsonNode untagResource(RequestContext ctx, ObjectNode input) {
        String arn = validArn(input);
        if (input.get("TagKeys").isEmpty()) {
            throw DynamoErrors.validation("Atleast one Tag Key needs to be provided as Input.");
        }
        Table table = changeable(ctx, arn, "Requested resource not found");
        Map<String, String> tags = new LinkedHashMap<>(table.tags());
        input.get("TagKeys").forEach(k -> tags.remove(k.asText()));
        catalog.put(ctx, new Table(table.name(), table.id(), table.arn(), table.createdMillis(), table.spec(), tags));
        return null;
    }

    public JsonNode listTagsOfResource(RequestContext ctx, ObjectNode input) {
        String arn = validArn(input);
        Table table = visible(ctx, arn, "Requested resource not found: ResourcArn: " + arn + " not found");
        ObjectNode out = NODES.objectNode();
        ArrayNode tags = out.putArray("Tags");
        table.tags().forEach((k, v) -> tags.addObject().put("Key", k).put("Value", v));
        return out;
    }

    private static String validArn(ObjectNode input) {
        String arn = input.get("ResourceArn").asText();
        if (!TABLE_ARN.matcher(arn).matches()) {
            throw DynamoErrors.validation("Invalid TableArn: Invalid ResourceArn provided as input " + arn);
        }
        return arn;
    }

    /** The table named by the ARN; one still CREATING is not found yet (as AWS answers tag calls right after CreateTable). */
    private Table visible(RequestContext ctx, String arn, String notFound) {
        return catalog.find(ctx, TableCatalog.nameOf(arn))
                .filter(t -> !TableStates.status(t, clock.millis()).equals("CREATING"))
                .orElseThrow(() -> DynamoErrors.resourceNotFound(notFound));
    }

    /** A table whose tags may change: found, and neither UPDATING nor DELETING (ResourceInUseException). */
    private Table changeable(RequestContext ctx, String arn, String notFound) {
        Table table = visible(ctx, arn, notFound);
        TableStates.requireSettled(table, clock.millis());
        return table;
    }
}
