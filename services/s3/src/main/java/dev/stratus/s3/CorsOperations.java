package dev.stratus.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.AwsException;

/** PutBucketCors, GetBucketCors and DeleteBucketCors; {@link BrowserCors} applies the rules to requests. */
final class CorsOperations {
    private final S3State state;

    CorsOperations(S3State state) {
        this.state = state;
    }

    JsonNode putBucketCors(RequestContext ctx, ObjectNode in) {
        BucketRecord b = state.requireBucket(ctx, in.path("Bucket").asText());
        JsonNode rules = in.path("CORSConfiguration").path("CORSRules");
        CorsRules.validate(rules);
        state.putConfig(b.name(), CorsRules.CORS, rules);
        return null;
    }

    JsonNode getBucketCors(RequestContext ctx, ObjectNode in) {
        BucketRecord b = state.requireBucket(ctx, in.path("Bucket").asText());
        JsonNode rules = state.config(b.name(), CorsRules.CORS);
        if (rules == null) {
            throw new AwsException("NoSuchCORSConfiguration", "The CORS configuration does not exist", 404)
                    .with("BucketName", b.name());
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.set("CORSRules", rules);
        return out;
    }

    JsonNode deleteBucketCors(RequestContext ctx, ObjectNode in) {
        BucketRecord b = state.requireBucket(ctx, in.path("Bucket").asText());
        state.deleteConfig(b.name(), CorsRules.CORS);
        return null;
    }
}
