package dev.stratus.s3;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The IAM action each S3 operation is authorized as (the service authorization reference's table): most are
 * {@code s3:<Operation>}, the rest are named here. Object operations act on {@code arn:aws:s3:::bucket/key}.
 */
final class S3Actions {
    private static final Map<String, String> RENAMED = Map.ofEntries(
            Map.entry("HeadObject", "s3:GetObject"),
            Map.entry("CopyObject", "s3:PutObject"),
            Map.entry("CreateMultipartUpload", "s3:PutObject"),
            Map.entry("UploadPart", "s3:PutObject"),
            Map.entry("UploadPartCopy", "s3:PutObject"),
            Map.entry("CompleteMultipartUpload", "s3:PutObject"),
            Map.entry("DeleteObjects", "s3:DeleteObject"),
            Map.entry("ListParts", "s3:ListMultipartUploadParts"),
            Map.entry("ListObjects", "s3:ListBucket"),
            Map.entry("ListObjectsV2", "s3:ListBucket"),
            Map.entry("HeadBucket", "s3:ListBucket"),
            Map.entry("ListObjectVersions", "s3:ListBucketVersions"),
            Map.entry("ListMultipartUploads", "s3:ListBucketMultipartUploads"),
            Map.entry("ListBuckets", "s3:ListAllMyBuckets"),
            Map.entry("GetBucketNotificationConfiguration", "s3:GetBucketNotification"),
            Map.entry("PutBucketNotificationConfiguration", "s3:PutBucketNotification"),
            Map.entry("GetBucketCors", "s3:GetBucketCORS"),
            Map.entry("PutBucketCors", "s3:PutBucketCORS"),
            Map.entry("DeleteBucketCors", "s3:PutBucketCORS"),
            Map.entry("GetBucketLifecycleConfiguration", "s3:GetLifecycleConfiguration"),
            Map.entry("PutBucketLifecycleConfiguration", "s3:PutLifecycleConfiguration"),
            Map.entry("DeleteBucketLifecycle", "s3:PutLifecycleConfiguration"),
            Map.entry("GetBucketEncryption", "s3:GetEncryptionConfiguration"),
            Map.entry("PutBucketEncryption", "s3:PutEncryptionConfiguration"),
            Map.entry("DeleteBucketEncryption", "s3:PutEncryptionConfiguration"),
            Map.entry("DeleteBucketTagging", "s3:PutBucketTagging"),
            Map.entry("GetPublicAccessBlock", "s3:GetBucketPublicAccessBlock"),
            Map.entry("PutPublicAccessBlock", "s3:PutBucketPublicAccessBlock"),
            Map.entry("DeletePublicAccessBlock", "s3:PutBucketPublicAccessBlock"),
            Map.entry("DeleteBucketOwnershipControls", "s3:PutBucketOwnershipControls"),
            Map.entry("GetBucketReplication", "s3:GetReplicationConfiguration"),
            Map.entry("PutBucketReplication", "s3:PutReplicationConfiguration"),
            Map.entry("DeleteBucketReplication", "s3:PutReplicationConfiguration"),
            Map.entry("PutBucketWebsite", "s3:PutBucketWebsite"),
            Map.entry("GetBucketAccelerateConfiguration", "s3:GetAccelerateConfiguration"),
            Map.entry("PutBucketAccelerateConfiguration", "s3:PutAccelerateConfiguration"),
            Map.entry("PutBucketLogging", "s3:PutBucketLogging"));
    /** Operations whose action changes when they name a version ({@code s3:GetObject} → {@code s3:GetObjectVersion}). */
    private static final Map<String, String> VERSIONED = Map.of(
            "s3:GetObject", "s3:GetObjectVersion",
            "s3:DeleteObject", "s3:DeleteObjectVersion",
            "s3:GetObjectTagging", "s3:GetObjectVersionTagging",
            "s3:PutObjectTagging", "s3:PutObjectVersionTagging",
            "s3:DeleteObjectTagging", "s3:DeleteObjectVersionTagging",
            "s3:GetObjectAttributes", "s3:GetObjectVersionAttributes",
            "s3:GetObjectAcl", "s3:GetObjectVersionAcl");

    private S3Actions() {
    }

    /** The IAM action of {@code operation} called with {@code input}. */
    static String of(String operation, ObjectNode input) {
        String action = RENAMED.getOrDefault(operation, "s3:" + operation);
        if (input.hasNonNull("VersionId") && VERSIONED.containsKey(action)) {
            return VERSIONED.get(action);
        }
        return action;
    }

    /** The resource ARN: {@code *} without a bucket, the bucket's ARN, or the object's when a Key is given. */
    static String resource(ObjectNode input) {
        String bucket = input.path("Bucket").asText(null);
        if (bucket == null) {
            return "*";
        }
        String key = input.path("Key").asText(null);
        return key == null ? bucketArn(bucket) : objectArn(bucket, key);
    }

    static String bucketArn(String bucket) {
        return "arn:aws:s3:::" + bucket;
    }

    static String objectArn(String bucket, String key) {
        return "arn:aws:s3:::" + bucket + "/" + key;
    }
}
