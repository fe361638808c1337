package dev.stratus.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;

/** PutBucketLifecycleConfiguration, GetBucketLifecycleConfiguration and DeleteBucketLifecycle. */
final class LifecycleOperations {
    /** S3's default since 2024; transitions are not applied here, so it is only reported. */
    static final String DEFAULT_MINIMUM_SIZE = "all_storage_classes_128K";
    private final S3State state;

    LifecycleOperations(S3State state) {
        this.state = state;
    }

    JsonNode putBucketLifecycleConfiguration(RequestContext ctx, ObjectNode in) {
        BucketRecord b = state.requireBucket(ctx, in.path("Bucket").asText());
        JsonNode rules = in.path("LifecycleConfiguration").path("Rules");
        LifecycleRules.validate(rules);
        state.putConfig(b.name(), LifecycleRules.LIFECYCLE, rules);
        return JsonNodeFactory.instance.objectNode().put("TransitionDefaultMinimumObjectSize",
                in.path("TransitionDefaultMinimumObjectSize").asText(DEFAULT_MINIMUM_SIZE));
    }

    JsonNode getBucketLifecycleConfiguration(RequestContext ctx, ObjectNode in) {
        BucketRecord b = state.requireBucket(ctx, in.path("Bucket").asText());
        JsonNode rules = state.config(b.name(), LifecycleRules.LIFECYCLE);
        if (rules == null) {
            throw LifecycleRules.noSuchConfiguration(b.name());
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.set("Rules", rules);
        out.put("TransitionDefaultMinimumObjectSize", DEFAULT_MINIMUM_SIZE);
        return out;
    }

    JsonNode deleteBucketLifecycle(RequestContext ctx, ObjectNode in) {
        BucketRecord b = state.requireBucket(ctx, in.path("Bucket").asText());
        state.deleteConfig(b.name(), LifecycleRules.LIFECYCLE);
        return null;
    }
}
