package dev.stratus.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.StreamingBody;
import dev.stratus.protocol.codec.Timestamps;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Single-object operations: put, get, head, delete (one and many), attributes and tagging. */
final class ObjectOperations {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final int MAX_KEY_BYTES = 1024;
    static final int MAX_DELETE_KEYS = 1000;
    private final S3State state;
    private final Clock clock;
    private final EventNotifier notifier;

    ObjectOperations(S3State state, Clock clock, EventNotifier notifier) {
        this.state = state;
        this.clock = clock;
        this.notifier = notifier;
    }

    EventNotifier notifier() {
        return notifier;
    }

    static void checkKey(String key) {
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new AwsException("KeyTooLongError", "Your key is too long", 400)
                    .with("MaxSizeAllowed", MAX_KEY_BYTES).with("Size", key.getBytes(StandardCharsets.UTF_8).length);
        }
    }

    /** Seconds-resolution "now", as S3 reports Last-Modified. */
    long now() {
        return clock.instant().getEpochSecond() * 1000;
    }

    static ObjectRecord.Headers headers(ObjectNode in) {
        return new ObjectRecord.Headers(ObjectReads.text(in, "ContentType"), ObjectReads.text(in, "ContentEncoding"),
                ObjectReads.text(in, "ContentDisposition"), ObjectReads.text(in, "ContentLanguage"),
                ObjectReads.text(in, "CacheControl"), ObjectReads.text(in, "WebsiteRedirectLocation"));
    }

    static Map<String, String> metadata(ObjectNode in) {
        Map<String, String> out = new LinkedHashMap<>();
        in.path("Metadata").properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    static String expires(ObjectNode in) {
        return ObjectReads.text(in, "Expires");
    }

    JsonNode putObject(RequestContext ctx, ObjectNode in) {
        String bucket = in.path("Bucket").asText();
        String key = in.path("Key").asText();
        state.requireBucket(ctx, bucket);
        checkKey(key);
        IncomingBody.checkDeclaredSize(in, IncomingBody.MAX_SINGLE_UPLOAD_BYTES);
        Map<String, String> tags = Tags.fromHeader(in.get("Tagging"));
        checkWriteConditions(bucket, key, in);
        IncomingBody.Stored body = IncomingBody.store(state.blobs, in, IncomingBody.MAX_SINGLE_UPLOAD_BYTES);
        Map<String, String> checksums = body.checksums();
        String etag = body.etag();
        ObjectRecord stored = state.putObject(new ObjectRecord(bucket, key, body.blobId(), body.size(), etag, now(),
                headers(in), expires(in), metadata(in), tags, checksums, ObjectReads.text(in, "StorageClass"), null,
                null));
        notifier.objectChanged(ctx, "ObjectCreated:Put", stored);
        ObjectNode out = F.objectNode().put("ETag", etag);
        putVersionId(out, stored);
        putExpiration(out, stored);
        if (!checksums.isEmpty()) {
            checksums.forEach(out::put);
            out.put("ChecksumType", "FULL_OBJECT");
        }
        return out;
    }

    static void putVersionId(ObjectNode out, ObjectRecord r) {
        if (r.version() != null) {
            out.put("VersionId", r.versionId());
        }
    }

    /**
     * The x-amz-expiration header, for a current object a lifecycle rule of its bucket will expire (noncurrent
     * versions read by id get none: their expiry depends on when they stopped being current).
     */
    void putExpiration(ObjectNode out, ObjectRecord r) {
        String header = LifecycleRules.expirationHeader(state.config(r.bucket(), LifecycleRules.LIFECYCLE), r);
        if (header != null) {
            out.put("Expiration", header);
        }
    }

    /** The version a request names with versionId, or the current object. */
    private ObjectRecord target(String bucket, String key, ObjectNode in) {
        String versionId = ObjectReads.text(in, "VersionId");
        if (versionId == null) {
            return state.requireObject(bucket, key);
        }
        ObjectRecord r = state.findVersion(bucket, key, versionId);
        if (r == null) {
            throw new AwsException("NoSuchVersion", "The specified version does not exist.", 404)
                    .with("Key", key).with("VersionId", versionId);
        }
        if (r.marksDeletion()) {
            throw new AwsException("MethodNotAllowed", "The specified method is not allowed against this resource.",
                    405).with("Method", "GET").with("ResourceType", "DeleteMarker");
        }
        return r;
    }

    /** S3's conditional writes: If-None-Match: * refuses to overwrite, If-Match requires the current ETag. */
    void checkWriteConditions(String bucket, String key, ObjectNode in) {
        String ifNoneMatch = ObjectReads.text(in, "IfNoneMatch");
        String ifMatch = ObjectReads.text(in, "IfMatch");
        if (ifNoneMatch == null && ifMatch == null) {
            return;
        }
        Optional<ObjectRecord> current = state.object(bucket, key);
        if (ifNoneMatch != null && current.isPresent()) {
            throw S3Errors.preconditionFailed("If-None-Match");
        }
        if (ifMatch != null) {
            ObjectRecord r = current.orElseThrow(() -> S3Errors.noSuchKey(key));
            if (!ObjectReads.etagMatches(ifMatch, r.etag())) {
                throw S3Errors.preconditionFailed("If-Match");
            }
        }
    }

    JsonNode getObject(RequestContext ctx, ObjectNode in) {
        return read(ctx, in, true);
    }

    JsonNode headObject(RequestContext ctx, ObjectNode in) {
        return read(ctx, in, false);
    }

    private JsonNode read(RequestContext ctx, ObjectNode in, boolean withBody) {
        // An overwrite may delete the body between reading the record and the file: read again (bounded).
        for (int attempt = 1; ; attempt++) {
            try {
                return readOnce(ctx, in, withBody);
            } catch (BodyGone e) {
                if (attempt == 3) {
                    throw S3Errors.noSuchKey(in.path("Key").asText());
                }
            }
        }
    }

    /** The body file of the record just read is gone. */
    private static final class BodyGone extends RuntimeException {
        BodyGone() {
            super(null, null, false, false);
        }
    }

    private JsonNode readOnce(RequestContext ctx, ObjectNode in, boolean withBody) {
        String bucket = in.path("Bucket").asText();
        String key = in.path("Key").asText();
        state.requireBucket(ctx, bucket);
        ObjectRecord r = target(bucket, key, in);
        ObjectReads.checkConditions(r, in);
        ObjectReads.Slice slice;
        ObjectNode out = ObjectReads.describe(r, in);
        if (in.hasNonNull("PartNumber") && r.size() > 0) {
            slice = ObjectReads.part(r, in.get("PartNumber").asInt());
            out.put("PartsCount", r.partSizes() == null ? 1 : r.partSizes().size());
        } else {
            slice = ObjectReads.range(ObjectReads.text(in, "Range"), r.size());
        }
        ObjectReads.addChecksums(out, r, in, slice == null);
        StreamingBody body = null;
        if (withBody) {
            long from = slice == null ? 0 : slice.from();
            long length = slice == null ? r.size() : slice.length();
            // Opened now, while the record is current: the open file survives a concurrent overwrite's delete.
            InputStream stream = state.blobs.open(r.blobId(), from, length);
            if (stream == null) {
                throw new BodyGone();
            }
            body = new StreamingBody(length, stream);
        }
        putVersionId(out, r);
        if (ObjectReads.text(in, "VersionId") == null) {
            putExpiration(out, r);
        }
        if (slice != null) {
            out.put("HttpStatusCode", 206);
            out.put("ContentLength", slice.length());
            out.put("ContentRange", "bytes " + slice.from() + "-" + slice.to() + "/" + r.size());
        }
        if (withBody) {
            out.set("Body", body.node());
        }
        return out;
    }

    JsonNode deleteObject(RequestContext ctx, ObjectNode in) {
        String bucket = in.path("Bucket").asText();
        state.requireBucket(ctx, bucket);
        String key = in.path("Key").asText();
        String versionId = ObjectReads.text(in, "VersionId");
        S3State.DeleteResult d = state.deleteObject(bucket, key, versionId, now());
        notifyRemoved(ctx, bucket, key, versionId, d);
        ObjectNode out = F.objectNode();
        if (d.deleteMarker()) {
            out.put("DeleteMarker", true);
        }
        if (d.versionId() != null) {
            out.put("VersionId", d.versionId());
        }
        return out;
    }

    /** A delete without a version id in a versioned bucket creates a marker; anything else removes. */
    private void notifyRemoved(RequestContext ctx, String bucket, String key, String versionId,
                               S3State.DeleteResult d) {
        if (versionId == null && d.deleteMarker()) {
            notifier.objectRemoved(ctx, "ObjectRemoved:DeleteMarkerCreated", bucket, key, d.versionId());
        } else {
            notifier.objectRemoved(ctx, "ObjectRemoved:Delete", bucket, key, d.versionId());
        }
    }

    JsonNode deleteObjects(RequestContext ctx, ObjectNode in) {
        String bucket = in.path("Bucket").asText();
        state.requireBucket(ctx, bucket);
        JsonNode objects = in.path("Delete").path("Objects");
        if (!objects.isArray() || objects.isEmpty() || objects.size() > MAX_DELETE_KEYS) {
            throw S3Errors.malformedXml();
        }
        boolean quiet = in.path("Delete").path("Quiet").asBoolean(false);
        ObjectNode out = F.objectNode();
        ArrayNode deleted = out.putArray("Deleted");
        ArrayNode errors = out.putArray("Errors");
        for (JsonNode o : objects) {
            String key = o.path("Key").asText("");
            try {
                if (key.isEmpty()) {
                    throw new AwsException("InvalidArgument", "Invalid key", 400);
                }
                checkKey(key);
                String versionId = o.hasNonNull("VersionId") ? o.get("VersionId").asText() : null;
                S3State.DeleteResult d = state.deleteObject(bucket, key, versionId, now());
                notifyRemoved(ctx, bucket, key, versionId, d);
                if (!quiet) {
                    ObjectNode item = deleted.addObject().put("Key", key);
                    if (versionId != null) {
                        item.put("VersionId", versionId);
                    }
                    if (d.deleteMarker()) {
                        item.put("DeleteMarker", true);
                        if (versionId == null) {
                            item.put("DeleteMarkerVersionId", d.versionId());
                        }
                    }
                }
            } catch (AwsException e) {
                errors.addObject().put("Key", key).put("Code", e.code()).put("Message", e.getMessage());
            }
        }
        return out;
    }

    JsonNode getObjectAttributes(RequestContext ctx, ObjectNode in) {
        String bucket = in.path("Bucket").asText();
        String key = in.path("Key").asText();
        state.requireBucket(ctx, bucket);
        ObjectRecord r = state.requireObject(bucket, key);
        ObjectNode out = F.objectNode();
        out.set("LastModified", Timestamps.node(Instant.ofEpochMilli(r.lastModifiedMillis())));
        for (JsonNode a : in.path("ObjectAttributes")) {
            switch (a.asText()) {
                case "ETag" -> out.put("ETag", ObjectReads.unquote(r.etag()));
                case "ObjectSize" -> out.put("ObjectSize", r.size());
                case "StorageClass" -> out.put("StorageClass", r.storageClass() == null ? "STANDARD" : r.storageClass());
                case "Checksum" -> {
                    if (r.checksums() != null && !r.checksums().isEmpty()) {
                        ObjectNode c = out.putObject("Checksum");
                        r.checksums().forEach(c::put);
                        c.put("ChecksumType", "FULL_OBJECT");
                    }
                }
                case "ObjectParts" -> {
                    if (r.partSizes() != null) {
                        out.putObject("ObjectParts").put("TotalPartsCount", r.partSizes().size());
                    }
                }
                default -> throw S3Errors.invalidArgument("Invalid attribute name specified.",
                        "x-amz-object-attributes", a.asText());
            }
        }
        return out;
    }

    JsonNode putObjectTagging(RequestContext ctx, ObjectNode in) {
        String bucket = in.path("Bucket").asText();
        String key = in.path("Key").asText();
        state.requireBucket(ctx, bucket);
        Map<String, String> tags = Tags.fromTagging(in.get("Tagging"), Tags.MAX_OBJECT_TAGS);
        ObjectRecord tagged;
        synchronized (state.lockFor(bucket, key)) {
            tagged = state.requireObject(bucket, key).withTags(tags);
            state.updateCurrent(tagged);
        }
        notifier.objectChanged(ctx, "ObjectTagging:Put", tagged);
        return null;
    }

    JsonNode getObjectTagging(RequestContext ctx, ObjectNode in) {
        String bucket = in.path("Bucket").asText();
        state.requireBucket(ctx, bucket);
        ObjectRecord r = state.requireObject(bucket, in.path("Key").asText());
        ObjectNode out = F.objectNode();
        out.set("TagSet", Tags.tagSet(r.tags()));
        return out;
    }

    JsonNode deleteObjectTagging(RequestContext ctx, ObjectNode in) {
        String bucket = in.path("Bucket").asText();
        String key = in.path("Key").asText();
        state.requireBucket(ctx, bucket);
        ObjectRecord untagged;
        synchronized (state.lockFor(bucket, key)) {
            untagged = state.requireObject(bucket, key).withTags(Map.of());
            state.updateCurrent(untagged);
        }
        notifier.objectChanged(ctx, "ObjectTagging:Delete", untagged);
        return null;
    }
}
