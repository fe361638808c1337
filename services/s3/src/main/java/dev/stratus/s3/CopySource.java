package dev.stratus.s3;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.codec.Timestamps;

/**
 * The {@code x-amz-copy-source} of CopyObject and UploadPartCopy: {@code [/]bucket/key[?versionId=v]}, the key
 * URL-encoded; plus its {@code x-amz-copy-source-if-*} conditions.
 *
 * @param versionId the source version, or null for the current object
 */
record CopySource(String bucket, String key, String versionId) {

    static CopySource parse(String header) {
        String s = header == null ? "" : header;
        String versionId = null;
        int q = s.indexOf('?');
        if (q >= 0) {
            versionId = HttpRequest.parseForm(s.substring(q + 1)).getOrDefault("versionId", java.util.List.of())
                    .stream().findFirst().orElse(null);
            s = s.substring(0, q);
        }
        s = HttpRequest.decode(s, false);
        if (s.startsWith("/")) {
            s = s.substring(1);
        }
        int slash = s.indexOf('/');
        if (slash <= 0 || slash == s.length() - 1) {
            throw S3Errors.invalidArgument("Invalid copy source object key", "x-amz-copy-source", header);
        }
        return new CopySource(s.substring(0, slash), s.substring(slash + 1), versionId);
    }

    /**
     * Copies bytes {@code from..to} (inclusive) of the resolved source into a new blob, file to file, feeding
     * {@code digests}; the source deleted meanwhile is NoSuchKey (or NoSuchVersion when a version was named).
     */
    BlobStore.Written copy(S3State state, ObjectRecord resolved, long from, long to, BodyDigests digests) {
        BlobStore.Written written = state.blobs.copy(resolved.blobId(), from, to, digests);
        if (written != null) {
            return written;
        }
        if (versionId == null) {
            throw S3Errors.noSuchKey(key);
        }
        throw new AwsException("NoSuchVersion", "The specified version does not exist.", 404)
                .with("Key", key).with("VersionId", versionId);
    }

    /** The source object, after the caller's access to its bucket and the copy conditions are checked. */
    ObjectRecord resolve(S3State state, RequestContext ctx, ObjectNode in) {
        state.requireBucket(ctx, bucket);
        ObjectRecord r = versionId == null ? state.requireObject(bucket, key) : state.findVersion(bucket, key, versionId);
        if (r == null || r.marksDeletion()) {
            throw versionId == null || r == null
                    ? new AwsException("NoSuchVersion", "The specified version does not exist.", 404)
                            .with("Key", key).with("VersionId", versionId)
                    : S3Errors.invalidRequest("The source of a copy request may not specifically refer to a delete "
                            + "marker by version id.");
        }
        long modified = r.lastModifiedMillis() / 1000;
        String ifMatch = ObjectReads.text(in, "CopySourceIfMatch");
        String ifNoneMatch = ObjectReads.text(in, "CopySourceIfNoneMatch");
        if (ifMatch != null && !ObjectReads.etagMatches(ifMatch, r.etag())) {
            throw S3Errors.preconditionFailed("x-amz-copy-source-If-Match");
        }
        if (ifMatch == null && in.hasNonNull("CopySourceIfUnmodifiedSince")
                && modified > Timestamps.instant(in.get("CopySourceIfUnmodifiedSince")).getEpochSecond()) {
            throw S3Errors.preconditionFailed("x-amz-copy-source-If-Unmodified-Since");
        }
        if (ifNoneMatch != null && ObjectReads.etagMatches(ifNoneMatch, r.etag())) {
            throw S3Errors.preconditionFailed("x-amz-copy-source-If-None-Match");
        }
        if (ifNoneMatch == null && in.hasNonNull("CopySourceIfModifiedSince")
                && modified <= Timestamps.instant(in.get("CopySourceIfModifiedSince")).getEpochSecond()) {
            throw S3Errors.preconditionFailed("x-amz-copy-source-If-Modified-Since");
        }
        return r;
    }
}
