package dev.stratus.dynamodb.table;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A table's stored metadata: identity plus its definition ({@code spec}: KeySchema, AttributeDefinitions, indexes,
 * billing, streams, SSE, class, deletion protection, TTL), kept in CreateTable's request shape.
 *
 * <p>A value with the JSON shape of the record it used to be (six properties), but a class, so that what every data-plane
 * call derives from the spec (key schema, indexes, account, region) is computed once per instance. The spec is never
 * changed in place: a change is a deep copy put back as a new Table (the catalog shares instances across requests).
 */
public final class Table {
    private final String name;
    private final String id;
    private final String arn;
    private final long createdMillis;
    private final ObjectNode spec;
    private final Map<String, String> tags;
    /** Derived from {@code arn} and {@code spec}; built on first use (a racing rebuild yields an equal value). */
    private Derived derived;

    @JsonCreator
    public Table(@JsonProperty("name") String name, @JsonProperty("id") String id, @JsonProperty("arn") String arn,
                 @JsonProperty("createdMillis") long createdMillis, @JsonProperty("spec") ObjectNode spec,
                 @JsonProperty("tags") Map<String, String> tags) {
        this.name = name;
        this.id = id;
        this.arn = arn;
        this.createdMillis = createdMillis;
        this.spec = spec;
        this.tags = tags;
    }

    /** What the data plane reads from a table on every call, derived once. */
    private record Derived(String account, String region, KeySchema keySchema, List<Index> indexes) {
        static Derived of(String arn, ObjectNode spec) {
            String[] parts = arn.split(":");
            List<Index> indexes = new ArrayList<>();
            for (JsonNode lsi : spec.path("LocalSecondaryIndexes")) {
                indexes.add(Index.of(lsi, false, spec.get("AttributeDefinitions")));
            }
            for (JsonNode gsi : spec.path("GlobalSecondaryIndexes")) {
                indexes.add(Index.of(gsi, true, spec.get("AttributeDefinitions")));
            }
            return new Derived(parts[4], parts[3], KeySchema.of(spec.get("KeySchema"), spec.get("AttributeDefinitions")),
                    List.copyOf(indexes));
        }
    }

    private Derived derived() {
        Derived d = derived;
        if (d == null) {
            d = Derived.of(arn, spec);
            derived = d; // safe to publish racily: Derived is deeply immutable (final fields only)
        }
        return d;
    }

    @JsonProperty
    public String name() {
        return name;
    }

    @JsonProperty
    public String id() {
        return id;
    }

    @JsonProperty
    public String arn() {
        return arn;
    }

    @JsonProperty
    public long createdMillis() {
        return createdMillis;
    }

    /** The definition; shared, so read it only (change a {@code deepCopy()} and put a new Table). */
    @JsonProperty
    public ObjectNode spec() {
        return spec;
    }

    @JsonProperty
    public Map<String, String> tags() {
        return tags;
    }

    /** The owning account, from the ARN. */
    public String account() {
        return derived().account();
    }

    public String region() {
        return derived().region();
    }

    public KeySchema keySchema() {
        return derived().keySchema();
    }

    /** Every secondary index, local ones first (an unmodifiable list). */
    public List<Index> indexes() {
        return derived().indexes();
    }

    public Index index(String indexName) {
        for (Index i : indexes()) {
            if (i.name().equals(indexName)) {
                return i;
            }
        }
        return null;
    }

    public boolean deletionProtected() {
        return spec.path("DeletionProtectionEnabled").asBoolean(false);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Table t && createdMillis == t.createdMillis && Objects.equals(name, t.name)
                && Objects.equals(id, t.id) && Objects.equals(arn, t.arn) && Objects.equals(spec, t.spec)
                && Objects.equals(tags, t.tags);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, id, arn, createdMillis, spec, tags);
    }

    @Override
    public String toString() {
        return "Table[name=" + name + ", id=" + id + ", arn=" + arn + ", createdMillis=" + createdMillis + ", spec="
                + spec + ", tags=" + tags + "]";
    }

    /** A secondary index: its key schema and which attributes it projects. */
    public record Index(String name, boolean global, KeySchema keys, String projectionType, List<String> nonKeyAttributes) {
        static Index of(JsonNode node, boolean global, JsonNode definitions) {
            JsonNode projection = node.path("Projection");
            List<String> nonKey = new ArrayList<>();
            projection.path("NonKeyAttributes").forEach(a -> nonKey.add(a.asText()));
            return new Index(node.get("IndexName").asText(), global, KeySchema.of(node.get("KeySchema"), definitions),
                    projection.path("ProjectionType").asText("ALL"), List.copyOf(nonKey));
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
