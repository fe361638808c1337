package dev.stratus.e2e;

import static dev.stratus.e2e.AwsErrors.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectAttributes;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Objects through the AWS SDK for Java v2: put, get (ranges, conditions), head, delete, copy, tagging, presign. */
class S3ObjectsTest {
    static final StratusServer stratus = StratusServer.start();
    static final S3Client s3 = stratus.client(S3Client.builder().forcePathStyle(true));
    static final String BUCKET = "objects-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void bucket() {
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    @AfterAll
    static void stop() {
        s3.close();
        stratus.close();
    }

    static String md5Hex(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    }

    @Test
    void putThenGetKeepsBytesHeadersAndMetadata() throws Exception {
        byte[] data = "hello, stratus".getBytes(StandardCharsets.UTF_8);
        String etag = s3.putObject(b -> b.bucket(BUCKET).key("docs/a.txt").contentType("text/plain")
                .contentDisposition("attachment; filename=\"a.txt\"").cacheControl("max-age=60")
                .contentEncoding("identity").contentLanguage("en").expires(Instant.parse("2030-01-01T00:00:00Z"))
                .metadata(Map.of("Owner", "ann", "colour", "blue")), RequestBody.fromBytes(data)).eTag();
        assertThat(etag).isEqualTo("\"" + md5Hex(data) + "\"");

        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("docs/a.txt"));
        assertThat(got.asByteArray()).isEqualTo(data);
        GetObjectResponse r = got.response();
        assertThat(r.eTag()).isEqualTo(etag);
        assertThat(r.contentType()).isEqualTo("text/plain");
        assertThat(r.contentDisposition()).isEqualTo("attachment; filename=\"a.txt\"");
        assertThat(r.cacheControl()).isEqualTo("max-age=60");
        assertThat(r.contentLanguage()).isEqualTo("en");
        assertThat(r.expires()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
        assertThat(r.metadata()).containsEntry("owner", "ann").containsEntry("colour", "blue");
        assertThat(r.contentLength()).isEqualTo(data.length);
        assertThat(r.lastModified()).isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(
                Duration.ofMinutes(1)));

        HeadObjectResponse head = s3.headObject(b -> b.bucket(BUCKET).key("docs/a.txt"));
        assertThat(head.contentLength()).isEqualTo(data.length);
        assertThat(head.eTag()).isEqualTo(etag);
        assertThat(head.metadata()).containsEntry("owner", "ann");
    }

    @Test
    void missingKeysAre404() {
        assertAwsError(() -> s3.getObject(b -> b.bucket(BUCKET).key("nope")), NoSuchKeyException.class, 404,
                "NoSuchKey", "The specified key does not exist.");
        assertAwsError(() -> s3.headObject(b -> b.bucket(BUCKET).key("nope")), NoSuchKeyException.class, 404,
                "NoSuchKey", null);
    }

    @Test
    void rangesAnswer206() {
        s3.putObject(b -> b.bucket(BUCKET).key("range.txt"), RequestBody.fromString("0123456789"));
        ResponseBytes<GetObjectResponse> mid = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("range.txt").range("bytes=2-5"));
        assertThat(mid.asUtf8String()).isEqualTo("2345");
        assertThat(mid.response().contentRange()).isEqualTo("bytes 2-5/10");
        assertThat(mid.response().contentLength()).isEqualTo(4);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("range.txt").range("bytes=7-")).asUtf8String())
                .isEqualTo("789");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("range.txt").range("bytes=-3")).asUtf8String())
                .isEqualTo("789");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("range.txt").range("bytes=8-100")).asUtf8String())
                .isEqualTo("89");
        assertAwsError(() -> s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("range.txt").range("bytes=10-")),
                S3Exception.class, 416, "InvalidRange", "The requested range is not satisfiable");
    }

    @Test
    void conditionalGets() {
        String etag = s3.putObject(b -> b.bucket(BUCKET).key("cond.txt"), RequestBody.fromString("v1")).eTag();
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("cond.txt").ifMatch(etag)).asUtf8String())
                .isEqualTo("v1");
        assertAwsError(() -> s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("cond.txt").ifMatch("\"other\"")),
                S3Exception.class, 412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold");
        S3Exception notModified = (S3Exception) org.assertj.core.api.Assertions.catchThrowable(
                () -> s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("cond.txt").ifNoneMatch(etag)));
        assertThat(notModified.statusCode()).isEqualTo(304);
        Instant future = Instant.now().plus(Duration.ofHours(1));
        S3Exception notModifiedSince = (S3Exception) org.assertj.core.api.Assertions.catchThrowable(
                () -> s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("cond.txt").ifModifiedSince(future)));
        assertThat(notModifiedSince.statusCode()).isEqualTo(304);
        assertAwsError(() -> s3.headObject(b -> b.bucket(BUCKET).key("cond.txt")
                        .ifUnmodifiedSince(Instant.now().minus(Duration.ofHours(1)))),
                S3Exception.class, 412, null, null);
    }

    @Test
    void responseOverridesReplaceStoredHeaders() {
        s3.putObject(b -> b.bucket(BUCKET).key("over.txt").contentType("text/plain"), RequestBody.fromString("x"));
        GetObjectResponse r = s3.getObject(b -> b.bucket(BUCKET).key("over.txt").responseContentType("application/json")
                .responseContentDisposition("inline").responseCacheControl("no-cache"),
                software.amazon.awssdk.core.sync.ResponseTransformer.toBytes()).response();
        assertThat(r.contentType()).isEqualTo("application/json");
        assertThat(r.contentDisposition()).isEqualTo("inline");
        assertThat(r.cacheControl()).isEqualTo("no-cache");
    }

    @Test
    void contentMd5IsChecked() throws Exception {
        byte[] data = "payload".getBytes(StandardCharsets.UTF_8);
        String good = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(data));
        s3.putObject(b -> b.bucket(BUCKET).key("md5.txt").contentMD5(good), RequestBody.fromBytes(data));
        String wrong = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(new byte[1]));
        assertAwsError(() -> s3.putObject(b -> b.bucket(BUCKET).key("md5.txt").contentMD5(wrong),
                RequestBody.fromBytes(data)), S3Exception.class, 400, "BadDigest",
                "The Content-MD5 you specified did not match what we received.");
        assertAwsError(() -> s3.putObject(b -> b.bucket(BUCKET).key("md5.txt").contentMD5("bm90IG1kNQ=="),
                RequestBody.fromBytes(data)), S3Exception.class, 400, "InvalidDigest",
                "The Content-MD5 you specified is not valid.");
    }

    @Test
    void flexibleChecksumsAreVerifiedAndReturned() throws Exception {
        for (ChecksumAlgorithm a : new ChecksumAlgorithm[] {ChecksumAlgorithm.CRC32, ChecksumAlgorithm.CRC32_C,
                ChecksumAlgorithm.SHA1, ChecksumAlgorithm.SHA256}) {
            String key = "sum-" + a;
            s3.putObject(b -> b.bucket(BUCKET).key(key).checksumAlgorithm(a), RequestBody.fromString("checked " + a));
            GetObjectResponse r = s3.getObject(b -> b.bucket(BUCKET).key(key).checksumMode(ChecksumMode.ENABLED),
                    software.amazon.awssdk.core.sync.ResponseTransformer.toBytes()).response();
            String value = switch (a) {
                case CRC32 -> r.checksumCRC32();
                case CRC32_C -> r.checksumCRC32C();
                case SHA1 -> r.checksumSHA1();
                default -> r.checksumSHA256();
            };
            assertThat(value).as(a.toString()).isNotBlank();
        }
        String sha256 = Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest("abc".getBytes(StandardCharsets.UTF_8)));
        assertThat(s3.headObject(b -> b.bucket(BUCKET).key("sum-SHA256").checksumMode(ChecksumMode.ENABLED))
                .checksumSHA256()).isNotEqualTo(sha256);

        RawS3.Response bad = RawS3.send(stratus.endpoint(), "PUT", "/" + BUCKET + "/bad-sum",
                Map.of("x-amz-checksum-crc32", "AAAAAA=="), "data".getBytes(StandardCharsets.UTF_8));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("<Code>BadDigest</Code>",
                "<Message>The CRC32 you specified did not match the calculated checksum.</Message>");
        RawS3.Response badSha = RawS3.send(stratus.endpoint(), "PUT", "/" + BUCKET + "/bad-sum",
                Map.of("x-amz-checksum-sha256", sha256), "data".getBytes(StandardCharsets.UTF_8));
        assertThat(badSha.body()).contains("The SHA256 you specified did not match the calculated checksum.");
        assertAwsError(() -> s3.headObject(b -> b.bucket(BUCKET).key("bad-sum")), NoSuchKeyException.class, 404,
                "NoSuchKey", null);
    }

    @Test
    void deleteIsIdempotentAndDeleteObjectsReportsEachKey() {
        s3.putObject(b -> b.bucket(BUCKET).key("del/1"), RequestBody.fromString("1"));
        s3.putObject(b -> b.bucket(BUCKET).key("del/2"), RequestBody.fromString("2"));
        s3.deleteObject(b -> b.bucket(BUCKET).key("del/1"));
        s3.deleteObject(b -> b.bucket(BUCKET).key("del/1"));
        assertAwsError(() -> s3.headObject(b -> b.bucket(BUCKET).key("del/1")), NoSuchKeyException.class, 404,
                "NoSuchKey", null);
        var result = s3.deleteObjects(b -> b.bucket(BUCKET).delete(d -> d.objects(
                ObjectIdentifier.builder().key("del/2").build(), ObjectIdentifier.builder().key("del/never").build())));
        assertThat(result.deleted()).extracting(d -> d.key()).containsExactly("del/2", "del/never");
        assertThat(result.errors()).isEmpty();
        s3.putObject(b -> b.bucket(BUCKET).key("del/3"), RequestBody.fromString("3"));
        var quiet = s3.deleteObjects(b -> b.bucket(BUCKET).delete(d -> d.quiet(true).objects(
                ObjectIdentifier.builder().key("del/3").build())));
        assertThat(quiet.deleted()).isEmpty();
        assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("del/")).contents()).isEmpty();
    }

    @Test
    void copyObjectCopiesOrReplacesMetadata() {
        String source = "copy/source file+ü.txt";
        s3.putObject(b -> b.bucket(BUCKET).key(source).contentType("text/plain").metadata(Map.of("a", "1"))
                .tagging("t=1"), RequestBody.fromString("copy me"));
        var copied = s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey(source)
                .destinationBucket(BUCKET).destinationKey("copy/dest.txt"));
        assertThat(copied.copyObjectResult().eTag()).isEqualTo(
                s3.headObject(b -> b.bucket(BUCKET).key(source)).eTag());
        assertThat(copied.copyObjectResult().lastModified()).isNotNull();
        HeadObjectResponse same = s3.headObject(b -> b.bucket(BUCKET).key("copy/dest.txt"));
        assertThat(same.metadata()).containsEntry("a", "1");
        assertThat(same.contentType()).isEqualTo("text/plain");
        assertThat(s3.getObjectTagging(b -> b.bucket(BUCKET).key("copy/dest.txt")).tagSet())
                .extracting(Tag::key).containsExactly("t");

        s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey(source).destinationBucket(BUCKET)
                .destinationKey("copy/replaced.txt").metadataDirective(MetadataDirective.REPLACE)
                .contentType("application/x-new").metadata(Map.of("b", "2")));
        HeadObjectResponse replaced = s3.headObject(b -> b.bucket(BUCKET).key("copy/replaced.txt"));
        assertThat(replaced.metadata()).containsExactly(Map.entry("b", "2"));
        assertThat(replaced.contentType()).isEqualTo("application/x-new");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("copy/replaced.txt")).asUtf8String())
                .isEqualTo("copy me");

        assertAwsError(() -> s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey(source).destinationBucket(BUCKET)
                .destinationKey(source)), S3Exception.class, 400, "InvalidRequest", null);
        assertAwsError(() -> s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("copy/missing")
                .destinationBucket(BUCKET).destinationKey("x")), NoSuchKeyException.class, 404, "NoSuchKey", null);
    }

    @Test
    void objectTagging() {
        s3.putObject(b -> b.bucket(BUCKET).key("tagged"), RequestBody.fromString("t"));
        assertThat(s3.getObjectTagging(b -> b.bucket(BUCKET).key("tagged")).tagSet()).isEmpty();
        s3.putObjectTagging(b -> b.bucket(BUCKET).key("tagged").tagging(t -> t.tagSet(
                Tag.builder().key("k").value("v").build())));
        assertThat(s3.getObjectTagging(b -> b.bucket(BUCKET).key("tagged")).tagSet())
                .extracting(Tag::key, Tag::value).containsExactly(org.assertj.core.groups.Tuple.tuple("k", "v"));
        assertThat(s3.getObject(b -> b.bucket(BUCKET).key("tagged"),
                software.amazon.awssdk.core.sync.ResponseTransformer.toBytes()).response().tagCount()).isEqualTo(1);
        s3.deleteObjectTagging(b -> b.bucket(BUCKET).key("tagged"));
        assertThat(s3.getObjectTagging(b -> b.bucket(BUCKET).key("tagged")).tagSet()).isEmpty();
        Tag[] eleven = java.util.stream.IntStream.range(0, 11)
                .mapToObj(i -> Tag.builder().key("k" + i).value("v").build()).toArray(Tag[]::new);
        assertAwsError(() -> s3.putObjectTagging(b -> b.bucket(BUCKET).key("tagged").tagging(t -> t.tagSet(eleven))),
                S3Exception.class, 400, "BadRequest", "Object tags cannot be greater than 10");
    }

    @Test
    void objectAttributes() {
        s3.putObject(b -> b.bucket(BUCKET).key("attrs"), RequestBody.fromString("12345"));
        var a = s3.getObjectAttributes(b -> b.bucket(BUCKET).key("attrs")
                .objectAttributes(ObjectAttributes.E_TAG, ObjectAttributes.OBJECT_SIZE, ObjectAttributes.STORAGE_CLASS));
        assertThat(a.objectSize()).isEqualTo(5);
        assertThat(a.eTag()).doesNotStartWith("\"").hasSize(32);
        assertThat(a.storageClassAsString()).isEqualTo("STANDARD");
    }

    @Test
    void presignedGetAndPutWork() throws Exception {
        try (S3Presigner presigner = S3Presigner.builder().endpointOverride(stratus.endpoint())
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder()
                        .pathStyleAccessEnabled(true).build())
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("test", "test")))
                .build()) {
            URI put = presigner.presignPutObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                    .putObjectRequest(r -> r.bucket(BUCKET).key("presigned.txt"))).url().toURI();
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> putResponse = http.send(HttpRequest.newBuilder(put)
                    .PUT(HttpRequest.BodyPublishers.ofString("via presigned url")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(putResponse.statusCode()).isEqualTo(200);
            URI get = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(r -> r.bucket(BUCKET).key("presigned.txt"))).url().toURI();
            HttpResponse<String> got = http.send(HttpRequest.newBuilder(get).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(got.statusCode()).isEqualTo(200);
            assertThat(got.body()).isEqualTo("via presigned url");
        }
    }

    @Test
    void headOfAMissingKeyHasNoBodyAndHeadKeepsTheLength() throws Exception {
        s3.putObject(b -> b.bucket(BUCKET).key("sized"), RequestBody.fromBytes(new byte[1234]));
        RawS3.Response head = RawS3.send(stratus.endpoint(), "HEAD", "/" + BUCKET + "/sized", Map.of(), null);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.headers()).containsEntry("content-length", "1234");
        RawS3.Response missing = RawS3.send(stratus.endpoint(), "HEAD", "/" + BUCKET + "/absent", Map.of(), null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.headers().getOrDefault("content-length", "0")).isEqualTo("0");
    }

    @Test
    void contentEncodedBodiesAreStoredAsSent() throws Exception {
        byte[] notReallyGzip = {0x1f, (byte) 0x8b, 1, 2, 3};
        RawS3.Response put = RawS3.send(stratus.endpoint(), "PUT", "/" + BUCKET + "/site.js.gz",
                Map.of("Content-Encoding", "gzip", "Content-Type", "application/javascript"), notReallyGzip);
        assertThat(put.status()).isEqualTo(200);
        GetObjectResponse r = s3.getObject(b -> b.bucket(BUCKET).key("site.js.gz"),
                software.amazon.awssdk.core.sync.ResponseTransformer.toBytes()).response();
        assertThat(r.contentEncoding()).isEqualTo("gzip");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("site.js.gz")).asByteArray()).isEqualTo(notReallyGzip);
    }
}
