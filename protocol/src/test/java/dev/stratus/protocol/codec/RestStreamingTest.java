package dev.stratus.protocol.codec;

import static dev.stratus.protocol.codec.Requests.request;
import static dev.stratus.protocol.codec.RestJsonCodecTest.catchAws;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.HttpResponse;
import dev.stratus.protocol.StreamingBody;
import dev.stratus.protocol.model.ServiceModel;
import dev.stratus.protocol.sigv4.SigV4Crypto;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Streaming blob payloads: a request body handed over unread, a response body copied out by the server. */
class RestStreamingTest {
    static final ServiceModel S3 = ServiceModel.load("s3");
    final ProtocolCodec codec = Codecs.forProtocol("rest-xml");

    /** The request as the edge builds it for a streaming operation: headers, and the body left in a stream. */
    private static HttpRequest streamed(Requests builder, String body) {
        HttpRequest r = builder.build();
        return new HttpRequest(r.method(), r.rawPath(), r.rawQuery(), r.headers(), null,
                new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static void readAll(InputStream in) {
        try {
            in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private ObjectNode decode(HttpRequest r) {
        return codec.decode(codec.resolve(S3, r), r);
    }

    @Test
    void anAwsChunkedPutIsUnframedAsItIsReadAndItsTrailersComeAfterTheBody() throws Exception {
        String framed = "5;chunk-signature=" + "a".repeat(64) + "\r\nhello\r\n"
                + "6;chunk-signature=" + "b".repeat(64) + "\r\n world\r\n"
                + "0;chunk-signature=" + "c".repeat(64) + "\r\n"
                + "x-amz-checksum-crc32:DUoRhQ==\r\n\r\n";
        HttpRequest r = streamed(request("PUT", "/photos/greeting.txt")
                .header("x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER")
                .header("Content-Encoding", "aws-chunked").header("x-amz-decoded-content-length", "11")
                .header("Content-Length", String.valueOf(framed.length())), framed);

        ObjectNode in = decode(r);

        StreamingBody body = StreamingBody.of(in.get("Body"));
        assertThat(body).isNotNull();
        assertThat(body.length()).isEqualTo(11);
        assertThat(in.get("ContentLength").longValue()).isEqualTo(11);
        assertThat(in.has("ContentEncoding")).isFalse();
        assertThat(body.trailers()).isEmpty();
        assertThat(new String(body.stream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello world");
        assertThat(body.trailers()).containsEntry("x-amz-checksum-crc32", "DUoRhQ==");
    }

    @Test
    void aBodyShorterThanItsContentLengthIsIncomplete() {
        HttpRequest r = streamed(request("PUT", "/photos/x").header("Content-Length", "10"), "four");
        InputStream body = StreamingBody.of(decode(r).get("Body")).stream();
        assertThat(catchAws(() -> readAll(body)).code()).isEqualTo("IncompleteBody");
    }

    @Test
    void aSignedPayloadHashIsCheckedWhenTheStreamEnds() throws Exception {
        String good = SigV4Crypto.sha256Hex("payload".getBytes(StandardCharsets.UTF_8));
        HttpRequest ok = streamed(request("PUT", "/photos/x").header("Content-Length", "7")
                .header("x-amz-content-sha256", good), "payload");
        assertThat(StreamingBody.bytes(decode(ok).get("Body"))).asString().isEqualTo("payload");

        HttpRequest bad = streamed(request("PUT", "/photos/x").header("Content-Length", "7")
                .header("x-amz-content-sha256", good), "PAYLOAD");
        InputStream body = StreamingBody.of(decode(bad).get("Body")).stream();
        assertThat(catchAws(() -> readAll(body)).code()).isEqualTo("XAmzContentSHA256Mismatch");
    }

    @Test
    void aStreamingOutputBodyBecomesTheResponseStreamWithItsLength() {
        AtomicBoolean closed = new AtomicBoolean();
        InputStream source = new ByteArrayInputStream("0123456789".getBytes(StandardCharsets.UTF_8)) {
            @Override
            public void close() {
                closed.set(true);
            }
        };
        ObjectNode out = AwsJsonCodec.MAPPER.createObjectNode();
        out.set("Body", new StreamingBody(10, source).node());
        out.put("ContentLength", 10);

        HttpResponse get = codec.encode(S3.operation("GetObject"), out, "r");
        assertThat(get.stream()).isNotNull();
        assertThat(get.body()).isEmpty();
        assertThat(get.headers().first("Content-Length")).isEqualTo("10");
        assertThat(get.headers().first("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(closed).isFalse();

        HttpResponse head = codec.encode(S3.operation("HeadObject"), out, "r");
        assertThat(head.stream()).isNull();
    }

    @Test
    void anyBlobNodeReadsWhole() {
        assertThat(StreamingBody.bytes(BinaryNode.valueOf(new byte[] {1, 2}))).containsExactly(1, 2);
        assertThat(StreamingBody.bytes(new StreamingBody(2, new ByteArrayInputStream(new byte[] {3, 4})).node()))
                .containsExactly(3, 4);
        assertThat(StreamingBody.bytes(TextNode.valueOf("hi"))).asString().isEqualTo("hi");
        assertThat(StreamingBody.bytes(null)).isEmpty();
        assertThat(new StreamingBody(5, InputStream.nullInputStream()).node().toString()).contains("5 bytes");
    }
}
