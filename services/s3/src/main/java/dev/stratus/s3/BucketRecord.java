package dev.stratus.s3;

import java.util.Map;

/**
 * A bucket: its global name, the account that owns it, its region and its tags.
 *
 * @param createdMillis creation time in epoch milliseconds
 * @param versioning null while versioning was never enabled, else {@code Enabled} or {@code Suspended}
 */
record BucketRecord(String name, String owner, String region, long createdMillis, Map<String, String> tags,
                    String versioning) {

    BucketRecord withTags(Map<String, String> newTags) {
        return new BucketRecord(name, owner, region, createdMillis, newTags, versioning);
    }

    BucketRecord withVersioning(String status) {
        return new BucketRecord(name, owner, region, createdMillis, tags, status);
    }
}
