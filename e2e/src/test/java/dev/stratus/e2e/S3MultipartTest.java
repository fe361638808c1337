package dev.stratus.e2e;

import static dev.stratus.e2e.AwsErrors.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.transfer.s3.S3TransferManager;

/** Multipart uploads by hand and through the Transfer Manager. */
class S3MultipartTest {
    static final StratusServer stratus = StratusServer.start();
    static final S3Client s3 = stratus.client(S3Client.builder().forcePathStyle(true));
    static final String BUCKET = "multipart-" + UUID.randomUUID().toString().substring(0, 8);
    static final int MIB = 1024 * 1024;

    @BeforeAll
    static void bucket() {
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    @AfterAll
    static void stop() {
        s3.close();
        stratus.close();
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] md5(byte[] data) throws Exception {
        return MessageDigest.getInstance("MD5").digest(data);
    }

    @Test
    void partsCompleteIntoOneObjectWithAMultipartETag() throws Exception {
        byte[] p1 = random(5 * MIB, 1);
        byte[] p2 = random(1234, 2);
        String id = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("big.bin").contentType("application/x-big")
                .metadata(java.util.Map.of("k", "v"))).uploadId();
        String e1 = s3.uploadPart(b -> b.bucket(BUCKET).key("big.bin").uploadId(id).partNumber(1),
                RequestBody.fromBytes(p1)).eTag();
        String e2 = s3.uploadPart(b -> b.bucket(BUCKET).key("big.bin").uploadId(id).partNumber(2),
                RequestBody.fromBytes(p2)).eTag();
        assertThat(s3.listParts(b -> b.bucket(BUCKET).key("big.bin").uploadId(id)).parts())
                .extracting(p -> p.partNumber(), p -> p.size())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, (long) p1.length),
                        org.assertj.core.groups.Tuple.tuple(2, (long) p2.length));
        assertThat(s3.listMultipartUploads(b -> b.bucket(BUCKET)).uploads()).anyMatch(u -> u.uploadId().equals(id));

        String etag = s3.completeMultipartUpload(b -> b.bucket(BUCKET).key("big.bin").uploadId(id)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(e1).build(),
                        CompletedPart.builder().partNumber(2).eTag(e2).build()))).eTag();
        byte[] both = new byte[2 * 16];
        System.arraycopy(md5(p1), 0, both, 0, 16);
        System.arraycopy(md5(p2), 0, both, 16, 16);
        assertThat(etag).isEqualTo("\"" + HexFormat.of().formatHex(md5(both)) + "-2\"");

        byte[] whole = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("big.bin")).asByteArray();
        assertThat(whole.length).isEqualTo(p1.length + p2.length);
        assertThat(Arrays.copyOfRange(whole, p1.length, whole.length)).isEqualTo(p2);
        var head = s3.headObject(b -> b.bucket(BUCKET).key("big.bin"));
        assertThat(head.contentType()).isEqualTo("application/x-big");
        assertThat(head.metadata()).containsEntry("k", "v");
        assertThat(s3.headObject(b -> b.bucket(BUCKET).key("big.bin").partNumber(2)).contentLength())
                .isEqualTo(p2.length);
        assertThat(s3.listMultipartUploads(b -> b.bucket(BUCKET)).uploads()).noneMatch(u -> u.uploadId().equals(id));
        assertAwsError(() -> s3.listParts(b -> b.bucket(BUCKET).key("big.bin").uploadId(id)),
                NoSuchUploadException.class, 404, "NoSuchUpload", null);
    }

    @Test
    void completeRefusesSmallPartsWrongETagsAndDisorder() {
        String id = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("bad.bin")).uploadId();
        String e1 = s3.uploadPart(b -> b.bucket(BUCKET).key("bad.bin").uploadId(id).partNumber(1),
                RequestBody.fromString("small")).eTag();
        String e2 = s3.uploadPart(b -> b.bucket(BUCKET).key("bad.bin").uploadId(id).partNumber(2),
                RequestBody.fromString("last")).eTag();
        assertAwsError(() -> s3.completeMultipartUpload(b -> b.bucket(BUCKET).key("bad.bin").uploadId(id)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(e1).build(),
                        CompletedPart.builder().partNumber(2).eTag(e2).build()))),
                S3Exception.class, 400, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size");
        assertAwsError(() -> s3.completeMultipartUpload(b -> b.bucket(BUCKET).key("bad.bin").uploadId(id)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag("\"wrong\"").build()))),
                S3Exception.class, 400, "InvalidPart", null);
        assertAwsError(() -> s3.completeMultipartUpload(b -> b.bucket(BUCKET).key("bad.bin").uploadId(id)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(2).eTag(e2).build(),
                        CompletedPart.builder().partNumber(1).eTag(e1).build()))),
                S3Exception.class, 400, "InvalidPartOrder", null);
        assertAwsError(() -> s3.uploadPart(b -> b.bucket(BUCKET).key("bad.bin").uploadId(id).partNumber(10001),
                RequestBody.fromString("x")), S3Exception.class, 400, "InvalidArgument",
                "Part number must be an integer between 1 and 10000, inclusive");
        // A single small part is allowed: the last part may be any size.
        s3.completeMultipartUpload(b -> b.bucket(BUCKET).key("bad.bin").uploadId(id)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(e1).build())));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("bad.bin")).asUtf8String()).isEqualTo("small");
    }

    @Test
    void abortForgetsTheUpload() {
        String id = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("aborted.bin")).uploadId();
        s3.uploadPart(b -> b.bucket(BUCKET).key("aborted.bin").uploadId(id).partNumber(1), RequestBody.fromString("x"));
        s3.abortMultipartUpload(b -> b.bucket(BUCKET).key("aborted.bin").uploadId(id));
        assertAwsError(() -> s3.uploadPart(b -> b.bucket(BUCKET).key("aborted.bin").uploadId(id).partNumber(2),
                RequestBody.fromString("x")), NoSuchUploadException.class, 404, "NoSuchUpload", null);
        assertAwsError(() -> s3.abortMultipartUpload(b -> b.bucket(BUCKET).key("aborted.bin").uploadId("nope")),
                NoSuchUploadException.class, 404, "NoSuchUpload", null);
    }

    @Test
    void uploadPartCopyTakesARangeOfAnObject() {
        s3.putObject(b -> b.bucket(BUCKET).key("src.txt"), RequestBody.fromString("0123456789"));
        String id = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("copied.txt")).uploadId();
        String etag = s3.uploadPartCopy(b -> b.sourceBucket(BUCKET).sourceKey("src.txt").destinationBucket(BUCKET)
                .destinationKey("copied.txt").uploadId(id).partNumber(1).copySourceRange("bytes=3-6"))
                .copyPartResult().eTag();
        s3.completeMultipartUpload(b -> b.bucket(BUCKET).key("copied.txt").uploadId(id)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag).build())));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("copied.txt")).asUtf8String()).isEqualTo("3456");
    }

    @Test
    void transferManagerUploadsAndDownloadsA12MiBFile(@TempDir Path dir) throws Exception {
        byte[] data = random(12 * MIB + 17, 3);
        Path source = dir.resolve("source.bin");
        Files.write(source, data);
        S3AsyncClient async = stratus.client(S3AsyncClient.builder().forcePathStyle(true).multipartEnabled(true));
        try (S3TransferManager tm = S3TransferManager.builder().s3Client(async).build()) {
            tm.uploadFile(u -> u.source(source).putObjectRequest(r -> r.bucket(BUCKET).key("tm/big.bin")))
                    .completionFuture().join();
            assertThat(s3.headObject(b -> b.bucket(BUCKET).key("tm/big.bin")).eTag()).matches("\"[0-9a-f]{32}-\\d+\"");
            Path target = dir.resolve("target.bin");
            tm.downloadFile(d -> d.destination(target).getObjectRequest(r -> r.bucket(BUCKET).key("tm/big.bin")))
                    .completionFuture().join();
            assertThat(Files.readAllBytes(target)).isEqualTo(data);
        } finally {
            async.close();
        }
    }

    @Test
    void listMultipartUploadsPagesWithMarkers() {
        String bucket = "uploads-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(b -> b.bucket(bucket));
        java.util.List<String> ids = new java.util.ArrayList<>();
        for (String key : new String[] {"a", "a", "b", "c"}) {
            ids.add(s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId());
        }
        var first = s3.listMultipartUploads(b -> b.bucket(bucket).maxUploads(3));
        assertThat(first.isTruncated()).isTrue();
        assertThat(first.uploads()).extracting(u -> u.key()).containsExactly("a", "a", "b");
        assertThat(first.nextKeyMarker()).isEqualTo("b");
        var rest = s3.listMultipartUploads(b -> b.bucket(bucket).keyMarker(first.nextKeyMarker())
                .uploadIdMarker(first.nextUploadIdMarker()));
        assertThat(rest.uploads()).extracting(u -> u.key()).containsExactly("c");
        assertThat(rest.isTruncated()).isFalse();
        var all = s3.listMultipartUploadsPaginator(b -> b.bucket(bucket).maxUploads(1)).uploads().stream()
                .map(u -> u.uploadId()).toList();
        assertThat(all).containsExactlyInAnyOrderElementsOf(ids);
        var afterA = s3.listMultipartUploads(b -> b.bucket(bucket).keyMarker("a"));
        assertThat(afterA.uploads()).extracting(u -> u.key()).containsExactly("b", "c");
    }
}
