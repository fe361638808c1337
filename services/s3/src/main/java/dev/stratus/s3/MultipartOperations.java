package dev.stratus.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.AwsIds;
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.codec.Timestamps;
import dev.stratus.storage.Batch;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Multipart uploads: create, upload (and copy) parts, complete, abort, list uploads and parts. */
final class MultipartOperations {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final int MAX_PART_NUMBER = 10_000;
    static final long MIN_PART_BYTES = 5L * 1024 * 1024;
    static final int DEFAULT_MAX_PARTS = 1000;
    private final S3State state;
    private final ObjectOperations objects;

    MultipartOperations(S3State state, ObjectOperations objects) {
        this.state = state;
        this.objects = objects;
    }

    private static final String UPLOAD_ID_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    JsonNode createMultipartUpload(RequestContext ctx, ObjectNode in) {
        String bucket = in.path("Bucket").asText();
        String key = in.path("Key").asText();
        state.requireBucket(ctx, bucket);
        ObjectOperations.checkKey(key);
        // Letters and digits only: an id starting with '-' is read as an option by command-line clients.
        String uploadId = AwsIds.random(UPLOAD_ID_CHARS, 64);
        String algorithm = ObjectReads.text(in, "ChecksumAlgorithm");
        state.uploads.put(bucket + "/" + uploadId, new UploadRecord(bucket, key, uploadId, objects.now(),
                ObjectOperations.headers(in), ObjectOperations.expires(in), ObjectOperations.metadata(in),
                Tags.fromHeader(in.get("Tagging")), ObjectReads.text(in, "StorageClass"), algorithm));
        ObjectNode out = F.objectNode().put("Bucket", bucket).put("Key", key).put("UploadId", uploadId);
        if (algorithm != null) {
            out.put("ChecksumAlgorithm", algorithm).put("ChecksumType", "COMPOSITE");
        }
        return out;
    }

    private static int partNumber(ObjectNode in) {
        int n = in.path("PartNumber").asInt(0);
        if (n < 1 || n > MAX_PART_NUMBER) {
            throw S3Errors.invalidArgument("Part number must be an integer between 1 and 10000, inclusive",
                    "partNumber", in.path("PartNumber").asText());
        }
        return n;
    }

    JsonNode uploadPart(RequestContext ctx, ObjectNode in) {
        String bucket = in.path("Bucket").asText();
        state.requireBucket(ctx, bucket);
        int n = partNumber(in);
        IncomingBody.checkDeclaredSize(in, IncomingBody.MAX_SINGLE_UPLOAD_BYTES);
        UploadRecord upload = state.requireUpload(bucket, in.path("Key").asText(), in.path("UploadId").asText());
        IncomingBody.Stored body = IncomingBody.store(state.blobs, in, IncomingBody.MAX_SINGLE_UPLOAD_BYTES);
        storePart(upload, new PartRecord(upload.uploadId(), n, body.blobId(), body.size(), body.etag(),
                objects.now(), body.checksums()));
        ObjectNode out = F.objectNode().put("ETag", body.etag());
        body.checksums().forEach(out::put);
        return out;
    }

    private void storePart(UploadRecord upload, PartRecord part) {
        String k = S3State.partKey(upload.uploadId(), part.partNumber());
        synchronized (state.lockFor(upload.bucket(), upload.uploadId())) {
            PartRecord old = state.parts.get(k).orElse(null);
            state.parts.put(k, part);
            if (old != null) {
                state.blobs.delete(old.blobId());
            }
        }
    }

    JsonNode uploadPartCopy(RequestContext ctx, ObjectNode in) {
        String bucket = in.path("Bucket").asText();
        state.requireBucket(ctx, bucket);
        int n = partNumber(in);
        UploadRecord upload = state.requireUpload(bucket, in.path("Key").asText(), in.path("UploadId").asText());
        CopySource source = CopySource.parse(ObjectReads.text(in, "CopySource"));
        ObjectRecord src = source.resolve(state, ctx, in);
        long from = 0;
        long to = src.size() - 1;
        String range = ObjectReads.text(in, "CopySourceRange");
        if (range != null) {
            ObjectReads.Slice slice = ObjectReads.range(range, src.size());
            if (slice == null || !range.matches("bytes=\\d+-\\d+") || Long.parseLong(range.replaceAll(".*-", "")) >= src.size()) {
                throw S3Errors.invalidArgument("The x-amz-copy-source-range value must be of the form bytes=first-last "
                        + "where first and last are the zero-based offsets of the first and last bytes to copy",
                        "x-amz-copy-source-range", range);
            }
            from = slice.from();
            to = slice.to();
        }
        BodyDigests digests = new BodyDigests(List.of());
        BlobStore.Written blob = source.copy(state, src, from, to, digests);
        String etag = "\"" + BodyDigests.hex(digests.md5()) + "\"";
        long now = objects.now();
        storePart(upload, new PartRecord(upload.uploadId(), n, blob.id(), blob.size(), etag, now, Map.of()));
        ObjectNode result = F.objectNode().put("ETag", etag);
        result.set("LastModified", Timestamps.node(Instant.ofEpochMilli(now)));
        ObjectNode out = F.objectNode();
        out.set("CopyPartResult", result);
        return out;
    }

    JsonNode completeMultipartUpload(RequestContext ctx, ObjectNode in) {
        String bucket = in.path("Bucket").asText();
        String key = in.path("Key").asText();
        state.requireBucket(ctx, bucket);
        UploadRecord upload = state.requireUpload(bucket, key, in.path("UploadId").asText());
        JsonNode requested = in.path("MultipartUpload").path("Parts");
        if (!requested.isArray() || requested.isEmpty()) {
            throw S3Errors.malformedXml();
        }
        List<PartRecord> chosen = new ArrayList<>();
        int previous = 0;
        for (JsonNode p : requested) {
            int n = p.path("PartNumber").asInt(0);
            if (n <= previous) {
                throw new AwsException("InvalidPartOrder", "The list of parts was not in ascending order. Parts must "
                        + "be ordered by part number.", 400).with("UploadId", upload.uploadId());
            }
            previous = n;
            PartRecord part = state.parts.get(S3State.partKey(upload.uploadId(), n)).orElse(null);
            String etag = p.path("ETag").asText("");
            if (part == null || !ObjectReads.unquote(etag).equals(ObjectReads.unquote(part.etag()))) {
                throw new AwsException("InvalidPart", "One or more of the specified parts could not be found.  The "
                        + "part may not have been uploaded, or the specified entity tag may not match the part's "
                        + "entity tag.", 400).with("UploadId", upload.uploadId()).with("PartNumber", n)
                        .with("ETag", etag);
            }
            chosen.add(part);
        }
        for (int i = 0; i < chosen.size() - 1; i++) {
            PartRecord part = chosen.get(i);
            if (part.size() < MIN_PART_BYTES) {
                throw new AwsException("EntityTooSmall", "Your proposed upload is smaller than the minimum allowed "
                        + "size", 400).with("ProposedSize", part.size()).with("MinSizeAllowed", MIN_PART_BYTES)
                        .with("PartNumber", part.partNumber()).with("ETag", ObjectReads.unquote(part.etag()));
            }
        }
        ByteArrayOutputStream md5s = new ByteArrayOutputStream();
        long size = 0;
        List<Long> sizes = new ArrayList<>();
        for (PartRecord p : chosen) {
            md5s.writeBytes(HexFormat.of().parseHex(ObjectReads.unquote(p.etag())));
            size += p.size();
            sizes.add(p.size());
        }
        String etag = "\"" + Checksums.md5Hex(md5s.toByteArray()) + "-" + chosen.size() + "\"";
        String blob = state.blobs.concat(chosen.stream().map(PartRecord::blobId).toList());
        ObjectRecord stored = state.putObject(new ObjectRecord(bucket, key, blob, size, etag, objects.now(), upload.headers(),
                upload.expires(), upload.metadata(), upload.tags(), Map.of(), upload.storageClass(), sizes, null));
        discard(state, upload);
        objects.notifier().objectChanged(ctx, "ObjectCreated:CompleteMultipartUpload", stored);
        ObjectNode out = F.objectNode().put("Location", "/" + bucket + "/" + key).put("Bucket", bucket)
                .put("Key", key).put("ETag", etag);
        ObjectOperations.putVersionId(out, stored);
        return out;
    }

    JsonNode abortMultipartUpload(RequestContext ctx, ObjectNode in) {
        String bucket = in.path("Bucket").asText();
        state.requireBucket(ctx, bucket);
        discard(state, state.requireUpload(bucket, in.path("Key").asText(), in.path("UploadId").asText()));
        return null;
    }

    /** Forgets an upload and deletes its parts' bodies. */
    static void discard(S3State state, UploadRecord upload) {
        List<PartRecord> parts = state.parts.list(upload.uploadId() + "/");
        Batch batch = state.storage.batch();
        for (PartRecord p : parts) {
            batch.delete(state.parts.keyspace(), S3State.partKey(p.uploadId(), p.partNumber()).getBytes());
        }
        batch.delete(state.uploads.keyspace(), (upload.bucket() + "/" + upload.uploadId()).getBytes());
        batch.commit();
        parts.forEach(p -> state.blobs.delete(p.blobId()));
    }

    JsonNode listMultipartUploads(RequestContext ctx, ObjectNode in) {
        String bucket = in.path("Bucket").asText();
        state.requireBucket(ctx, bucket);
        String prefix = in.path("Prefix").asText("");
        String keyMarker = in.path("KeyMarker").asText("");
        String uploadIdMarker = ObjectReads.text(in, "UploadIdMarker");
        int max = Math.min(in.path("MaxUploads").asInt(1000), 1000);
        List<UploadRecord> all = new ArrayList<>(state.uploads.list(bucket + "/", u -> u.key().startsWith(prefix)));
        all.sort(Comparator.comparing(UploadRecord::key).thenComparingLong(UploadRecord::initiatedMillis)
                .thenComparing(UploadRecord::uploadId));
        int start = 0;
        if (!keyMarker.isEmpty()) {
            // After every upload of the marker key, or only after the marker upload when one is named.
            while (start < all.size() && all.get(start).key().compareTo(keyMarker) < 0) {
                start++;
            }
            int markerIndex = -1;
            for (int i = start; i < all.size() && all.get(i).key().equals(keyMarker); i++) {
                if (all.get(i).uploadId().equals(uploadIdMarker)) {
                    markerIndex = i;
                }
            }
            if (markerIndex >= 0) {
                start = markerIndex + 1;
            } else {
                while (start < all.size() && all.get(start).key().equals(keyMarker)) {
                    start++;
                }
            }
        }
        List<UploadRecord> page = all.subList(start, Math.min(all.size(), start + max));
        boolean truncated = start + max < all.size();
        ObjectNode out = F.objectNode().put("Bucket", bucket).put("MaxUploads", max).put("IsTruncated", truncated)
                .put("KeyMarker", keyMarker);
        if (uploadIdMarker != null) {
            out.put("UploadIdMarker", uploadIdMarker);
        }
        if (in.has("Prefix")) {
            out.put("Prefix", prefix);
        }
        if (truncated && !page.isEmpty()) {
            out.put("NextKeyMarker", page.get(page.size() - 1).key())
                    .put("NextUploadIdMarker", page.get(page.size() - 1).uploadId());
        }
        ArrayNode list = out.putArray("Uploads");
        for (UploadRecord u : page) {
            ObjectNode item = list.addObject().put("UploadId", u.uploadId()).put("Key", u.key())
                    .put("StorageClass", u.storageClass() == null ? "STANDARD" : u.storageClass());
            item.set("Initiated", Timestamps.node(Instant.ofEpochMilli(u.initiatedMillis())));
            item.set("Owner", BucketOperations.owner(ctx.accountId()));
            item.set("Initiator", BucketOperations.owner(ctx.accountId()));
        }
        return out;
    }

    JsonNode listParts(RequestContext ctx, ObjectNode in) {
        String bucket = in.path("Bucket").asText();
        state.requireBucket(ctx, bucket);
        UploadRecord upload = state.requireUpload(bucket, in.path("Key").asText(), in.path("UploadId").asText());
        int max = in.path("MaxParts").asInt(DEFAULT_MAX_PARTS);
        int marker = in.path("PartNumberMarker").asInt(0);
        List<PartRecord> parts = state.parts.list(upload.uploadId() + "/", p -> p.partNumber() > marker);
        boolean truncated = parts.size() > max;
        List<PartRecord> page = parts.subList(0, Math.min(max, parts.size()));
        ObjectNode out = F.objectNode().put("Bucket", bucket).put("Key", upload.key())
                .put("UploadId", upload.uploadId()).put("MaxParts", max).put("IsTruncated", truncated)
                .put("PartNumberMarker", marker)
                .put("StorageClass", upload.storageClass() == null ? "STANDARD" : upload.storageClass());
        if (!page.isEmpty()) {
            out.put("NextPartNumberMarker", page.get(page.size() - 1).partNumber());
        }
        if (upload.checksumAlgorithm() != null) {
            out.put("ChecksumAlgorithm", upload.checksumAlgorithm());
        }
        out.set("Owner", BucketOperations.owner(ctx.accountId()));
        out.set("Initiator", BucketOperations.owner(ctx.accountId()));
        ArrayNode list = out.putArray("Parts");
        for (PartRecord p : page) {
            ObjectNode item = list.addObject().put("PartNumber", p.partNumber()).put("ETag", p.etag())
                    .put("Size", p.size());
            item.set("LastModified", Timestamps.node(Instant.ofEpochMilli(p.lastModifiedMillis())));
            if (p.checksums() != null) {
                p.checksums().forEach(item::put);
            }
        }
        return out;
    }
}
