package dev.stratus.s3;

import dev.stratus.protocol.AwsException;

/** S3's errors with the statuses, messages and extra fields S3 sends. */
final class S3Errors {
    private S3Errors() {
    }

    static AwsException noSuchBucket(String bucket) {
        return new AwsException("NoSuchBucket", "The specified bucket does not exist", 404).with("BucketName", bucket);
    }

    static AwsException noSuchKey(String key) {
        return new AwsException("NoSuchKey", "The specified key does not exist.", 404).with("Key", key);
    }

    static AwsException noSuchUpload(String uploadId) {
        return new AwsException("NoSuchUpload", "The specified upload does not exist. The upload ID may be invalid, "
                + "or the upload may have been aborted or completed.", 404).with("UploadId", uploadId);
    }

    static AwsException accessDenied() {
        return new AwsException("AccessDenied", "Access Denied", 403);
    }

    static AwsException invalidArgument(String message, String name, String value) {
        AwsException e = new AwsException("InvalidArgument", message, 400).with("ArgumentName", name);
        return value == null ? e : e.with("ArgumentValue", value);
    }

    static AwsException invalidRequest(String message) {
        return new AwsException("InvalidRequest", message, 400);
    }

    static AwsException malformedXml() {
        return new AwsException("MalformedXML", "The XML you provided was not well-formed or did not validate "
                + "against our published schema", 400);
    }

    static AwsException preconditionFailed(String condition) {
        return new AwsException("PreconditionFailed", "At least one of the pre-conditions you specified did not hold",
                412).with("Condition", condition);
    }

    static AwsException notModified() {
        return new AwsException("NotModified", "Not Modified", 304);
    }

    static AwsException badDigest(String message) {
        return new AwsException("BadDigest", message, 400);
    }

    /** A body above the operation's largest size (5 GiB for a single PUT or a part). */
    static AwsException entityTooLarge(long proposed, long max) {
        return new AwsException("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size", 400)
                .with("ProposedSize", proposed).with("MaxSizeAllowed", max);
    }
}
