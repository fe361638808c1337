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
        return new SqsMessage(1_700_000_000_000_123L, "id-1", "body ✓ 😀\n", attributes, "Root=1-abc", "AKID",
                1_700_000_000_000L, 1_700_000_030_000L, 3, 1_700_000_001_000L, "token", "group", "dedup",
                "00000000000000000001", "arn:aws:sqs:us-east-1:000000000000:src");
    }

    @Test
    void everyFieldSurvivesARoundTrip() {
        SqsMessage m = full();
        assertThat(MessageRecords.decode(MessageRecords.encode(m))).usingRecursiveComparison().isEqualTo(m);
    }

    @Test
    void nullsAndNoAttributesSurviveARoundTrip() {
        SqsMessage m = new SqsMessage(7, "id", "b", Map.of(), null, "s", 1, 2, 0, 0, null, null, null, null, null);
        assertThat(MessageRecords.decode(MessageRecords.encode(m))).usingRecursiveComparison().isEqualTo(m);
    }

    @Test
    void recordsStoredAsJsonByEarlierVersionsStillRead() throws Exception {
        SqsMessage m = full();
        byte[] json = DocumentStore.MAPPER.writeValueAsBytes(m);
        SqsMessage read = MessageRecords.decode(json);
        assertThat(read).usingRecursiveComparison().ignoringFields("attributes").isEqualTo(m);
        assertThat(new TreeMap<>(read.attributes())).usingRecursiveComparison().isEqualTo(m.attributes());
        assertThat(MessageRecords.encode(m).length).isLessThan(json.length);
    }
}
