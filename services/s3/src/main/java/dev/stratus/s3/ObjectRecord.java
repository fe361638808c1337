package dev.stratus.s3;

import java.util.List;
import java.util.Map;

/**
 * One object's metadata; its bytes live in the {@link BlobStore} file {@code blobId}.
 *
 * @param etag quoted, as S3 sends it
 * @param lastModifiedMillis whole seconds (S3's resolution), in epoch milliseconds
 * @param expires the Expires header as sent (the model makes it a string), or null
 * @param checksums checksum member name ({@code ChecksumCRC32}) to its base64 value
 * @param partSizes the sizes of a multipart object's parts in order, or null for a single-part object
 * @param version where this record sits among the key's versions, or null in a bucket never versioned
 */
record ObjectRecord(String bucket, String key, String blobId, long size, String etag, long lastModifiedMillis,
                    Headers headers, String expires, Map<String, String> metadata, Map<String, String> tags,
                    Map<String, String> checksums, String storageClass, List<Long> partSizes,
                    Version version) {

    /** The standard headers S3 stores with an object and returns on GET and HEAD. */
    record Headers(String contentType, String contentEncoding, String contentDisposition, String contentLanguage,
                   String cacheControl, String websiteRedirectLocation) {
    }

    /**
     * A version of a key in a versioned bucket.
     *
     * @param id the version id clients see ({@code null} is the string "null" for the null version)
     * @param order sorts a key's versions newest first (fixed-width hex of an inverted sequence number)
     * @param deleteMarker a delete marker: no body, the key reads as deleted while it is the latest
     */
    record Version(String id, String order, boolean deleteMarker) {
    }

    ObjectRecord withTags(Map<String, String> newTags) {
        return new ObjectRecord(bucket, key, blobId, size, etag, lastModifiedMillis, headers, expires, metadata,
                newTags, checksums, storageClass, partSizes, version);
    }

    ObjectRecord withVersion(Version v) {
        return new ObjectRecord(bucket, key, blobId, size, etag, lastModifiedMillis, headers, expires, metadata,
                tags, checksums, storageClass, partSizes, v);
    }

    /** The version id clients see: "null" for the null version and for objects of never-versioned buckets. */
    String versionId() {
        return version == null || version.id() == null ? "null" : version.id();
    }

    boolean marksDeletion() {
        return version != null && version.deleteMarker();
    }
}
