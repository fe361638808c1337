package dev.stratus.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.stratus.platform.state.DocumentStore;
import dev.stratus.storage.Cursor;
import dev.stratus.storage.Storage;
import java.util.Optional;

/**
 * A bucket's stored sub-resources (policy, encryption, ownership controls, public access block, website, logging,
 * ...), one document per bucket and setting, keyed {@code bucket/Setting}. A setting deleted by the user is kept as
 * an explicit marker where S3 distinguishes "deleted" from "never set" (a new bucket has default ownership controls
 * and public access block; after a Delete they are gone).
 */
final class BucketSettings {
    private static final JsonNode DELETED = JsonNodeFactory.instance.objectNode().put("__deleted", true);
    private final DocumentStore<JsonNode> store;

    BucketSettings(Storage storage) {
        this.store = new DocumentStore<>(storage, "s3.bucket-settings", JsonNode.class);
    }

    /** The stored value; empty when never set. A deleted setting is {@link #isDeleted}. */
    Optional<JsonNode> get(String bucket, String setting) {
        return store.get(bucket + "/" + setting);
    }

    static boolean isDeleted(JsonNode value) {
        return value.path("__deleted").asBoolean(false);
    }

    void put(String bucket, String setting, JsonNode value) {
        store.put(bucket + "/" + setting, value);
    }

    /** Forgets the setting: a later Get sees "never set". */
    void remove(String bucket, String setting) {
        store.delete(bucket + "/" + setting);
    }

    /** Records that the user deleted the setting, so its default no longer applies. */
    void markDeleted(String bucket, String setting) {
        store.put(bucket + "/" + setting, DELETED);
    }

    /** Drops every setting of a deleted bucket, so a new bucket of the same name starts clean. */
    void dropBucket(String bucket) {
        var batch = store.storage().batch();
        try (Cursor c = store.keyspace().scanPrefix((bucket + "/").getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            while (c.hasNext()) {
                batch.delete(store.keyspace(), c.next().key());
            }
        }
        batch.commit();
    }
}
