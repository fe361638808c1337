package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.transfer.s3.S3TransferManager;

/** S3 in strict mode: signed (and aws-chunked) uploads, multipart, presigned URLs verified; bad keys refused. */
class S3StrictAuthTest {
    static final StratusServer stratus = StratusServer.start(dev.stratus.platform.StratusConfig.forTests()
            .withAuth(dev.stratus.platform.StratusConfig.AuthMode.STRICT, StrictAuthTest.credentialsFile()));
    static final S3Client s3 = stratus.client(S3Client.builder().forcePathStyle(true), StrictAuthTest.KEY,
            StrictAuthTest.SECRET);

    @AfterAll
    static void stop() {
        s3.close();
        stratus.close();
    }

    @Test
    void signedRequestsWorkAndUnknownKeysAreRefused() {
        s3.createBucket(b -> b.bucket("strict-bucket"));
        s3.putObject(b -> b.bucket("strict-bucket").key("k"), RequestBody.fromString("signed body"));
        assertThat(s3.getObjectAsBytes(b -> b.bucket("strict-bucket").key("k")).asUtf8String()).isEqualTo("signed body");
        try (S3Client stranger = stratus.client(S3Client.builder().forcePathStyle(true), "AKIAUNKNOWN000000001",
                "nope")) {
            S3Exception e = (S3Exception) org.assertj.core.api.Assertions.catchThrowable(
                    () -> stranger.listBuckets());
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAccessKeyId");
        }
    }

    @Test
    void presignedUrlsAreVerified() throws Exception {
        s3.createBucket(b -> b.bucket("strict-presign"));
        s3.putObject(b -> b.bucket("strict-presign").key("k"), RequestBody.fromString("secret"));
        try (S3Presigner presigner = S3Presigner.builder().endpointOverride(stratus.endpoint()).region(Region.US_EAST_1)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(StrictAuthTest.KEY, StrictAuthTest.SECRET))).build()) {
            URI url = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(r -> r.bucket("strict-presign").key("k"))).url().toURI();
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> ok = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).isEqualTo("secret");
            URI tampered = URI.create(url.toString().replace("/k?", "/other?"));
            HttpResponse<String> bad = http.send(HttpRequest.newBuilder(tampered).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(bad.statusCode()).isEqualTo(403);
            assertThat(bad.body()).contains("<Code>SignatureDoesNotMatch</Code>");
        }
    }

    @Test
    void multipartUploadsThroughTheTransferManager(@TempDir Path dir) throws Exception {
        s3.createBucket(b -> b.bucket("strict-multipart"));
        byte[] data = new byte[11 * 1024 * 1024];
        new Random(7).nextBytes(data);
        Path source = dir.resolve("in.bin");
        Files.write(source, data);
        try (S3AsyncClient async = stratus.client(S3AsyncClient.builder().forcePathStyle(true).multipartEnabled(true),
                StrictAuthTest.KEY, StrictAuthTest.SECRET);
             S3TransferManager tm = S3TransferManager.builder().s3Client(async).build()) {
            tm.uploadFile(u -> u.source(source).putObjectRequest(r -> r.bucket("strict-multipart").key("big")))
                    .completionFuture().join();
        }
        assertThat(s3.getObjectAsBytes(b -> b.bucket("strict-multipart").key("big")).asByteArray()).isEqualTo(data);
    }
}
