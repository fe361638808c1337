package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.stratus.platform.StratusConfig;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Strict mode verifies the chunk signatures of SigV4 streaming uploads: the SDK for Java v2 signs every chunk over
 * plain HTTP (STREAMING-AWS4-HMAC-SHA256-PAYLOAD, and -TRAILER with a checksum trailer), and one changed byte in a
 * chunk or in the trailer is refused with SignatureDoesNotMatch before the object exists.
 */
class S3ChunkSignaturesTest {
    static final StratusServer stratus = StratusServer.start(StratusConfig.forTests()
            .withAuth(StratusConfig.AuthMode.STRICT, StrictAuthTest.credentialsFile()));
    static final byte[] BODY = randomBytes(300 * 1024);

    @AfterAll
    static void stop() {
        stratus.close();
    }

    @Test
    void signedChunksWithoutTrailerAreVerified() {
        List<String> sent = new CopyOnWriteArrayList<>();
        try (S3Client s3 = client(RequestChecksumCalculation.WHEN_REQUIRED, sent, null)) {
            s3.createBucket(b -> b.bucket("chunks-plain"));
            s3.putObject(b -> b.bucket("chunks-plain").key("k"), RequestBody.fromBytes(BODY));
            assertThat(s3.getObjectAsBytes(b -> b.bucket("chunks-plain").key("k")).asByteArray()).isEqualTo(BODY);
        }
        assertThat(sent).contains("STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
    }

    @Test
    void signedChunksWithAChecksumTrailerAreVerified() {
        List<String> sent = new CopyOnWriteArrayList<>();
        try (S3Client s3 = client(RequestChecksumCalculation.WHEN_SUPPORTED, sent, null)) {
            s3.createBucket(b -> b.bucket("chunks-trailer"));
            s3.putObject(b -> b.bucket("chunks-trailer").key("k"), RequestBody.fromBytes(BODY));
            assertThat(s3.getObjectAsBytes(b -> b.bucket("chunks-trailer").key("k")).asByteArray()).isEqualTo(BODY);
        }
        assertThat(sent).contains("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER");
    }

    @Test
    void aChangedByteInASignedChunkIsRefused() {
        try (S3Client s3 = client(RequestChecksumCalculation.WHEN_REQUIRED, new CopyOnWriteArrayList<>(), null)) {
            s3.createBucket(b -> b.bucket("chunks-tampered"));
        }
        // The first chunk's data starts after its "20000;chunk-signature=<64 hex>\r\n" line (~86 bytes).
        try (S3Client tampering = client(RequestChecksumCalculation.WHEN_REQUIRED, new CopyOnWriteArrayList<>(),
                in -> new FlipByte(in, 1000))) {
            assertRefused(() -> tampering.putObject(b -> b.bucket("chunks-tampered").key("k"),
                    RequestBody.fromBytes(BODY)));
        }
        assertAbsent("chunks-tampered");
    }

    @Test
    void aChangedTrailerIsRefused() {
        try (S3Client s3 = client(RequestChecksumCalculation.WHEN_REQUIRED, new CopyOnWriteArrayList<>(), null)) {
            s3.createBucket(b -> b.bucket("chunks-bad-trailer"));
        }
        // The trailer's checksum value sits just before the trailer signature line at the end of the body;
        // changing one of its characters leaves the chunks intact but breaks the trailer signature.
        try (S3Client tampering = client(RequestChecksumCalculation.WHEN_SUPPORTED, new CopyOnWriteArrayList<>(),
                TrailerTamper::new)) {
            assertRefused(() -> tampering.putObject(b -> b.bucket("chunks-bad-trailer").key("k"),
                    RequestBody.fromBytes(BODY)));
        }
        assertAbsent("chunks-bad-trailer");
    }

    private static void assertRefused(Runnable put) {
        Throwable t = catchThrowable(put::run);
        assertThat(t).isInstanceOf(S3Exception.class);
        S3Exception e = (S3Exception) t;
        assertThat(e.statusCode()).isEqualTo(403);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
    }

    private static void assertAbsent(String bucket) {
        try (S3Client s3 = client(RequestChecksumCalculation.WHEN_REQUIRED, new CopyOnWriteArrayList<>(), null)) {
            assertThat(catchThrowable(() -> s3.headObject(b -> b.bucket(bucket).key("k"))))
                    .isInstanceOf(NoSuchKeyException.class);
        }
    }

    /** A strict-mode client that records the x-amz-content-sha256 it signs with and may alter the sent body. */
    private static S3Client client(RequestChecksumCalculation checksums, List<String> contentSha256,
                                   UnaryOperator<InputStream> tamper) {
        ExecutionInterceptor recorder = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                context.httpRequest().firstMatchingHeader("x-amz-content-sha256").ifPresent(contentSha256::add);
            }
        };
        SdkHttpClient http = UrlConnectionHttpClient.builder().build();
        software.amazon.awssdk.services.s3.S3ClientBuilder builder = S3Client.builder().forcePathStyle(true)
                .requestChecksumCalculation(checksums)
                .overrideConfiguration(o -> o.addExecutionInterceptor(recorder).retryPolicy(RetryPolicy.none()))
                .httpClient(tamper == null ? http : new TamperingHttpClient(http, tamper));
        return builder.endpointOverride(stratus.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(StrictAuthTest.KEY, StrictAuthTest.SECRET))).build();
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(11).nextBytes(b);
        return b;
    }

    /** Sends what the SDK signed with its body passed through {@code tamper}. */
    private record TamperingHttpClient(SdkHttpClient delegate, UnaryOperator<InputStream> tamper)
            implements SdkHttpClient {
        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            HttpExecuteRequest.Builder changed = HttpExecuteRequest.builder().request(request.httpRequest());
            request.contentStreamProvider().ifPresent(p -> changed.contentStreamProvider(
                    () -> tamper.apply(p.newStream())));
            return delegate.prepareRequest(changed.build());
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    /** Flips every bit of the byte at one offset. */
    private static final class FlipByte extends FilterInputStream {
        private final long target;
        private long position;

        FlipByte(InputStream in, long target) {
            super(in);
            this.target = target;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0 && target >= position && target < position + n) {
                b[off + (int) (target - position)] ^= (byte) 0xff;
            }
            if (n > 0) {
                position += n;
            }
            return n;
        }
    }

    /** Reads the whole (small) body and changes the first character of the trailer's checksum value. */
    private static final class TrailerTamper extends FilterInputStream {
        TrailerTamper(InputStream in) {
            super(in);
        }

        private InputStream changed;

        private InputStream changed() throws IOException {
            if (changed == null) {
                byte[] all = in.readAllBytes();
                String text = new String(all, StandardCharsets.ISO_8859_1);
                int at = text.lastIndexOf("x-amz-checksum-");
                int colon = text.indexOf(':', at);
                assertThat(at).isPositive();
                all[colon + 1] = (byte) (all[colon + 1] == 'A' ? 'B' : 'A');
                changed = new java.io.ByteArrayInputStream(all);
            }
            return changed;
        }

        @Override
        public int read() throws IOException {
            return changed().read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return changed().read(b, off, len);
        }
    }
}
