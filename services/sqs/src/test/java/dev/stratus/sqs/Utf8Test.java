package dev.stratus.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {

    @Test
    void lengthIsTheEncodedLengthForOneTwoThreeAndFourByteCharacters() {
        for (String s : new String[] {"", "plain ascii", "é", "héllo", "✓ check", "😀", "a😀b✓cé\u07ff\u0800\uffff"}) {
            assertThat(Utf8.length(s)).as(s).isEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
        }
    }
}
