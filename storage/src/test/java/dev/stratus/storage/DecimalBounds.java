package dev.stratus.storage;

import java.math.BigDecimal;

/** The edges of DynamoDB's number range, for tests. */
final class DecimalBounds {
    static final BigDecimal SMALLEST = new BigDecimal("1E-130");
    static final BigDecimal LARGEST = new BigDecimal("9.9999999999999999999999999999999999999E+125");
    static final BigDecimal[] ALL = {
        SMALLEST, SMALLEST.negate(), LARGEST, LARGEST.negate(), BigDecimal.ZERO, BigDecimal.ONE,
        BigDecimal.ONE.negate(), new BigDecimal("0.1"), new BigDecimal("10"), new BigDecimal("99"),
        new BigDecimal("100"), new BigDecimal("1.01"), new BigDecimal("12345678901234567890123456789012345678"),
    };

    private DecimalBounds() {
    }
}
