package dev.stratus.dynamodb.value;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The allocation-free shortcuts of the value classes agree with the general code they bypass. */
class FastPathsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Provide
    Arbitrary<String> integers() {
        return Arbitraries.bigIntegers().between(BigInteger.TEN.pow(38).negate().add(BigInteger.ONE),
                BigInteger.TEN.pow(38).subtract(BigInteger.ONE)).map(BigInteger::toString);
    }

    @Property
    void plainIntegersNormaliseAndSizeAsTheirDecimalValue(@ForAll("integers") String text) {
        BigDecimal value = new BigDecimal(text);
        assertThat(Numbers.normalise(text)).isEqualTo(Numbers.format(Numbers.check(value)));
        BigDecimal v = value.stripTrailingZeros();
        int digits = v.precision() + (Math.floorMod(v.scale(), 2) != 0 ? 1 : 0);
        int expected = v.signum() == 0 ? 1 : (digits + 1) / 2 + 1 + (v.signum() < 0 ? 1 : 0);
        assertThat(Numbers.size(text)).isEqualTo(expected);
    }

    @Example
    void integersWithTrailingZerosOrSignsKeepTheirSizes() {
        assertThat(Numbers.size("1200")).isEqualTo(2);
        assertThat(Numbers.size("10")).isEqualTo(2);
        assertThat(Numbers.size("-100")).isEqualTo(3);
        assertThat(Numbers.normalise("-0")).isEqualTo("0");
        assertThat(Numbers.normalise("007")).isEqualTo("7");
    }

    @Property
    void utf8LengthIsTheEncodedLength(@ForAll String text) {
        assertThat(AttributeValues.utf8(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
    }

    @Example
    void utf8LengthCountsPairsAndLoneSurrogatesAsTheEncoderDoes() {
        for (String s : new String[] {"h\u00e9", "\u20ac", "\ud83d\ude00", "a\ud83d", "\ude00b", "\ud83d\ud83d\ude00"}) {
            assertThat(AttributeValues.utf8(s)).as(s).isEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
        }
    }

    @Example
    void storedJsonRoundTripsAsDatabindReadsAndWritesIt() throws Exception {
        String json = "{\"pk\":{\"S\":\"a\\u0000\u00e9\\\"\"},\"n\":{\"N\":\"-1.5\"},\"b\":{\"B\":\"AAEC\"},"
                + "\"ok\":{\"BOOL\":true},\"no\":{\"BOOL\":false},\"nil\":{\"NULL\":true},"
                + "\"l\":{\"L\":[{\"S\":\"x\"},{\"M\":{\"k\":{\"NS\":[\"1\",\"2\"]}}}]},\"m\":{\"M\":{}},"
                + "\"i\":1,\"big\":123456789012,\"huge\":12345678901234567890123,\"d\":1.25,\"z\":null}";
        JsonNode expected = MAPPER.readTree(json);
        JsonNode read = StoredJson.read(json.getBytes(StandardCharsets.UTF_8));
        assertThat(read).isEqualTo(expected);
        assertThat(MAPPER.readTree(StoredJson.write(read))).isEqualTo(expected);
        assertThat(StoredJson.write(read)).isEqualTo(MAPPER.writeValueAsBytes(expected));
    }

    @Example
    void largeItemsAreWrittenWhole() throws Exception {
        String json = "{\"payload\":{\"S\":\"" + "x".repeat(20_000) + "\"},\"k\":{\"S\":\"v\"}}";
        assertThat(StoredJson.write(MAPPER.readTree(json))).isEqualTo(json.getBytes(StandardCharsets.UTF_8));
        assertThat(StoredJson.read("{}".getBytes(StandardCharsets.UTF_8))).isEqualTo(MAPPER.createObjectNode());
    }
}
