package dev.stratus.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8BuilderTest {

    @Test
    void encodesLikeStringGetBytes() {
        String text = "plain <ascii> é ß € 日本 \uD83D\uDE00 lone \uD800 and \uDC00 end";
        Utf8Builder b = new Utf8Builder(4);
        b.append("x").append(text).append('!').append('é');
        String expected = "x" + text + "!é";
        assertThat(b.toBytes()).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
        assertThat(b.toString()).isEqualTo(new String(expected.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }

    @Test
    void growsPastItsFirstCapacity() {
        Utf8Builder b = new Utf8Builder(1);
        String s = "abc".repeat(1000);
        assertThat(b.append(s).toBytes()).hasSize(3000);
    }
}
