package dev.stratus.dynamodb.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.dynamodb.DynamoErrors;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** UpdateTable's GlobalSecondaryIndexUpdates (Create, Update, Delete) applied to a table definition. */
final class GlobalIndexUpdates {
    /** What changed: the index to backfill, if one was created, and the indexes whose entries must go. */
    record Result(String created, List<String> deleted) {
    }

    private GlobalIndexUpdates() {
    }

    static Result apply(ObjectNode input, ObjectNode spec, String billing) {
        JsonNode updates = input.get("GlobalSecondaryIndexUpdates");
        if (updates == null) {
            if (input.has("AttributeDefinitions")) {
                mergeDefinitions(spec, input.get("AttributeDefinitions"));
            }
            return new Result(null, List.of());
        }
        int structural = 0;
        for (JsonNode u : updates) {
            if (u.has("Create") || u.has("Delete")) {
                structural++;
            }
        }
        if (structural > 1) {
            throw DynamoErrors.of("LimitExceededException", "Subscriber limit exceeded: Only 1 online index can be "
                    + "created or deleted simultaneously per table");
        }
        ArrayNode indexes = spec.has("GlobalSecondaryIndexes") ? (ArrayNode) spec.get("GlobalSecondaryIndexes")
                : spec.putArray("GlobalSecondaryIndexes");
        String created = null;
        List<String> deleted = new ArrayList<>();
        for (JsonNode u : updates) {
            if (u.has("Create")) {
                JsonNode create = u.get("Create");
                String name = create.get("IndexName").asText();
                if (find(indexes, name) >= 0) {
                    throw DynamoErrors.validation("One or more parameter values were invalid: Index already exists: " + name);
                }
                if (!input.has("AttributeDefinitions")) {
                    throw DynamoErrors.validation("The number of attributes in key schema must match the number of "
                            + "attributes defined in attribute definitions.");
                }
                mergeDefinitions(spec, input.get("AttributeDefinitions"));
                Set<String> defined = new HashSet<>();
                spec.get("AttributeDefinitions").forEach(d -> defined.add(d.get("AttributeName").asText()));
                for (JsonNode k : create.get("KeySchema")) {
                    if (!defined.contains(k.get("AttributeName").asText())) {
                        throw DynamoErrors.validation("Global Secondary Index hash key not specified in Attribute "
                                + "Definitions.Type unknown.");
                    }
                }
                TableOperations.checkBillingOf(billing, create.get("ProvisionedThroughput"));
                indexes.add(create.deepCopy());
                created = name;
            } else if (u.has("Delete")) {
                String name = u.get("Delete").get("IndexName").asText();
                int at = find(indexes, name);
                if (at < 0) {
                    throw DynamoErrors.resourceNotFound("Requested resource not found: Requested index " + name + " not found");
                }
                indexes.remove(at);
                deleted.add(name);
            } else if (u.has("Update")) {
                String name = u.get("Update").get("IndexName").asText();
                int at = find(indexes, name);
                if (at < 0) {
                    throw DynamoErrors.resourceNotFound("Requested resource not found: Requested index " + name + " not found");
                }
                ((ObjectNode) indexes.get(at)).set("ProvisionedThroughput", u.get("Update").get("ProvisionedThroughput"));
            }
        }
        if (indexes.isEmpty()) {
            spec.remove("GlobalSecondaryIndexes");
        }
        return new Result(created, deleted);
    }

    private static int find(ArrayNode indexes, String name) {
        for (int i = 0; i < indexes.size(); i++) {
            if (indexes.get(i).get("IndexName").asText().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static void mergeDefinitions(ObjectNode spec, JsonNode definitions) {
        ArrayNode existing = (ArrayNode) spec.get("AttributeDefinitions");
        for (JsonNode d : definitions) {
            String name = d.get("AttributeName").asText();
            boolean found = false;
            for (JsonNode e : existing) {
                if (e.get("AttributeName").asText().equals(name)) {
                    found = true;
                    if (!e.get("AttributeType").asText().equals(d.get("AttributeType").asText())) {
                        throw DynamoErrors.validation("Cannot change the type of an existing key attribute: " + name);
                    }
                }
            }
            if (!found) {
                existing.add(d.deepCopy());
            }
        }
    }
}
