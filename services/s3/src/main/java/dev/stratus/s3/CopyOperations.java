package dev.stratus.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.codec.Timestamps;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** CopyObject: a server-side copy, file to file, with the source's or new metadata and tags. */
final class CopyOperations {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final S3State state;
    private final ObjectOperations objects;

    CopyOperations(S3State state, ObjectOperations objects) {
        this.state = state;
        this.objects = objects;
    }

    JsonNode copyObject(RequestContext ctx, ObjectNode in) {
        String bucket = in.path("Bucket").asText();
        String key = in.path("Key").asText();
        state.requireBucket(ctx, bucket);
        ObjectOperations.checkKey(key);
        CopySource source = CopySource.parse(ObjectReads.text(in, "CopySource"));
        ObjectRecord src = source.resolve(state, ctx, in);
        boolean replaceMetadata = "REPLACE".equals(ObjectReads.text(in, "MetadataDirective"));
        boolean replaceTags = "REPLACE".equals(ObjectReads.text(in, "TaggingDirective"));
        String storageClass = ObjectReads.text(in, "StorageClass");
        boolean sameObject = source.bucket().equals(bucket) && source.key().equals(key) && source.versionId() == null;
        if (sameObject && !replaceMetadata && storageClass == null
                && !in.hasNonNull("WebsiteRedirectLocation") && !in.hasNonNull("ServerSideEncryption")) {
            throw S3Errors.invalidRequest("This copy request is illegal because it is trying to copy an object to "
                    + "itself without changing the object's metadata, storage class, website redirect location or "
                    + "encryption attributes.");
        }
        objects.checkWriteConditions(bucket, key, in);
        Map<String, String> checksums = new LinkedHashMap<>();
        String algorithm = ObjectReads.text(in, "ChecksumAlgorithm");
        boolean newChecksum = algorithm != null && Checksums.ALGORITHMS.containsValue(algorithm);
        BodyDigests digests = new BodyDigests(newChecksum ? List.of(algorithm) : List.of());
        BlobStore.Written blob = source.copy(state, src, 0, src.size() - 1, digests);
        if (newChecksum) {
            checksums.put("Checksum" + algorithm, digests.checksum(algorithm));
        } else if (src.checksums() != null) {
            checksums.putAll(src.checksums());
        }
        String etag = "\"" + BodyDigests.hex(digests.md5()) + "\"";
        long now = objects.now();
        ObjectRecord copy = new ObjectRecord(bucket, key, blob.id(), blob.size(), etag, now,
                replaceMetadata ? ObjectOperations.headers(in) : src.headers(),
                replaceMetadata ? ObjectOperations.expires(in) : src.expires(),
                replaceMetadata ? ObjectOperations.metadata(in) : src.metadata(),
                replaceTags ? Tags.fromHeader(in.get("Tagging")) : src.tags(),
                checksums, storageClass != null ? storageClass : src.storageClass(), null, null);
        ObjectRecord stored = state.putObject(copy);
        objects.notifier().objectChanged(ctx, "ObjectCreated:Copy", stored);
        ObjectNode result = F.objectNode().put("ETag", etag);
        result.set("LastModified", Timestamps.node(Instant.ofEpochMilli(now)));
        checksums.forEach(result::put);
        ObjectNode out = F.objectNode();
        out.set("CopyObjectResult", result);
        ObjectOperations.putVersionId(out, stored);
        if (source.versionId() != null) {
            out.put("CopySourceVersionId", source.versionId());
        }
        return out;
    }
}
