package dev.stratus.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.platform.state.DocumentStore;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class MessageRecordsTest {

    static SqsMessage full() {
        Map<String, MessageAttribute> attributes = new TreeMap<>();
        attributes.put("b", new MessageAttribute("Binary.png", null, new byte[] {0, 1, (byte) 0xff}));
        attributes.put("n", new MessageAttribute("Number", "12.5", null));
        attributes.put("s", new MessageAttribute("String", "héllo ✓ 😀", null));
        String body = "body ✓ 😀\n";
        return new SqsMessage(1_700_000_000_000_123L, "id-1", body, MessageDigests.md5Hex(body), attributes,
                "Root=1-abc", "AKID", 1_700_000_000_000L, 1_700_000_030_000L, 3, 1_700_000_001_000L, "token", "group", "dedup",
                "00000000000000000001", "arn:aws:sqs:us-east-1:000000000000:src");
    }

    @Test
    void everyFieldSurvivesARoundTrip() {
        SqsMessage m = full();
        assertThat(MessageRecords.decode(MessageRecords.encode(m))).usingRecursiveComparison().isEqualTo(m);
    }

    @Test
    void nullsAndNoAttributesSurviveARoundTrip() {
        SqsMessage m = new SqsMessage(7, "id", "b", MessageDigests.md5Hex("b"), Map.of(), null, "s", 1, 2, 0, 0, null,
                null, null, null, null);
        assertThat(MessageRecords.decode(MessageRecords.encode(m))).usingRecursiveComparison().isEqualTo(m);
    }

    @Test
    void aDeliveryRecordOverridesTheDeliveryStateAndNothingElse() {
        SqsMessage sent = full().withDelivery(5, 0, 0, null);
        SqsMessage received = sent.received(1_700_000_002_000L, 1_700_000_032_000L, "t2");
        byte[] delivery = MessageRecords.encodeDelivery(received);
        assertThat(MessageRecords.withDelivery(sent, delivery)).usingRecursiveComparison().isEqualTo(received);
        assertThat(delivery.length).isLessThan(32);
    }

    @Test
    void version1RecordsWithoutTheBodyMd5StillRead() {
        SqsMessage m = full();
        byte[] v2 = MessageRecords.encode(m);
        // Version 1 is version 2 without the MD5 (after the version byte, 4 longs, an int, the id and the body).
        int md5At = 1 + 8 * 4 + 4 + 4 + m.messageId().length() + 4 + m.body().getBytes(
                java.nio.charset.StandardCharsets.UTF_8).length;
        byte[] v1 = new byte[v2.length - 4 - 32];
        System.arraycopy(v2, 0, v1, 0, md5At);
        System.arraycopy(v2, md5At + 4 + 32, v1, md5At, v1.length - md5At);
        v1[0] = 1;
        assertThat(MessageRecords.decode(v1)).usingRecursiveComparison().isEqualTo(m);
    }

    @Test
    void recordsStoredAsJsonByEarlierVersionsStillRead() throws Exception {
        SqsMessage m = full();
        Map<String, Object> earlier = DocumentStore.MAPPER.convertValue(m, new com.fasterxml.jackson.core.type
                .TypeReference<Map<String, Object>>() { });
        earlier.remove("bodyMd5");
        byte[] json = DocumentStore.MAPPER.writeValueAsBytes(earlier);
        SqsMessage read = MessageRecords.decode(json);
        assertThat(read).usingRecursiveComparison().ignoringFields("attributes").isEqualTo(m);
        assertThat(new TreeMap<>(read.attributes())).usingRecursiveComparison().isEqualTo(m.attributes());
        assertThat(MessageRecords.encode(m).length).isLessThan(json.length);
    }
}
