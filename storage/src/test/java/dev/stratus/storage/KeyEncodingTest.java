package dev.stratus.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Fixed examples of the persisted key formats, so an accidental format change fails loudly. */
class KeyEncodingTest {

    @Test
    void stringFormatEscapesZeroAndTerminates() {
        assertThat(hex(new KeyEncoder().string("a\0b"))).isEqualTo("6100ff620001");
        assertThat(hex(new KeyEncoder().string(""))).isEqualTo("0001");
        assertThat(hex(new KeyEncoder().string("a", SortOrder.DESCENDING))).isEqualTo("9efffe");
    }

    @Test
    void integerFormatsFlipTheSignBit() {
        assertThat(hex(new KeyEncoder().int32(-1))).isEqualTo("7fffffff");
        assertThat(hex(new KeyEncoder().int64(1))).isEqualTo("8000000000000001");
        assertThat(hex(new KeyEncoder().float64(-0.0))).isEqualTo("7fffffffffffffff");
        assertThat(hex(new KeyEncoder().float64(1.0))).isEqualTo("bff0000000000000");
    }

    @Test
    void decimalFormatIsClassExponentAndCentesimalDigits() {
        // 12.5 = 0.125 × 10^2: positive, exponent 2+129, pairs 12 (continues: 25) and 50 (last: 100).
        assertThat(hex(new KeyEncoder().decimal(new BigDecimal("12.50")))).isEqualTo("03831964");
        assertThat(hex(new KeyEncoder().decimal(BigDecimal.ZERO))).isEqualTo("02");
        assertThat(hex(new KeyEncoder().decimal(new BigDecimal("-12.5")))).isEqualTo("017ce69b");
        assertThat(hex(new KeyEncoder().decimal(DecimalBounds.SMALLEST))).isEqualTo("030014");
        assertThat(new KeyEncoder().decimal(DecimalBounds.LARGEST).length()).isEqualTo(21);
    }

    @Test
    void decimalsOutsideDynamoDbLimitsAreRejected() {
        assertThatThrownBy(() -> new KeyEncoder().decimal(new BigDecimal("1E-131")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("magnitude range");
        assertThatThrownBy(() -> new KeyEncoder().decimal(new BigDecimal("1E+126")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("magnitude range");
        assertThatThrownBy(() -> new KeyEncoder().decimal(new BigDecimal("123456789012345678901234567890123456789")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("39 significant digits");
    }

    @Test
    void decodingRejectsTruncatedOrForeignBytes() {
        assertThatThrownBy(() -> new KeyDecoder(new byte[] {'a', 0}).string())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needed 1 more bytes");
        assertThatThrownBy(() -> new KeyDecoder(new byte[] {0, 7}).bytes())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad escape");
        assertThatThrownBy(() -> new KeyDecoder(new byte[] {9}).decimal())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an encoded number");
        assertThatThrownBy(() -> new KeyDecoder(new byte[] {1, 2, 3}).int64())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decoderReadsComponentsInSequenceAfterAFixedPrefix() {
        byte[] key = new KeyEncoder().raw(new byte[] {7, 7}).string("acct").int32(42).raw("tail".getBytes(java.nio.charset.StandardCharsets.UTF_8)).toBytes();
        KeyDecoder d = new KeyDecoder(key, 2);
        assertThat(d.string()).isEqualTo("acct");
        assertThat(d.int32()).isEqualTo(42);
        assertThat(new String(d.rest(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("tail");
        assertThat(d.hasRemaining()).isFalse();
    }

    private static String hex(KeyEncoder encoder) {
        return HexFormat.of().formatHex(encoder.toBytes());
    }
}
