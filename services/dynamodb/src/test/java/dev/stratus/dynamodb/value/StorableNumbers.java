package dev.stratus.dynamodb.value;

import java.math.BigDecimal;
import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Numbers DynamoDB can store: up to 37 digits (so 38 with a carry) at scales that keep them within range. */
final class StorableNumbers {
    private StorableNumbers() {
    }

    static Arbitrary<BigDecimal> arbitrary() {
        Arbitrary<BigInteger> digits = Arbitraries.bigIntegers()
                .between(BigInteger.TEN.pow(37).negate(), BigInteger.TEN.pow(37));
        Arbitrary<Integer> scale = Arbitraries.integers().between(-88, 93);
        return Combinators.combine(digits, scale).as(BigDecimal::new);
    }
}
