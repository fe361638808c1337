package dev.stratus.e2e;

import static dev.stratus.e2e.AwsErrors.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.stratus.platform.StratusConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.transfer.s3.S3TransferManager;

/**
 * Object bodies far larger than any buffer: uploaded by a single PutObject and by a multipart Transfer Manager
 * upload from generated streams, downloaded and compared by digest; an upload cut off mid-body leaves nothing.
 */
class S3LargeObjectsTest {
    static final long MIB = 1024 * 1024;
    static final long LARGE = 320 * MIB + 12345;
    static Path dataDir;
    static StratusServer stratus;
    static S3Client s3;
    static final String BUCKET = "large-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void start() throws IOException {
        dataDir = Files.createTempDirectory("stratus-large-");
        stratus = StratusServer.start(StratusConfig.forTests().withStorage(dataDir, false));
        s3 = stratus.client(S3Client.builder().forcePathStyle(true));
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    @AfterAll
    static void stop() throws IOException {
        s3.close();
        stratus.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void aSinglePutOfHundredsOfMegabytesComesBackByteForByte() throws Exception {
        s3.putObject(b -> b.bucket(BUCKET).key("single.bin"),
                RequestBody.fromContentProvider(() -> new GeneratedStream(LARGE, 1), LARGE, "application/octet-stream"));

        assertThat(s3.headObject(b -> b.bucket(BUCKET).key("single.bin")).contentLength()).isEqualTo(LARGE);
        String downloaded = GeneratedStream.sha256(s3.getObject(b -> b.bucket(BUCKET).key("single.bin"),
                ResponseTransformer.toInputStream()));
        assertThat(downloaded).isEqualTo(GeneratedStream.sha256(new GeneratedStream(LARGE, 1)));
    }

    @Test
    void aRangeOfALargeObjectIsServedFromItsFile() throws Exception {
        long size = 64 * MIB;
        s3.putObject(b -> b.bucket(BUCKET).key("ranged.bin"),
                RequestBody.fromContentProvider(() -> new GeneratedStream(size, 3), size, "application/octet-stream"));
        long from = 40 * MIB + 7;
        long length = 3 * MIB;
        var range = s3.getObject(b -> b.bucket(BUCKET).key("ranged.bin").range("bytes=" + from + "-" + (from + length - 1)),
                ResponseTransformer.toInputStream());
        assertThat(range.response().contentLength()).isEqualTo(length);
        assertThat(range.response().contentRange()).isEqualTo("bytes " + from + "-" + (from + length - 1) + "/" + size);
        InputStream expected = new GeneratedStream(size, 3);
        expected.skipNBytes(from);
        assertThat(GeneratedStream.sha256(range))
                .isEqualTo(GeneratedStream.sha256(new java.io.ByteArrayInputStream(expected.readNBytes((int) length))));
    }

    @Test
    void aMultipartUploadThroughTheTransferManagerComesBackByteForByte() throws Exception {
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try (S3AsyncClient async = stratus.client(S3AsyncClient.builder().forcePathStyle(true).multipartEnabled(true)
                     .multipartConfiguration(c -> c.minimumPartSizeInBytes(16 * MIB)));
             S3TransferManager tm = S3TransferManager.builder().s3Client(async).build()) {
            tm.upload(u -> u.putObjectRequest(p -> p.bucket(BUCKET).key("multi.bin"))
                    .requestBody(AsyncRequestBody.fromInputStream(new GeneratedStream(LARGE, 2), LARGE, reader)))
                    .completionFuture().join();

            var head = async.headObject(b -> b.bucket(BUCKET).key("multi.bin")).join();
            assertThat(head.contentLength()).isEqualTo(LARGE);
            assertThat(head.eTag()).endsWith("-" + ((LARGE + 16 * MIB - 1) / (16 * MIB)) + "\"");
            var body = async.getObject(b -> b.bucket(BUCKET).key("multi.bin"),
                    AsyncResponseTransformer.toBlockingInputStream()).join();
            assertThat(GeneratedStream.sha256(body)).isEqualTo(GeneratedStream.sha256(new GeneratedStream(LARGE, 2)));
        } finally {
            reader.shutdownNow();
        }
    }

    @Test
    void anUploadCutOffMidBodyLeavesNoObjectAndNoTempFile() throws Exception {
        Path tmp = dataDir.resolve("s3").resolve("objects").resolve("tmp");
        try (Socket socket = new Socket(stratus.endpoint().getHost(), stratus.endpoint().getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(putHead("cut.bin", 64 * MIB, false).getBytes(StandardCharsets.US_ASCII));
            out.write(new GeneratedStream(MIB, 4).readAllBytes());
            out.flush();
            // Cut off only once the server is writing the body to its temp file, so the clean-up is what is tested.
            awaitUntil(() -> !isEmpty(tmp), Duration.ofSeconds(30));
            assertThat(isEmpty(tmp)).as("the server began writing the body").isFalse();
        }
        // The server notices the closed connection on its own thread; wait (bounded) for it to clean up.
        awaitUntil(() -> isEmpty(tmp), Duration.ofSeconds(30));
        assertThat(isEmpty(tmp)).as(() -> "temp files left in " + tmp + "; server threads:\n" + threadDump()).isTrue();
        assertAwsError(() -> s3.headObject(b -> b.bucket(BUCKET).key("cut.bin")), NoSuchKeyException.class, 404,
                "NoSuchKey", null);
    }

    private interface Condition {
        boolean holds() throws IOException;
    }

    private static void awaitUntil(Condition condition, Duration limit) throws Exception {
        Instant deadline = Instant.now().plus(limit);
        while (!condition.holds() && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
    }

    /** Every thread's stack, virtual threads included: what a stuck upload was waiting for. */
    private static String threadDump() {
        try {
            Path file = Files.createTempFile("threads-", ".txt");
            Files.delete(file);
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.TEXT_PLAIN);
            String dump = Files.readString(file);
            Files.delete(file);
            return dump;
        } catch (IOException e) {
            return "(no thread dump: " + e + ")";
        }
    }

    @Test
    void aDeclaredSizeOverFiveGibibytesIsRefusedBeforeTheBodyIsSent() throws Exception {
        long proposed = 5L * 1024 * MIB + 1;
        try (Socket socket = new Socket(stratus.endpoint().getHost(), stratus.endpoint().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(putHead("huge.bin", proposed, true).getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String response = readResponse(socket.getInputStream());
            assertThat(response).startsWith("HTTP/1.1 400");
            assertThat(response).contains("<Code>EntityTooLarge</Code>")
                    .contains("<Message>Your proposed upload exceeds the maximum allowed size</Message>")
                    .contains("<ProposedSize>" + proposed + "</ProposedSize>")
                    .contains("<MaxSizeAllowed>5368709120</MaxSizeAllowed>");
        }
        assertAwsError(() -> s3.headObject(b -> b.bucket(BUCKET).key("huge.bin")), NoSuchKeyException.class, 404,
                "NoSuchKey", null);
    }

    /** A PUT's request line and headers, signed for dev mode (any signature passes; the scope routes it). */
    private static String putHead(String key, long contentLength, boolean expectContinue) {
        return "PUT /" + BUCKET + "/" + key + " HTTP/1.1\r\n"
                + "Host: " + stratus.endpoint().getAuthority() + "\r\n"
                + "Authorization: AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/s3/aws4_request, "
                + "SignedHeaders=host, Signature=0000\r\n"
                + "x-amz-date: 20260101T000000Z\r\n"
                + "x-amz-content-sha256: UNSIGNED-PAYLOAD\r\n"
                + (expectContinue ? "Expect: 100-continue\r\n" : "")
                + "Content-Length: " + contentLength + "\r\n\r\n";
    }

    /** Reads the status line, headers and the Content-Length body of one response (skipping a 100 Continue). */
    private static String readResponse(InputStream in) throws IOException {
        StringBuilder text = new StringBuilder();
        while (true) {
            String head = readHead(in);
            if (head.startsWith("HTTP/1.1 100")) {
                continue;
            }
            text.append(head);
            long length = head.lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
                    .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).strip())).findFirst().orElse(0);
            text.append(new String(in.readNBytes((int) length), StandardCharsets.UTF_8));
            return text.toString();
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            head.append((char) c);
        }
        return head.toString();
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.findAny().isEmpty();
        }
    }
}
