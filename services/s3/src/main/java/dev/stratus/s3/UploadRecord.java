package dev.stratus.s3;

import java.util.Map;

/**
 * A multipart upload in progress: what the object will carry once completed.
 *
 * @param checksumAlgorithm the algorithm the parts are checksummed with (CRC32 ...), or null
 */
record UploadRecord(String bucket, String key, String uploadId, long initiatedMillis, ObjectRecord.Headers headers,
                    String expires, Map<String, String> metadata, Map<String, String> tags, String storageClass,
                    String checksumAlgorithm) {
}
