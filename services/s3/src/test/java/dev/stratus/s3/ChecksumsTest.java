package dev.stratus.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.AwsException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChecksumsTest {
    static final byte[] CHECK = "123456789".getBytes(StandardCharsets.US_ASCII);

    @Test
    void standardCheckValues() {
        // The catalogue's check values for "123456789".
        assertThat(Checksums.crc64Nvme(CHECK)).isEqualTo(0xae8b14860a799888L);
        assertThat(Checksums.compute("CRC32", CHECK)).isEqualTo("y/Q5Jg==");      // 0xCBF43926
        assertThat(Checksums.compute("CRC32C", CHECK)).isEqualTo("4waSgw==");     // 0xE3069283
        assertThat(Checksums.compute("SHA1", "abc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("qZk+NkcGgWq6PiVxeFDCbJzQ2J0=");
    }

    @Test
    void crc64EightBytesAtATimeMatchesTheBytewiseDefinitionAcrossUpdates() {
        byte[] body = new byte[1000];
        new java.util.Random(7).nextBytes(body);
        long bytewise = -1L;
        for (byte b : body) {
            bytewise ^= b & 0xFF;
            for (int k = 0; k < 8; k++) {
                bytewise = (bytewise & 1) != 0 ? (bytewise >>> 1) ^ 0x9a6c9329ac4bc9b5L : bytewise >>> 1;
            }
        }
        long split = Checksums.crc64NvmeUpdate(Checksums.crc64NvmeUpdate(-1L, body, 0, 13), body, 13, 987);
        assertThat(~split).isEqualTo(~bytewise).isEqualTo(Checksums.crc64Nvme(body));
    }

    @Test
    void verifyAcceptsMatchesAndNamesTheAlgorithmOnMismatch() {
        ObjectNode in = JsonNodeFactory.instance.objectNode().put("ChecksumCRC32", "y/Q5Jg==");
        assertThat(Checksums.verify(in, CHECK)).containsEntry("ChecksumCRC32", "y/Q5Jg==");
        ObjectNode wrong = JsonNodeFactory.instance.objectNode().put("ChecksumCRC32C", "y/Q5Jg==");
        assertThatThrownBy(() -> Checksums.verify(wrong, CHECK)).isInstanceOf(AwsException.class)
                .hasMessage("The CRC32C you specified did not match the calculated checksum.");
        ObjectNode malformed = JsonNodeFactory.instance.objectNode().put("ChecksumSHA256", "short");
        assertThatThrownBy(() -> Checksums.verify(malformed, CHECK))
                .hasMessage("Value for x-amz-checksum-sha256 header is invalid.");
    }

    @Test
    void contentMd5() {
        Checksums.checkContentMd5("JfnnlDI7RTiF9RgfG2JNCw==", CHECK);
        assertThatThrownBy(() -> Checksums.checkContentMd5("1B2M2Y8AsgTpgAmY7PhCfg==", CHECK))
                .satisfies(e -> assertThat(((AwsException) e).code()).isEqualTo("BadDigest"));
        assertThatThrownBy(() -> Checksums.checkContentMd5("nope", CHECK))
                .satisfies(e -> assertThat(((AwsException) e).code()).isEqualTo("InvalidDigest"));
    }
}
