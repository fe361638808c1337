package dev.stratus.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageDigestsTest {

    @Test
    void bodyDigestIsMd5OfUtf8() {
        assertThat(MessageDigests.md5Hex("héllo ✓")).isEqualTo("21b1ae5bc147bb564254200a4731e337");
    }

    @Test
    void attributeDigestMatchesAnIndependentImplementationOfAwssAlgorithm() {
        // Expected values from e2e/python/test_sqs.py's attributes_md5, written from the SQS developer guide.
        Map<String, MessageAttribute> attrs = Map.of(
                "a", new MessageAttribute("String", "x", null),
                "n", new MessageAttribute("Number", "7", null),
                "b", new MessageAttribute("Binary", null, new byte[] {0, (byte) 0xFF}));
        assertThat(MessageDigests.attributesMd5(attrs)).isEqualTo("ff5c9055a26bf8db0bfbaf684f1b9fa2");
        // Already in name order (as sends parse them), or sorted some other way: the same digest.
        assertThat(MessageDigests.attributesMd5(new java.util.TreeMap<>(attrs)))
                .isEqualTo("ff5c9055a26bf8db0bfbaf684f1b9fa2");
        java.util.TreeMap<String, MessageAttribute> reversed =
                new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
        reversed.putAll(attrs);
        assertThat(MessageDigests.attributesMd5(reversed)).isEqualTo("ff5c9055a26bf8db0bfbaf684f1b9fa2");
        assertThat(MessageDigests.attributesMd5(Map.of("AWSTraceHeader",
                new MessageAttribute("String", "Root=1-5759e988-bd862e3fe1be46a994272793", null))))
                .isEqualTo("62a56dd927315f2b2e12832b84617ea5");
    }

    @Test
    void noAttributesMeansNoDigest() {
        assertThat(MessageDigests.attributesMd5(Map.of())).isNull();
    }
}
