package dev.stratus.dynamodb.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.state.DocumentStore;
import java.io.IOException;

/**
 * Where a table's resource-based policies live in its definition: the table's own as {@code ResourcePolicy} (the
 * text CreateTable or PutResourcePolicy sent) with its revision, and each stream's under its label.
 */
public final class ResourcePolicies {
    static final String TABLE_POLICY = "ResourcePolicy";
    static final String TABLE_REVISION = "StratusPolicyRevisionId";
    static final String STREAM_POLICIES = "StratusStreamPolicies";

    private ResourcePolicies() {
    }

    /** A policy document as sent, with its revision id. */
    public record Stored(String policy, String revisionId) {
    }

    /** The policy of the table ({@code streamLabel} null) or of one of its streams, or null. */
    public static Stored of(Table table, String streamLabel) {
        JsonNode spec = table.spec();
        if (streamLabel == null) {
            return spec.hasNonNull(TABLE_POLICY)
                    ? new Stored(spec.get(TABLE_POLICY).asText(), spec.path(TABLE_REVISION).asText("1")) : null;
        }
        JsonNode stream = spec.path(STREAM_POLICIES).path(streamLabel);
        return stream.isObject() ? new Stored(stream.get("Policy").asText(), stream.get("RevisionId").asText()) : null;
    }

    /** The parsed document of the table's or stream's policy, or null when there is none (or it is not JSON). */
    public static JsonNode document(Table table, String streamLabel) {
        Stored stored = of(table, streamLabel);
        if (stored == null) {
            return null;
        }
        try {
            return DocumentStore.MAPPER.readTree(stored.policy());
        } catch (IOException e) {
            return null;
        }
    }

    /** Sets ({@code policy} non-null) or removes the policy in {@code spec}. */
    static void set(ObjectNode spec, String streamLabel, String policy, String revisionId) {
        if (streamLabel == null) {
            if (policy == null) {
                spec.remove(TABLE_POLICY);
                spec.remove(TABLE_REVISION);
            } else {
                spec.put(TABLE_POLICY, policy);
                spec.put(TABLE_REVISION, revisionId);
            }
            return;
        }
        ObjectNode streams = spec.has(STREAM_POLICIES) ? (ObjectNode) spec.get(STREAM_POLICIES)
                : spec.putObject(STREAM_POLICIES);
        if (policy == null) {
            streams.remove(streamLabel);
        } else {
            streams.putObject(streamLabel).put("Policy", policy).put("RevisionId", revisionId);
        }
    }

    /** A copy of {@code spec} without policies (a restored table does not inherit its source's). */
    static ObjectNode without(ObjectNode spec) {
        ObjectNode copy = spec.deepCopy();
        copy.remove(TABLE_POLICY);
        copy.remove(TABLE_REVISION);
        copy.remove(STREAM_POLICIES);
        return copy;
    }
}
