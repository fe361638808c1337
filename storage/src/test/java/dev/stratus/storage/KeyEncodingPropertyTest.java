package dev.stratus.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of the key encodings: byte order equals logical order, decoding inverts encoding. */
class KeyEncodingPropertyTest {

    @Property
    void bytesSortUnsignedAndRoundTrip(@ForAll("byteStrings") byte[] a, @ForAll("byteStrings") byte[] b,
            @ForAll SortOrder order) {
        byte[] ea = new KeyEncoder().bytes(a, order).toBytes();
        byte[] eb = new KeyEncoder().bytes(b, order).toBytes();
        assertSameOrder(ea, eb, Arrays.compareUnsigned(a, b), order);
        assertThat(new KeyDecoder(ea).bytes(order)).isEqualTo(a);
    }

    @Property
    void stringsSortByCodePointAndRoundTrip(@ForAll("strings") String a, @ForAll("strings") String b,
            @ForAll SortOrder order) {
        byte[] ea = new KeyEncoder().string(a, order).toBytes();
        byte[] eb = new KeyEncoder().string(b, order).toBytes();
        assertSameOrder(ea, eb, compareCodePoints(a, b), order);
        // UTF-8 byte order is code point order, which is what DynamoDB sorts strings by.
        assertThat(Integer.signum(compareCodePoints(a, b))).isEqualTo(Integer.signum(Arrays.compareUnsigned(
                a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8))));
        assertThat(new KeyDecoder(ea).string(order)).isEqualTo(a);
    }

    @Property
    void int32SortsNumericallyAndRoundTrips(@ForAll int a, @ForAll int b, @ForAll SortOrder order) {
        byte[] ea = new KeyEncoder().int32(a, order).toBytes();
        byte[] eb = new KeyEncoder().int32(b, order).toBytes();
        assertSameOrder(ea, eb, Integer.compare(a, b), order);
        assertThat(new KeyDecoder(ea).int32(order)).isEqualTo(a);
    }

    @Property
    void int64SortsNumericallyAndRoundTrips(@ForAll long a, @ForAll long b, @ForAll SortOrder order) {
        byte[] ea = new KeyEncoder().int64(a, order).toBytes();
        byte[] eb = new KeyEncoder().int64(b, order).toBytes();
        assertSameOrder(ea, eb, Long.compare(a, b), order);
        assertThat(new KeyDecoder(ea).int64(order)).isEqualTo(a);
    }

    @Property
    void float64SortsLikeDoubleCompareAndRoundTrips(@ForAll("doubles") double a, @ForAll("doubles") double b,
            @ForAll SortOrder order) {
        byte[] ea = new KeyEncoder().float64(a, order).toBytes();
        byte[] eb = new KeyEncoder().float64(b, order).toBytes();
        assertSameOrder(ea, eb, Double.compare(a, b), order);
        assertThat(Double.compare(new KeyDecoder(ea).float64(order), a)).isZero();
    }

    @Property(tries = 2000)
    void decimalsSortNumericallyAndRoundTrip(@ForAll("decimals") BigDecimal a, @ForAll("decimals") BigDecimal b,
            @ForAll SortOrder order) {
        byte[] ea = new KeyEncoder().decimal(a, order).toBytes();
        byte[] eb = new KeyEncoder().decimal(b, order).toBytes();
        assertSameOrder(ea, eb, a.compareTo(b), order);
        KeyDecoder decoder = new KeyDecoder(ea);
        BigDecimal decoded = decoder.decimal(order);
        assertThat(decoded).isEqualByComparingTo(a);
        assertThat(decoded).isEqualTo(a.signum() == 0 ? BigDecimal.ZERO : a.stripTrailingZeros());
        assertThat(decoder.hasRemaining()).isFalse();
        assertThat(ea.length).isLessThanOrEqualTo(DecimalKeys.MAX_ENCODED_LENGTH);
    }

    @Property
    void equalDecimalsWithOtherScalesEncodeIdentically(@ForAll("decimals") BigDecimal a,
            @ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 5) int extraZeros) {
        BigDecimal rescaled = a.setScale(a.scale() + extraZeros);
        assertThat(new KeyEncoder().decimal(rescaled).toBytes()).isEqualTo(new KeyEncoder().decimal(a).toBytes());
    }

    @Property(tries = 2000)
    void compositeKeysKeepTupleOrder(@ForAll("tuples") Tuple a, @ForAll("tuples") Tuple b) {
        byte[] ea = a.encode();
        byte[] eb = b.encode();
        assertThat(Integer.signum(Keys.compare(ea, eb))).isEqualTo(Integer.signum(a.compareTo(b)));
        assertThat(Tuple.decode(ea)).isEqualTo(a.normalized());
    }

    @Property
    void aLeadingComponentIsAPrefixOfEveryKeyThatStartsWithIt(@ForAll("strings") String head,
            @ForAll("strings") String tail, @ForAll("decimals") BigDecimal number) {
        byte[] prefix = new KeyEncoder().string(head).toBytes();
        byte[] full = new KeyEncoder().string(head).decimal(number).string(tail).toBytes();
        assertThat(Arrays.copyOf(full, prefix.length)).isEqualTo(prefix);
        assertThat(Keys.compare(full, Keys.prefixEnd(prefix))).isNegative();
    }

    private static void assertSameOrder(byte[] ea, byte[] eb, int logical, SortOrder order) {
        int expected = order == SortOrder.ASCENDING ? Integer.signum(logical) : -Integer.signum(logical);
        assertThat(Integer.signum(Keys.compare(ea, eb))).isEqualTo(expected);
    }

    static int compareCodePoints(String a, String b) {
        return Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
    }

    @Provide
    Arbitrary<byte[]> byteStrings() {
        // A tiny alphabet around the escape bytes makes prefixes and near-equal keys common.
        Arbitrary<Byte> edgy = Arbitraries.of((byte) 0x00, (byte) 0x01, (byte) 0x7F, (byte) 0x80, (byte) 0xFE,
                (byte) 0xFF);
        return Arbitraries.oneOf(edgy, Arbitraries.bytes()).array(byte[].class).ofMaxSize(8);
    }

    @Provide
    Arbitrary<String> strings() {
        Arbitrary<Integer> edgy = Arbitraries.of(0, 1, (int) 'a', (int) 'b', 0x7F, 0x80, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF);
        Arbitrary<Integer> any = Arbitraries.integers().between(0, 0x10FFFF)
                .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE);
        return Arbitraries.oneOf(edgy, any).list().ofMaxSize(6).map(KeyEncodingPropertyTest::fromCodePoints);
    }

    @Provide
    Arbitrary<Double> doubles() {
        return Arbitraries.oneOf(
                Arbitraries.longs().map(Double::longBitsToDouble),
                Arbitraries.doubles(),
                Arbitraries.of(Double.NaN, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, -0.0, 0.0,
                        Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 1.0, -1.0));
    }

    @Provide
    Arbitrary<BigDecimal> decimals() {
        return Arbitraries.oneOf(wideDecimals(), narrowDecimals(), Arbitraries.of(DecimalBounds.ALL));
    }

    /** Anywhere in DynamoDB's range: 1 to 38 digits, exponent -129 to 126. */
    private static Arbitrary<BigDecimal> wideDecimals() {
        Arbitrary<String> digits = Arbitraries.strings().withCharRange('0', '9').ofMinLength(1).ofMaxLength(38)
                .filter(s -> s.charAt(0) != '0');
        Arbitrary<Integer> exponent = Arbitraries.integers().between(DecimalKeys.MIN_EXPONENT,
                DecimalKeys.MAX_EXPONENT);
        return Combinators.combine(digits, exponent, Arbitraries.of(1, -1)).as((d, e, sign) ->
                new BigDecimal(new BigInteger(d).multiply(BigInteger.valueOf(sign)), d.length() - e));
    }

    /** Few digits and small exponents, so equal and adjacent numbers (and zero) come up often. */
    private static Arbitrary<BigDecimal> narrowDecimals() {
        return Combinators.combine(Arbitraries.integers().between(-1200, 1200), Arbitraries.integers().between(-3, 3))
                .as((unscaled, scale) -> BigDecimal.valueOf(unscaled, scale));
    }

    @Provide
    Arbitrary<Tuple> tuples() {
        return Combinators.combine(strings(), Arbitraries.longs().between(-3, 3), narrowDecimals(), byteStrings())
                .as(Tuple::new);
    }

    private static String fromCodePoints(List<Integer> codePoints) {
        StringBuilder out = new StringBuilder();
        codePoints.forEach(out::appendCodePoint);
        return out.toString();
    }

    /** A sample composite key: (string asc, long asc, decimal desc, bytes asc). */
    record Tuple(String name, long version, BigDecimal score, byte[] tail) implements Comparable<Tuple> {
        byte[] encode() {
            return new KeyEncoder().string(name).int64(version).decimal(score, SortOrder.DESCENDING).bytes(tail)
                    .toBytes();
        }

        static Tuple decode(byte[] key) {
            KeyDecoder d = new KeyDecoder(key);
            Tuple t = new Tuple(d.string(), d.int64(), d.decimal(SortOrder.DESCENDING), d.bytes());
            assertThat(d.hasRemaining()).isFalse();
            return t;
        }

        Tuple normalized() {
            return new Tuple(name, version, score.signum() == 0 ? BigDecimal.ZERO : score.stripTrailingZeros(), tail);
        }

        @Override
        public int compareTo(Tuple o) {
            int c = compareCodePoints(name, o.name);
            if (c == 0) {
                c = Long.compare(version, o.version);
            }
            if (c == 0) {
                c = o.score.compareTo(score);
            }
            return c != 0 ? c : Arrays.compareUnsigned(tail, o.tail);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Tuple t && name.equals(t.name) && version == t.version && score.equals(t.score)
                    && Arrays.equals(tail, t.tail);
        }

        @Override
        public int hashCode() {
            return name.hashCode() ^ Long.hashCode(version) ^ score.hashCode() ^ Arrays.hashCode(tail);
        }
    }
}
