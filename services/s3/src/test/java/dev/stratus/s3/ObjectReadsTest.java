package dev.stratus.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.protocol.AwsException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObjectReadsTest {

    @Test
    void rangesFollowRfc7233() {
        assertThat(ObjectReads.range("bytes=0-4", 10)).isEqualTo(new ObjectReads.Slice(0, 4));
        assertThat(ObjectReads.range("bytes=5-", 10)).isEqualTo(new ObjectReads.Slice(5, 9));
        assertThat(ObjectReads.range("bytes=-3", 10)).isEqualTo(new ObjectReads.Slice(7, 9));
        assertThat(ObjectReads.range("bytes=-30", 10)).isEqualTo(new ObjectReads.Slice(0, 9));
        assertThat(ObjectReads.range("bytes=8-99", 10)).isEqualTo(new ObjectReads.Slice(8, 9));
        // What S3 ignores: other units, several ranges, reversed bounds.
        assertThat(ObjectReads.range("items=0-1", 10)).isNull();
        assertThat(ObjectReads.range("bytes=0-1,3-4", 10)).isNull();
        assertThat(ObjectReads.range("bytes=5-2", 10)).isNull();
        assertThatThrownBy(() -> ObjectReads.range("bytes=10-", 10))
                .satisfies(e -> assertThat(((AwsException) e).status()).isEqualTo(416));
        assertThatThrownBy(() -> ObjectReads.range("bytes=-0", 10)).isInstanceOf(AwsException.class);
    }

    @Test
    void partNumbersAddressMultipartParts() {
        ObjectRecord r = new ObjectRecord("b", "k", "id", 12, "\"e-2\"", 0, null, null, Map.of(), Map.of(), Map.of(),
                null, List.of(5L, 7L), null);
        assertThat(ObjectReads.part(r, 1)).isEqualTo(new ObjectReads.Slice(0, 4));
        assertThat(ObjectReads.part(r, 2)).isEqualTo(new ObjectReads.Slice(5, 11));
        assertThatThrownBy(() -> ObjectReads.part(r, 3))
                .satisfies(e -> assertThat(((AwsException) e).code()).isEqualTo("InvalidPartNumber"));
    }

    @Test
    void etagListsAndWildcards() {
        assertThat(ObjectReads.etagMatches("\"a\", \"b\"", "\"b\"")).isTrue();
        assertThat(ObjectReads.etagMatches("*", "\"b\"")).isTrue();
        assertThat(ObjectReads.etagMatches("b", "\"b\"")).isTrue();
        assertThat(ObjectReads.etagMatches("\"c\"", "\"b\"")).isFalse();
    }
}
