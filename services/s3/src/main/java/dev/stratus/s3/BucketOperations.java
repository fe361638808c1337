package dev.stratus.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.codec.Timestamps;
import dev.stratus.storage.Cursor;
import java.time.Clock;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/** Bucket operations: create, head, list, delete, location, tagging. */
final class BucketOperations {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** ListBuckets answers every bucket unless MaxBuckets asks for pages (at most 10,000 buckets per account). */
    static final int MAX_BUCKETS_PER_PAGE = 10_000;
    private final S3State state;
    private final Clock clock;

    BucketOperations(S3State state, Clock clock) {
        this.state = state;
        this.clock = clock;
    }

    JsonNode createBucket(RequestContext ctx, ObjectNode in) {
        String name = in.path("Bucket").asText();
        BucketNames.validate(name);
        String constraint = in.path("CreateBucketConfiguration").path("LocationConstraint").asText(null);
        if ("us-east-1".equals(constraint)) {
            throw new AwsException("InvalidLocationConstraint", "The specified location-constraint is not valid", 400)
                    .with("LocationConstraint", constraint);
        }
        String region = constraint == null || constraint.isEmpty() ? "us-east-1" : constraint;
        synchronized (state.buckets) {
            BucketRecord existing = state.buckets.get(name).orElse(null);
            if (existing != null) {
                if (existing.owner().equals(ctx.accountId())) {
                    throw new AwsException("BucketAlreadyOwnedByYou", "Your previous request to create the named "
                            + "bucket succeeded and you already own it.", 409).with("BucketName", name);
                }
                throw new AwsException("BucketAlreadyExists", "The requested bucket name is not available. The bucket "
                        + "namespace is shared by all users of the system. Please select a different name and try "
                        + "again.", 409).with("BucketName", name);
            }
            state.buckets.put(name, new BucketRecord(name, ctx.accountId(), region, clock.millis(), Map.of(), null));
        }
        return F.objectNode().put("Location", "/" + name).put("BucketArn", "arn:aws:s3:::" + name);
    }

    JsonNode headBucket(RequestContext ctx, ObjectNode in) {
        BucketRecord b = state.requireBucket(ctx, in.path("Bucket").asText());
        return F.objectNode().put("BucketRegion", b.region()).put("AccessPointAlias", false);
    }

    JsonNode listBuckets(RequestContext ctx, ObjectNode in) {
        String prefix = in.path("Prefix").asText("");
        String region = in.path("BucketRegion").asText(null);
        int max = in.path("MaxBuckets").asInt(MAX_BUCKETS_PER_PAGE);
        String after = in.hasNonNull("ContinuationToken") ? tokenName(in.get("ContinuationToken").asText()) : "";
        ObjectNode out = F.objectNode();
        ArrayNode list = out.putArray("Buckets");
        for (BucketRecord b : state.buckets.list("")) {
            if (b.owner().equals(ctx.accountId()) && b.name().startsWith(prefix) && b.name().compareTo(after) > 0
                    && (region == null || region.equals(b.region()))) {
                if (list.size() == max) {
                    String last = list.get(list.size() - 1).get("Name").asText();
                    out.put("ContinuationToken", Base64.getEncoder().encodeToString(last.getBytes(StandardCharsets.UTF_8)));
                    break;
                }
                list.addObject().put("Name", b.name())
                        .put("BucketRegion", b.region())
                        .put("BucketArn", "arn:aws:s3:::" + b.name())
                        .set("CreationDate", Timestamps.node(Instant.ofEpochMilli(b.createdMillis())));
            }
        }
        out.set("Owner", owner(ctx.accountId()));
        if (in.has("Prefix")) {
            out.put("Prefix", prefix);
        }
        return out;
    }

    private static String tokenName(String token) {
        try {
            return new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw S3Errors.invalidArgument("The continuation token provided is incorrect", "continuation-token", token);
        }
    }

    static ObjectNode owner(String account) {
        return F.objectNode().put("DisplayName", "webfile").put("ID", canonicalId(account));
    }

    /** A stable 64-hex canonical user id per account, as S3 shows owners. */
    static String canonicalId(String account) {
        return Checksums.md5Hex(("stratus:" + account).getBytes()) + Checksums.md5Hex(account.getBytes());
    }

    JsonNode deleteBucket(RequestContext ctx, ObjectNode in) {
        String name = in.path("Bucket").asText();
        state.requireBucket(ctx, name);
        synchronized (state.buckets) {
            try (Cursor c = state.objects.keyspace().scanPrefix((name + "/").getBytes());
                 Cursor v = state.versions.keyspace().scanPrefix((name + "/").getBytes())) {
                if (c.hasNext() || v.hasNext()) {
                    throw new AwsException("BucketNotEmpty", "The bucket you tried to delete is not empty", 409)
                            .with("BucketName", name);
                }
            }
            for (UploadRecord u : state.uploads.list(name + "/")) {
                MultipartOperations.discard(state, u);
            }
            for (String k : state.configs.keys(name + "/")) {
                state.deleteConfig(name, k.substring(name.length() + 1));
            }
            state.buckets.delete(name);
        }
        return null;
    }

    JsonNode getBucketLocation(RequestContext ctx, ObjectNode in) {
        BucketRecord b = state.requireBucket(ctx, in.path("Bucket").asText());
        ObjectNode out = F.objectNode();
        if (!"us-east-1".equals(b.region())) {
            out.put("LocationConstraint", b.region());
        }
        return out;
    }

    JsonNode putBucketTagging(RequestContext ctx, ObjectNode in) {
        BucketRecord b = state.requireBucket(ctx, in.path("Bucket").asText());
        state.buckets.put(b.name(), b.withTags(Tags.fromTagging(in.get("Tagging"), Tags.MAX_BUCKET_TAGS)));
        return null;
    }

    JsonNode getBucketTagging(RequestContext ctx, ObjectNode in) {
        BucketRecord b = state.requireBucket(ctx, in.path("Bucket").asText());
        if (b.tags() == null || b.tags().isEmpty()) {
            throw new AwsException("NoSuchTagSet", "The TagSet does not exist", 404).with("BucketName", b.name());
        }
        ObjectNode out = F.objectNode();
        out.set("TagSet", Tags.tagSet(b.tags()));
        return out;
    }

    JsonNode deleteBucketTagging(RequestContext ctx, ObjectNode in) {
        BucketRecord b = state.requireBucket(ctx, in.path("Bucket").asText());
        state.buckets.put(b.name(), b.withTags(Map.of()));
        return null;
    }

    JsonNode getBucketVersioning(RequestContext ctx, ObjectNode in) {
        BucketRecord b = state.requireBucket(ctx, in.path("Bucket").asText());
        ObjectNode out = F.objectNode();
        if (b.versioning() != null) {
            out.put("Status", b.versioning());
        }
        return out;
    }

    JsonNode putBucketVersioning(RequestContext ctx, ObjectNode in) {
        BucketRecord b = state.requireBucket(ctx, in.path("Bucket").asText());
        String status = in.path("VersioningConfiguration").path("Status").asText("");
        if (!status.equals("Enabled") && !status.equals("Suspended")) {
            throw S3Errors.malformedXml();
        }
        state.setVersioning(b, status);
        return null;
    }
}
