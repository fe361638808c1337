package dev.stratus.dynamodb.table;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A table's stored metadata: identity plus its definition ({@code spec}: KeySchema, AttributeDefinitions, indexes,
 * billing, streams, SSE, class, deletion protection, TTL), kept in CreateTable's request shape.
 */
public record Table(String name, String id, String arn, long createdMillis, ObjectNode spec, Map<String, String> tags) {

    /** The owning account, from the ARN. */
    @JsonIgnore
    public String account() {
        return arn.split(":")[4];
    }

    @JsonIgnore
    public String region() {
        return arn.split(":")[3];
    }

    @JsonIgnore
    public KeySchema keySchema() {
        return KeySchema.of(spec.get("KeySchema"), spec.get("AttributeDefinitions"));
    }

    /** Every secondary index, local ones first. */
    @JsonIgnore
    public List<Index> indexes() {
        List<Index> out = new ArrayList<>();
        for (JsonNode lsi : spec.path("LocalSecondaryIndexes")) {
            out.add(Index.of(lsi, false, spec.get("AttributeDefinitions")));
        }
        for (JsonNode gsi : spec.path("GlobalSecondaryIndexes")) {
            out.add(Index.of(gsi, true, spec.get("AttributeDefinitions")));
        }
        return out;
    }

    @JsonIgnore
    public Index index(String indexName) {
        return indexes().stream().filter(i -> i.name().equals(indexName)).findFirst().orElse(null);
    }

    @JsonIgnore
    public boolean deletionProtected() {
        return spec.path("DeletionProtectionEnabled").asBoolean(false);
    }

    /** A secondary index: its key schema and which attributes it projects. */
    public record Index(String name, boolean global, KeySchema keys, String projectionType, List<String> nonKeyAttributes) {
        static Index of(JsonNode node, boolean global, JsonNode definitions) {
            JsonNode projection = node.path("Projection");
            List<String> nonKey = new ArrayList<>();
            projection.path("NonKeyAttributes").forEach(a -> nonKey.add(a.asText()));
            return new Index(node.get("IndexName").asText(), global, KeySchema.of(node.get("KeySchema"), definitions),
                    projection.path("ProjectionType").asText("ALL"), nonKey);
        }
    }

    /** The hash key and optional range key with their scalar types. */
    public record KeySchema(String hash, String hashType, String range, String rangeType) {
        static KeySchema of(JsonNode keySchema, JsonNode definitions) {
            String hash = null;
            String range = null;
            for (JsonNode k : keySchema) {
                if (k.get("KeyType").asText().equals("HASH")) {
                    hash = k.get("AttributeName").asText();
                } else {
                    range = k.get("AttributeName").asText();
                }
            }
            return new KeySchema(hash, typeOf(definitions, hash), range, range == null ? null : typeOf(definitions, range));
        }

        private static String typeOf(JsonNode definitions, String name) {
            for (JsonNode d : definitions) {
                if (d.get("AttributeName").asText().equals(name)) {
                    return d.get("AttributeType").asText();
                }
            }
            return null;
        }

        public List<String> names() {
            return range == null ? List.of(hash) : List.of(hash, range);
        }
    }
}
