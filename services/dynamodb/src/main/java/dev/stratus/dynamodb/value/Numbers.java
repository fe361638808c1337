package dev.stratus.dynamodb.value;

import dev.stratus.dynamodb.DynamoErrors;
import java.math.BigDecimal;

/** DynamoDB's Number type: 38 significant digits, magnitudes 1E-130 to 9.99...E+125, normalised text. */
public final class Numbers {
    /** Significant digits a Number may carry (DynamoDB developer guide, data types). */
    public static final int MAX_DIGITS = 38;
    private static final BigDecimal MAX = new BigDecimal("9.9999999999999999999999999999999999999E+125");
    private static final BigDecimal MIN = new BigDecimal("1E-130");

    private Numbers() {
    }

    /** Parses and checks a Number's text, as DynamoDB does on input. */
    public static BigDecimal parse(String text) {
        BigDecimal value;
        try {
            if (text.isEmpty() || text.indexOf('_') >= 0 || Character.isWhitespace(text.charAt(0))) {
                throw new NumberFormatException();
            }
            value = new BigDecimal(text);
        } catch (NumberFormatException e) {
            // DynamoDB's wording (dynalite's tests and Alternator's test_number.py, both verified against DynamoDB).
            throw DynamoErrors.validation("The parameter cannot be converted to a numeric value"
                    + (text.isEmpty() ? "" : ": " + text));
        }
        return check(value);
    }

    /** Checks range and precision of a computed or parsed value and strips trailing zeros. */
    public static BigDecimal check(BigDecimal value) {
        BigDecimal v = value.stripTrailingZeros();
        if (v.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal abs = v.abs();
        if (abs.compareTo(MAX) > 0) {
            throw DynamoErrors.validation(
                    "Number overflow. Attempting to store a number with magnitude larger than supported range");
        }
        if (abs.compareTo(MIN) < 0) {
            throw DynamoErrors.validation(
                    "Number underflow. Attempting to store a number with magnitude smaller than supported range");
        }
        if (v.precision() > MAX_DIGITS) {
            throw DynamoErrors.validation("Attempting to store more than 38 significant digits in a Number");
        }
        return v;
    }

    /**
     * Checks the result of arithmetic (SET +/-, ADD). DynamoDB reports a result that needs more than 38 digits with
     * its overflow text, not the precision text it gives for such input (verified on DynamoDB by Alternator's
     * test_number.py).
     */
    public static BigDecimal checkComputed(BigDecimal value) {
        BigDecimal v = value.stripTrailingZeros();
        if (v.signum() != 0 && v.precision() > MAX_DIGITS) {
            throw DynamoErrors.validation(
                    "Number overflow. Attempting to store a number with magnitude larger than supported range");
        }
        return check(v);
    }

    /** The canonical text DynamoDB answers with: plain notation, no trailing zeros. */
    public static String normalise(String text) {
        // Most numbers are plain integers already in canonical form (and well inside the range): no BigDecimal.
        return plainInteger(text) ? text : format(parse(text));
    }

    /** True for {@code -?[1-9][0-9]*} of at most 38 digits: canonical text whose value needs no range check. */
    static boolean plainInteger(String text) {
        int start = !text.isEmpty() && text.charAt(0) == '-' ? 1 : 0;
        int digits = text.length() - start;
        if (digits < 1 || digits > MAX_DIGITS || text.charAt(start) == '0') {
            return false;
        }
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    public static String format(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.toPlainString();
    }

    /** Bytes a Number occupies: one per two significant digits, plus one (plus one when negative). */
    public static int size(String text) {
        if (plainInteger(text)) {
            // The same count as below without parsing: trailing zeros are dropped into an (even or odd) exponent.
            boolean negative = text.charAt(0) == '-';
            int end = text.length();
            int zeros = 0;
            while (text.charAt(end - 1 - zeros) == '0') {
                zeros++;
            }
            int digits = end - (negative ? 1 : 0) - zeros + (zeros % 2);
            return (digits + 1) / 2 + 1 + (negative ? 1 : 0);
        }
        BigDecimal v = new BigDecimal(text).stripTrailingZeros();
        if (v.signum() == 0) {
            return 1;
        }
        int digits = v.precision();
        // An odd scale shifts the digits by half a byte, costing one more digit of storage.
        if (Math.floorMod(v.scale(), 2) != 0) {
            digits++;
        }
        return (digits + 1) / 2 + 1 + (v.signum() < 0 ? 1 : 0);
    }
}
