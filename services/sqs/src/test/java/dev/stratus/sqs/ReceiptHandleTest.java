package dev.stratus.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.protocol.AwsException;
import org.junit.jupiter.api.Test;

class ReceiptHandleTest {

    @Test
    void roundTrips() {
        ReceiptHandle h = new ReceiptHandle("id-1", "token-2", 1_700_000_000_000_001L);
        assertThat(ReceiptHandle.parse(h.encode())).isEqualTo(h);
    }

    @Test
    void handlesOfEarlierVersionsCarryNoSeq() {
        String old = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("id-1:token-2".getBytes());
        assertThat(ReceiptHandle.parse(old)).isEqualTo(new ReceiptHandle("id-1", "token-2",
                ReceiptHandle.UNKNOWN_SEQ));
    }

    @Test
    void garbageIsReceiptHandleIsInvalid() {
        for (String bad : new String[] {"", "x", "!!!", "bm9jb2xvbg"}) {
            assertThatThrownBy(() -> ReceiptHandle.parse(bad)).isInstanceOf(AwsException.class)
                    .extracting(e -> ((AwsException) e).code()).isEqualTo("ReceiptHandleIsInvalid");
        }
    }
}
