package dev.stratus.s3;

import java.util.Map;

/** One uploaded part of a multipart upload; its bytes are the {@link BlobStore} file {@code blobId}. */
record PartRecord(String uploadId, int partNumber, String blobId, long size, String etag, long lastModifiedMillis,
                  Map<String, String> checksums) {
}
