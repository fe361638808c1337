package dev.stratus.e2e;

import static dev.stratus.e2e.AwsErrors.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Bucket versioning: version ids, delete markers, reading and deleting versions, ListObjectVersions. */
class S3VersioningTest {
    static final StratusServer stratus = StratusServer.start();
    static final S3Client s3 = stratus.client(S3Client.builder().forcePathStyle(true));

    @AfterAll
    static void stop() {
        s3.close();
        stratus.close();
    }

    static String bucket() {
        String name = "versions-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(b -> b.bucket(name));
        return name;
    }

    static void enable(String bucket, BucketVersioningStatus status) {
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status(status)));
    }

    @Test
    void versionsDeleteMarkersAndRestores() {
        String bucket = bucket();
        assertThat(s3.getBucketVersioning(b -> b.bucket(bucket)).status()).isNull();
        s3.putObject(b -> b.bucket(bucket).key("doc"), RequestBody.fromString("before versioning"));
        enable(bucket, BucketVersioningStatus.ENABLED);
        assertThat(s3.getBucketVersioning(b -> b.bucket(bucket)).status()).isEqualTo(BucketVersioningStatus.ENABLED);

        String v1 = s3.putObject(b -> b.bucket(bucket).key("doc"), RequestBody.fromString("one")).versionId();
        String v2 = s3.putObject(b -> b.bucket(bucket).key("doc"), RequestBody.fromString("two")).versionId();
        assertThat(v1).isNotEqualTo(v2).isNotEqualTo("null");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("doc")).asUtf8String()).isEqualTo("two");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("doc").versionId(v1)).asUtf8String()).isEqualTo("one");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("doc").versionId("null")).asUtf8String())
                .isEqualTo("before versioning");
        assertThat(s3.headObject(b -> b.bucket(bucket).key("doc")).versionId()).isEqualTo(v2);

        var marker = s3.deleteObject(b -> b.bucket(bucket).key("doc"));
        assertThat(marker.deleteMarker()).isTrue();
        assertAwsError(() -> s3.getObject(b -> b.bucket(bucket).key("doc")), NoSuchKeyException.class, 404,
                "NoSuchKey", null);
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();

        ListObjectVersionsResponse all = s3.listObjectVersions(b -> b.bucket(bucket));
        assertThat(all.versions()).extracting(ObjectVersion::versionId).containsExactly(v2, v1, "null");
        assertThat(all.versions()).noneMatch(ObjectVersion::isLatest);
        assertThat(all.deleteMarkers()).extracting(DeleteMarkerEntry::versionId, DeleteMarkerEntry::isLatest)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(marker.versionId(), true));

        // Removing the delete marker brings the newest version back.
        s3.deleteObject(b -> b.bucket(bucket).key("doc").versionId(marker.versionId()));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("doc")).asUtf8String()).isEqualTo("two");
        s3.deleteObject(b -> b.bucket(bucket).key("doc").versionId(v2));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("doc")).asUtf8String()).isEqualTo("one");
        assertAwsError(() -> s3.getObject(b -> b.bucket(bucket).key("doc").versionId(v2)), S3Exception.class, 404,
                "NoSuchVersion", "The specified version does not exist.");

        // A bucket with versions left is not empty.
        assertAwsError(() -> s3.deleteBucket(b -> b.bucket(bucket)), S3Exception.class, 409, "BucketNotEmpty", null);
    }

    @Test
    void suspendedVersioningOverwritesTheNullVersion() {
        String bucket = bucket();
        enable(bucket, BucketVersioningStatus.ENABLED);
        String kept = s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("kept")).versionId();
        enable(bucket, BucketVersioningStatus.SUSPENDED);
        s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("null 1"));
        s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("null 2"));
        assertThat(s3.listObjectVersions(b -> b.bucket(bucket)).versions())
                .extracting(ObjectVersion::versionId).containsExactly("null", kept);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String()).isEqualTo("null 2");
    }

    @Test
    void listObjectVersionsPagesWithMarkers() {
        String bucket = bucket();
        enable(bucket, BucketVersioningStatus.ENABLED);
        for (String k : new String[] {"a", "b"}) {
            for (int i = 0; i < 3; i++) {
                int n = i;
                s3.putObject(b -> b.bucket(bucket).key(k), RequestBody.fromString(k + n));
            }
        }
        var pages = s3.listObjectVersionsPaginator(b -> b.bucket(bucket).maxKeys(2));
        assertThat(pages.versions()).extracting(ObjectVersion::key).containsExactly("a", "a", "a", "b", "b", "b");
        assertThat(pages.versions()).filteredOn(ObjectVersion::isLatest).extracting(ObjectVersion::key)
                .containsExactly("a", "b");
        ListObjectVersionsResponse first = s3.listObjectVersions(b -> b.bucket(bucket).maxKeys(2));
        assertThat(first.isTruncated()).isTrue();
        assertThat(first.nextKeyMarker()).isEqualTo("a");
    }

    @Test
    void deleteObjectsCreatesMarkersOrRemovesVersions() {
        String bucket = bucket();
        enable(bucket, BucketVersioningStatus.ENABLED);
        String v = s3.putObject(b -> b.bucket(bucket).key("x"), RequestBody.fromString("x")).versionId();
        var result = s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(o -> o.key("x"))));
        assertThat(result.deleted().get(0).deleteMarker()).isTrue();
        assertThat(result.deleted().get(0).deleteMarkerVersionId()).isNotBlank();
        s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(o -> o.key("x").versionId(v),
                o -> o.key("x").versionId(result.deleted().get(0).deleteMarkerVersionId()))));
        ListObjectVersionsResponse left = s3.listObjectVersions(b -> b.bucket(bucket));
        assertThat(left.versions()).isEmpty();
        assertThat(left.deleteMarkers()).isEmpty();
        s3.deleteBucket(b -> b.bucket(bucket));
    }

    @Test
    void copyingAnOldVersionRestoresIt() {
        String bucket = bucket();
        enable(bucket, BucketVersioningStatus.ENABLED);
        String v1 = s3.putObject(b -> b.bucket(bucket).key("page"), RequestBody.fromString("good")).versionId();
        s3.putObject(b -> b.bucket(bucket).key("page"), RequestBody.fromString("broken"));
        var copy = s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("page").sourceVersionId(v1)
                .destinationBucket(bucket).destinationKey("page"));
        assertThat(copy.copySourceVersionId()).isEqualTo(v1);
        assertThat(copy.versionId()).isNotEqualTo(v1);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("page")).asUtf8String()).isEqualTo("good");
        assertThat(s3.listObjectVersions(b -> b.bucket(bucket)).versions()).hasSize(3);
        assertAwsError(() -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("page").sourceVersionId("nope")
                .destinationBucket(bucket).destinationKey("other")), S3Exception.class, 404, "NoSuchVersion", null);
    }
}
