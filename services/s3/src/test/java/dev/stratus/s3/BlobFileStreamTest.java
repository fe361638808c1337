package dev.stratus.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobFileStreamTest {
    @TempDir
    Path dir;

    private byte[] body;
    private Path file;

    private BlobFileStream open(long from, long length) throws IOException {
        if (file == null) {
            body = new byte[BlobStore.COPY_BUFFER_BYTES * 3 + 5];
            new Random(7).nextBytes(body);
            file = Files.write(dir.resolve("blob"), body);
        }
        return new BlobFileStream(FileChannel.open(file, StandardOpenOption.READ), from, length);
    }

    @Test
    void readsExactlyItsRangeAndCountsWhatIsLeft() throws IOException {
        try (BlobFileStream in = open(10, 100)) {
            assertThat(in.available()).isEqualTo(100);
            byte[] first = new byte[40];
            assertThat(in.read(first, 0, 40)).isEqualTo(40);
            assertThat(first).isEqualTo(Arrays.copyOfRange(body, 10, 50));
            assertThat(in.read()).isEqualTo(body[50] & 0xff);
            assertThat(in.skip(9)).isEqualTo(9);
            assertThat(in.available()).isEqualTo(50);
            byte[] rest = new byte[200];
            assertThat(in.read(rest, 0, 200)).isEqualTo(50);
            assertThat(Arrays.copyOf(rest, 50)).isEqualTo(Arrays.copyOfRange(body, 60, 110));
            assertThat(in.read(rest, 0, 200)).isEqualTo(-1);
            assertThat(in.read()).isEqualTo(-1);
            assertThat(in.available()).isZero();
        }
    }

    @Test
    void transfersTheWholeRangeAcrossSeveralBuffers() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BlobFileStream in = open(1, Long.MAX_VALUE)) {
            assertThat(in.transferTo(out)).isEqualTo(body.length - 1);
        }
        assertThat(out.toByteArray()).isEqualTo(Arrays.copyOfRange(body, 1, body.length));
    }

    @Test
    void aFileShorterThanItsRangeEndsTheStream() throws IOException {
        try (BlobFileStream in = open(0, Long.MAX_VALUE)) {
            byte[] all = in.readAllBytes();
            assertThat(all).isEqualTo(body);
            assertThat(in.read()).isEqualTo(-1);
        }
    }
}
