package dev.stratus.dynamodb.value;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class KeyEncodingTest {

    @Provide
    Arbitrary<BigDecimal> numbers() {
        return StorableNumbers.arbitrary();
    }

    @Property
    void numbersSortNumerically(@ForAll("numbers") BigDecimal a, @ForAll("numbers") BigDecimal b) {
        int expected = Integer.signum(a.compareTo(b));
        int actual = Integer.signum(Arrays.compareUnsigned(
                KeyEncoding.encode(AttributeValues.n(a)), KeyEncoding.encode(AttributeValues.n(b))));
        assertThat(actual).isEqualTo(expected);
    }

    @Property
    void stringsSortByUtf8Bytes(@ForAll String a, @ForAll String b) {
        int expected = Integer.signum(Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
        int actual = Integer.signum(Arrays.compareUnsigned(KeyEncoding.encode(AttributeValues.s(a)), KeyEncoding.encode(AttributeValues.s(b))));
        assertThat(actual).isEqualTo(expected);
    }

    @Property
    void binariesSortBytewiseAndAreNeverPrefixesOfEachOther(@ForAll byte[] a, @ForAll byte[] b) {
        byte[] ea = KeyEncoding.encode(JsonNodeFactory.instance.objectNode().put("B", a));
        byte[] eb = KeyEncoding.encode(JsonNodeFactory.instance.objectNode().put("B", b));
        assertThat(Integer.signum(Arrays.compareUnsigned(ea, eb))).isEqualTo(Integer.signum(Arrays.compareUnsigned(a, b)));
        if (!Arrays.equals(a, b)) {
            int n = Math.min(ea.length, eb.length);
            assertThat(Arrays.equals(ea, 0, n, eb, 0, n)).isFalse();
        }
    }

    @Property
    void aStringPrefixCoversEveryStringStartingWithIt(@ForAll String prefix, @ForAll String rest) {
        byte[] p = KeyEncoding.prefixOf(AttributeValues.s(prefix));
        byte[] full = KeyEncoding.encode(AttributeValues.s(prefix + rest));
        assertThat(Arrays.equals(full, 0, p.length, p, 0, p.length)).isTrue();
    }
}
