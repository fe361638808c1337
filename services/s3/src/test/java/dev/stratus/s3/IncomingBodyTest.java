package dev.stratus.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.StreamingBody;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncomingBodyTest {
    static final byte[] HELLO = "hello world".getBytes(StandardCharsets.UTF_8);
    static final String HELLO_CRC32 = "DUoRhQ==";

    /** A PutObject input whose Body streams, with trailers that arrive once it is read. */
    private static ObjectNode input(InputStream body, Map<String, String> trailers) {
        ObjectNode in = JsonNodeFactory.instance.objectNode();
        in.set("Body", new StreamingBody(-1, body, () -> trailers).node());
        return in;
    }

    @Test
    void aTrailerChecksumNobodyAnnouncedIsVerifiedFromTheTempFile(@TempDir Path dir) {
        try (BlobStore blobs = BlobStore.open(dir, false)) {
            IncomingBody.Stored stored = IncomingBody.store(blobs,
                    input(new ByteArrayInputStream(HELLO), Map.of("x-amz-checksum-crc32", HELLO_CRC32)), 1024);
            assertThat(stored.size()).isEqualTo(HELLO.length);
            assertThat(stored.checksums()).containsEntry("ChecksumCRC32", HELLO_CRC32);
            assertThat(stored.etag()).isEqualTo("\"" + Checksums.md5Hex(HELLO) + "\"");
            assertThat(blobs.read(stored.blobId())).isEqualTo(HELLO);
        }
    }

    @Test
    void aWrongTrailerChecksumLeavesNoBlob(@TempDir Path dir) throws IOException {
        try (BlobStore blobs = BlobStore.open(dir, false)) {
            ObjectNode in = input(new ByteArrayInputStream(HELLO), Map.of("x-amz-checksum-crc32", "AAAAAA=="));
            in.put("ChecksumAlgorithm", "CRC32");
            AwsException e = catchThrowableOfType(AwsException.class, () -> IncomingBody.store(blobs, in, 1024));
            assertThat(e.code()).isEqualTo("BadDigest");
            assertThat(files(dir)).isEmpty();
        }
    }

    @Test
    void aBodyOverTheLimitIsRefusedWhileReadingAndLeavesNoBlob(@TempDir Path dir) throws IOException {
        try (BlobStore blobs = BlobStore.open(dir, false)) {
            AwsException e = catchThrowableOfType(AwsException.class,
                    () -> IncomingBody.store(blobs, input(new ByteArrayInputStream(new byte[300_000]), Map.of()),
                            200_000));
            assertThat(e.code()).isEqualTo("EntityTooLarge");
            assertThat(e.fields()).containsEntry("MaxSizeAllowed", 200_000L);
            assertThat(files(dir)).isEmpty();
        }
    }

    @Test
    void aDeclaredSizeOverTheLimitIsRefusedBeforeReading(@TempDir Path dir) {
        try (BlobStore blobs = BlobStore.open(dir, false)) {
            ObjectNode in = input(InputStream.nullInputStream(), Map.of());
            in.put("ContentLength", 5L * 1024 * 1024 * 1024 + 1);
            AwsException e = catchThrowableOfType(AwsException.class,
                    () -> IncomingBody.store(blobs, in, IncomingBody.MAX_SINGLE_UPLOAD_BYTES));
            assertThat(e.code()).isEqualTo("EntityTooLarge");
            assertThat(e.fields()).containsEntry("ProposedSize", 5L * 1024 * 1024 * 1024 + 1)
                    .containsEntry("MaxSizeAllowed", 5L * 1024 * 1024 * 1024);
        }
    }

    /** Every regular file under the blob store (temp files and blobs alike). */
    private static java.util.List<Path> files(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).toList();
        }
    }
}
