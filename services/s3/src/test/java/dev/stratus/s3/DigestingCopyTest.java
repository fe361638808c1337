package dev.stratus.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.protocol.AwsException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DigestingCopyTest {
    private final ChunkPool pool = new ChunkPool(8);

    /** One way of copying: the adaptive entry point, or either strategy it picks from. */
    interface Copier {
        long copy(InputStream in, OutputStream out, long maxBytes, BodyDigests digests, ChunkPool pool)
                throws IOException;
    }

    static Stream<Copier> copiers() {
        return Stream.of(DigestingCopy::copy, DigestingCopy::copyDigestingInline, DigestingCopy::copyDigestingBeside);
    }

    @ParameterizedTest
    @MethodSource("copiers")
    void bodiesOfOneAndOfManyChunksAreCopiedAndDigestedWhole(Copier copier) throws IOException {
        for (int size : new int[] {0, 1, ChunkPool.CHUNK_BYTES, ChunkPool.CHUNK_BYTES + 1,
                ChunkPool.CHUNK_BYTES * (DigestingCopy.CHUNKS_PER_BODY * 3) + 17}) {
            byte[] body = new byte[size];
            new Random(size).nextBytes(body);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BodyDigests digests = new BodyDigests(List.of("CRC32", "CRC64NVME"));
            // Dribbled in small reads, as the HTTP server hands a body over.
            long n = copier.copy(new Dribble(body), out, Long.MAX_VALUE, digests, pool);
            assertThat(n).isEqualTo(size);
            assertThat(out.toByteArray()).isEqualTo(body);
            assertThat(BodyDigests.hex(digests.md5())).as("size %d", size).isEqualTo(Checksums.md5Hex(body));
            assertThat(digests.checksum("CRC32")).isEqualTo(Checksums.compute("CRC32", body));
            assertThat(digests.checksum("CRC64NVME")).isEqualTo(Checksums.compute("CRC64NVME", body));
        }
    }

    @Test
    void bodiesDigestBesideOnlyWhileThePoolKeepsEnoughChunksForAllOfThem() {
        ChunkPool small = new ChunkPool(DigestingCopy.CHUNKS_PER_BODY * 2);
        assertThat(small.startBody(DigestingCopy.CHUNKS_PER_BODY)).isTrue();
        assertThat(small.startBody(DigestingCopy.CHUNKS_PER_BODY)).isTrue();
        assertThat(small.startBody(DigestingCopy.CHUNKS_PER_BODY)).as("a third body would allocate").isFalse();
        small.endBody();
        small.endBody();
        assertThat(small.startBody(DigestingCopy.CHUNKS_PER_BODY)).as("one of two left after one ended").isTrue();
    }

    @ParameterizedTest
    @MethodSource("copiers")
    void aBodyOverTheLimitIsRefused(Copier copier) {
        byte[] body = new byte[ChunkPool.CHUNK_BYTES * 3];
        assertThatThrownBy(() -> copier.copy(new ByteArrayInputStream(body), OutputStream.nullOutputStream(),
                ChunkPool.CHUNK_BYTES * 2L, new BodyDigests(List.of()), pool))
                .isInstanceOf(AwsException.class).hasMessageContaining("exceeds the maximum allowed size");
    }

    @ParameterizedTest
    @MethodSource("copiers")
    void aStreamThatFailsMidBodyFailsTheCopyAndStopsTheDigests(Copier copier) {
        InputStream failing = new InputStream() {
            private int reads;

            @Override
            public int read() {
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (++reads > 20) {
                    throw new IOException("client gone");
                }
                return Math.min(len, ChunkPool.CHUNK_BYTES / 4);
            }
        };
        assertThatThrownBy(() -> copier.copy(failing, OutputStream.nullOutputStream(), Long.MAX_VALUE,
                new BodyDigests(List.of()), pool)).isInstanceOf(IOException.class).hasMessage("client gone");
    }

    /** At most 8 KiB per read, as Helidon's socket reads come. */
    private static final class Dribble extends ByteArrayInputStream {
        Dribble(byte[] body) {
            super(body);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, 8192));
        }
    }
}
