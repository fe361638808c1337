package dev.stratus.dynamodb.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class NumbersTest {

    @Provide
    Arbitrary<BigDecimal> storable() {
        return StorableNumbers.arbitrary();
    }

    @Property
    void normalisingKeepsTheValueAndIsIdempotent(@ForAll("storable") BigDecimal value) {
        String once = Numbers.normalise(value.toString());
        assertThat(new BigDecimal(once)).isEqualByComparingTo(value);
        assertThat(Numbers.normalise(once)).isEqualTo(once);
        assertThat(once).doesNotContain("E");
        if (once.contains(".")) {
            assertThat(once).doesNotEndWith("0");
        }
    }

    @Property
    void sizeGrowsWithSignificantDigits(@ForAll("storable") BigDecimal value) {
        int size = Numbers.size(value.toPlainString());
        int digits = value.signum() == 0 ? 1 : value.stripTrailingZeros().precision();
        assertThat(size).isBetween(1, (digits + 2) / 2 + 2);
    }

    @Example
    void boundariesOfTheRange() {
        assertThat(Numbers.normalise("9.9999999999999999999999999999999999999E+125")).hasSize(126);
        assertThat(Numbers.normalise("-1E-130")).startsWith("-0.000").endsWith("1");
        assertThat(Numbers.normalise("0.000")).isEqualTo("0");
        assertThat(Numbers.normalise("-0")).isEqualTo("0");
        assertThat(Numbers.normalise("1.50")).isEqualTo("1.5");
        assertThat(Numbers.normalise("1E+2")).isEqualTo("100");
        assertThatThrownBy(() -> Numbers.normalise("1E+126")).hasMessageStartingWith("Number overflow.");
        assertThatThrownBy(() -> Numbers.normalise("-1E+126")).hasMessageStartingWith("Number overflow.");
        assertThatThrownBy(() -> Numbers.normalise("1E-131")).hasMessageStartingWith("Number underflow.");
        assertThatThrownBy(() -> Numbers.normalise("12345678901234567890123456789012345678.9"))
                .hasMessage("Attempting to store more than 38 significant digits in a Number");
        assertThatThrownBy(() -> Numbers.normalise("abc")).hasMessage("The parameter cannot be converted to a numeric value: abc");
        assertThatThrownBy(() -> Numbers.normalise(" 1")).hasMessage("The parameter cannot be converted to a numeric value:  1");
    }
}
