package dev.stratus.protocol.sigv4;

import static dev.stratus.protocol.sigv4.SignedRequests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.HttpRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * aws-chunked decoding, first against the Amazon S3 API Reference's chunked upload example (PUT of 66560 bytes of
 * 'a' in a 65536-byte and a 1024-byte chunk), then against framing a client could get wrong.
 */
class AwsChunkedInputStreamTest {
    static final String SEED = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
    static final String SIG1 = "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648";
    static final String SIG2 = "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497";
    static final String SIG3 = "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9";

    static HttpRequest docRequest() {
        return request("PUT", "/examplebucket/chunkObject.txt", "", "", "Host:s3.amazonaws.com",
                "x-amz-date:20130524T000000Z", "x-amz-storage-class:REDUCED_REDUNDANCY",
                "Authorization:AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                        + "SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;"
                        + "x-amz-decoded-content-length;x-amz-storage-class,Signature=" + SEED,
                "x-amz-content-sha256:STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "Content-Encoding:aws-chunked",
                "x-amz-decoded-content-length:66560", "Content-Length:66824");
    }

    static byte[] docBody(String sig1, String sig2, String sig3) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] a1 = new byte[65536];
        byte[] a2 = new byte[1024];
        Arrays.fill(a1, (byte) 'a');
        Arrays.fill(a2, (byte) 'a');
        out.writeBytes(("10000;chunk-signature=" + sig1 + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(a1);
        out.writeBytes(("\r\n400;chunk-signature=" + sig2 + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(a2);
        out.writeBytes(("\r\n0;chunk-signature=" + sig3 + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    static ChunkSignatureChain docChain() {
        HttpRequest r = docRequest();
        VerifiedSignature seed = SigV4Verifier.verify(r, SigV4Scope.of(r), AwsPublishedVectorsTest.S3_SECRET, true,
                Instant.parse("2013-05-24T00:00:00Z"));
        assertThat(seed.signature()).isEqualTo(SEED);
        return new ChunkSignatureChain(seed);
    }

    static AwsChunkedInputStream decoder(byte[] body, ChunkSignatureChain chain, StreamingPayload mode,
                                         long decodedLength) {
        return new AwsChunkedInputStream(new ByteArrayInputStream(body), mode, chain, decodedLength);
    }

    @Test
    void theS3DocumentationExampleDecodesWithEveryChunkSignatureVerified() throws IOException {
        byte[] data = decoder(docBody(SIG1, SIG2, SIG3), docChain(), StreamingPayload.SIGNED, 66560).readAllBytes();
        assertThat(data).hasSize(66560).containsOnly('a');
    }

    @Test
    void readingOneByteAtATimeGivesTheSameBytes() throws IOException {
        AwsChunkedInputStream in = decoder(docBody(SIG1, SIG2, SIG3), docChain(), StreamingPayload.SIGNED, 66560);
        int count = 0;
        int b;
        while ((b = in.read()) >= 0) {
            assertThat(b).isEqualTo('a');
            count++;
        }
        assertThat(count).isEqualTo(66560);
        assertThat(in.decodedBytes()).isEqualTo(66560);
    }

    @Test
    void aChangedByteFailsItsChunkSignatureBeforeTheStreamEnds() {
        byte[] body = docBody(SIG1, SIG2, SIG3);
        body[100] = 'b';
        assertThatThrownBy(() -> decoder(body, docChain(), StreamingPayload.SIGNED, 66560).readAllBytes())
                .isInstanceOfSatisfying(AwsException.class, e -> {
                    assertThat(e.code()).isEqualTo("SignatureDoesNotMatch");
                    assertThat(e.status()).isEqualTo(403);
                });
    }

    @Test
    void chunksOutOfChainOrderAreRefused() {
        assertThatThrownBy(() -> decoder(docBody(SIG2, SIG1, SIG3), docChain(), StreamingPayload.SIGNED, 66560)
                .readAllBytes()).isInstanceOfSatisfying(AwsException.class,
                        e -> assertThat(e.code()).isEqualTo("SignatureDoesNotMatch"));
    }

    @Test
    void aForgedFinalChunkIsRefused() {
        assertThatThrownBy(() -> decoder(docBody(SIG1, SIG2, SIG2), docChain(), StreamingPayload.SIGNED, 66560)
                .readAllBytes()).isInstanceOfSatisfying(AwsException.class,
                        e -> assertThat(e.code()).isEqualTo("SignatureDoesNotMatch"));
    }

    @Test
    void withoutAChainTheBodyIsOnlyDecoded() throws IOException {
        byte[] data = decoder(docBody(SIG2, SIG1, "x"), null, StreamingPayload.SIGNED, -1).readAllBytes();
        assertThat(data).hasSize(66560);
    }

    @Test
    void aTruncatedBodyIsIncomplete() {
        byte[] body = Arrays.copyOf(docBody(SIG1, SIG2, SIG3), 66000);
        assertThatThrownBy(() -> decoder(body, null, StreamingPayload.SIGNED, 66560).readAllBytes())
                .isInstanceOfSatisfying(AwsException.class, e -> {
                    assertThat(e.code()).isEqualTo("IncompleteBody");
                    assertThat(e.status()).isEqualTo(400);
                });
    }

    @Test
    void aDecodedLengthThatDoesNotAddUpIsRefused() {
        assertThatThrownBy(() -> decoder(docBody(SIG1, SIG2, SIG3), null, StreamingPayload.SIGNED, 66559)
                .readAllBytes()).isInstanceOfSatisfying(AwsException.class,
                        e -> assertThat(e.code()).isEqualTo("IncompleteBody"));
        assertThatThrownBy(() -> decoder(docBody(SIG1, SIG2, SIG3), null, StreamingPayload.SIGNED, 66561)
                .readAllBytes()).isInstanceOfSatisfying(AwsException.class,
                        e -> assertThat(e.code()).isEqualTo("IncompleteBody"));
    }

    @Test
    void malformedFramingIsAnInvalidRequest() {
        for (String body : new String[] {"zz\r\nhello\r\n0\r\n\r\n", "5\r\nhello!!0\r\n\r\n", "5\nhello\r\n",
                "ffffffffffffffff\r\n", "5\r\nhello\r\n0\r\nno-colon\r\n\r\n"}) {
            assertThatThrownBy(() -> decoder(body.getBytes(StandardCharsets.US_ASCII), null,
                    StreamingPayload.UNSIGNED_WITH_TRAILER, -1).readAllBytes())
                    .as(body).isInstanceOfSatisfying(AwsException.class, e -> {
                        assertThat(e.code()).isIn("InvalidRequest", "IncompleteBody");
                        assertThat(e.status()).isEqualTo(400);
                    });
        }
    }

    @Test
    void chunkSizeLinesAreBounded() {
        byte[] body = ("5" + ";x=".repeat(2000) + "\r\nhello\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> decoder(body, null, StreamingPayload.UNSIGNED_WITH_TRAILER, -1).readAllBytes())
                .isInstanceOfSatisfying(AwsException.class, e -> {
                    assertThat(e.code()).isEqualTo("InvalidRequest");
                    assertThat(e.getMessage()).contains("longer than " + AwsChunkedInputStream.MAX_LINE_BYTES);
                });
    }

    @Test
    void signedChunksMustCarryASignature() {
        byte[] body = "5\r\nhello\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> decoder(body, docChain(), StreamingPayload.SIGNED, -1).readAllBytes())
                .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.code()).isEqualTo("InvalidRequest"));
    }

    @Test
    void unsignedChunksExposeTheirTrailingChecksum() throws IOException {
        byte[] body = "5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        AwsChunkedInputStream in = decoder(body, null, StreamingPayload.UNSIGNED_WITH_TRAILER, 11);
        assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("hello world");
        assertThat(in.trailers()).containsExactly(java.util.Map.entry("x-amz-checksum-crc32", "DUoRhQ=="));
    }

    @Test
    void theStreamingKindComesFromTheContentSha256OrTheContentEncoding() {
        assertThat(StreamingPayload.of(docRequest())).isEqualTo(StreamingPayload.SIGNED);
        assertThat(StreamingPayload.of(request("PUT", "/b/k", "", "", "Content-Encoding:gzip, aws-chunked")))
                .isEqualTo(StreamingPayload.UNSIGNED_WITH_TRAILER);
        assertThat(StreamingPayload.of(request("PUT", "/b/k", "", "", "x-amz-content-sha256:UNSIGNED-PAYLOAD")))
                .isNull();
    }
}
