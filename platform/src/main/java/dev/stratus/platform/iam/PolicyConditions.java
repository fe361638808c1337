package dev.stratus.platform.iam;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * A statement's Condition block: every operator must hold, and for each operator every key; a key holds when any
 * policy value matches a request value. Operators: String*, Numeric*, Date*, Bool, IpAddress / NotIpAddress,
 * Arn*, Null, each with {@code IfExists}, and the {@code ForAnyValue:} / {@code ForAllValues:} set prefixes.
 * An operator it does not know makes the condition false (so such an Allow grants nothing).
 */
final class PolicyConditions {
    private PolicyConditions() {
    }

    static boolean hold(JsonNode condition, Map<String, List<String>> context) {
        if (condition == null || condition.isNull()) {
            return true;
        }
        if (!condition.isObject()) {
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> ops = condition.fields(); ops.hasNext(); ) {
            Map.Entry<String, JsonNode> op = ops.next();
            if (!op.getValue().isObject()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> keys = op.getValue().fields(); keys.hasNext(); ) {
                Map.Entry<String, JsonNode> key = keys.next();
                List<String> expected = new ArrayList<>();
                PolicyEvaluator.values(key.getValue()).forEach(v -> expected.add(v.asText()));
                if (!holds(op.getKey(), lookup(context, key.getKey()), expected)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static List<String> lookup(Map<String, List<String>> context, String key) {
        for (Map.Entry<String, List<String>> e : context.entrySet()) {
            if (e.getKey().equalsIgnoreCase(key)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static boolean holds(String operator, List<String> actual, List<String> expected) {
        String op = operator;
        String set = null;
        int colon = op.indexOf(':');
        if (colon > 0) {
            set = op.substring(0, colon);
            op = op.substring(colon + 1);
        }
        boolean ifExists = op.endsWith("IfExists");
        if (ifExists) {
            op = op.substring(0, op.length() - "IfExists".length());
        }
        if (op.equals("Null")) {
            boolean wantsAbsent = expected.stream().anyMatch(v -> v.equalsIgnoreCase("true"));
            return wantsAbsent == (actual == null || actual.isEmpty());
        }
        boolean negated = op.contains("Not");
        BiPredicate<String, String> match = matcher(negated ? op.replace("Not", "") : op);
        if (match == null) {
            return false;
        }
        if (actual == null || actual.isEmpty()) {
            // a missing key: IfExists and negated operators hold, ForAllValues holds vacuously
            return ifExists || negated || "ForAllValues".equals(set);
        }
        if ("ForAllValues".equals(set)) {
            return actual.stream().allMatch(a -> negated != expected.stream().anyMatch(e -> match.test(e, a)));
        }
        boolean any = actual.stream().anyMatch(a -> expected.stream().anyMatch(e -> match.test(e, a)));
        return negated != any;
    }

    /** The positive form of an operator as (policy value, request value) → match; null when unknown. */
    private static BiPredicate<String, String> matcher(String op) {
        return switch (op) {
            case "StringEquals" -> String::equals;
            case "StringEqualsIgnoreCase" -> String::equalsIgnoreCase;
            case "StringLike" -> PolicyEvaluator::glob;
            case "ArnEquals", "ArnLike" -> PolicyEvaluator::glob;
            case "Bool" -> (e, a) -> e.equalsIgnoreCase(a);
            case "NumericEquals" -> (e, a) -> compareNumbers(a, e) == 0;
            case "NumericLessThan" -> (e, a) -> compareNumbers(a, e) < 0;
            case "NumericLessThanEquals" -> (e, a) -> compareNumbers(a, e) <= 0 && compareNumbers(a, e) != 2;
            case "NumericGreaterThan" -> (e, a) -> compareNumbers(a, e) > 0 && compareNumbers(a, e) != 2;
            case "NumericGreaterThanEquals" -> (e, a) -> compareNumbers(a, e) >= 0 && compareNumbers(a, e) != 2;
            case "DateEquals" -> (e, a) -> compareDates(a, e) == 0;
            case "DateLessThan" -> (e, a) -> compareDates(a, e) < 0;
            case "DateLessThanEquals" -> (e, a) -> compareDates(a, e) <= 0 && compareDates(a, e) != 2;
            case "DateGreaterThan" -> (e, a) -> compareDates(a, e) > 0 && compareDates(a, e) != 2;
            case "DateGreaterThanEquals" -> (e, a) -> compareDates(a, e) >= 0 && compareDates(a, e) != 2;
            case "IpAddress" -> PolicyConditions::inCidr;
            default -> null;
        };
    }

    /** -1, 0, 1 as numbers compare; 2 when either is not a number (then only "not equal" can hold). */
    private static int compareNumbers(String a, String b) {
        try {
            return Integer.signum(new BigDecimal(a.strip()).compareTo(new BigDecimal(b.strip())));
        } catch (NumberFormatException e) {
            return 2;
        }
    }

    private static int compareDates(String a, String b) {
        Instant x = instant(a);
        Instant y = instant(b);
        return x == null || y == null ? 2 : Integer.signum(x.compareTo(y));
    }

    private static Instant instant(String v) {
        String s = v.strip();
        try {
            return s.chars().allMatch(Character::isDigit) ? Instant.ofEpochSecond(Long.parseLong(s))
                    : OffsetDateTime.parse(s.toUpperCase(Locale.ROOT)).toInstant();
        } catch (DateTimeParseException | NumberFormatException e) {
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }

    /** Whether {@code ip} lies in {@code cidr} ({@code 10.0.0.0/8}, {@code 2001:db8::/32}, or one address). */
    static boolean inCidr(String cidr, String ip) {
        if (!literalAddress(cidr) || !literalAddress(ip)) {
            return false; // never let InetAddress resolve a host name
        }
        try {
            int slash = cidr.indexOf('/');
            byte[] net = InetAddress.getByName(slash < 0 ? cidr.strip() : cidr.substring(0, slash).strip())
                    .getAddress();
            byte[] addr = InetAddress.getByName(ip.strip()).getAddress();
            if (net.length != addr.length) {
                return false;
            }
            int bits = slash < 0 ? net.length * 8 : Integer.parseInt(cidr.substring(slash + 1).strip());
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >> (i % 8);
                if ((net[i / 8] & mask) != (addr[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException | NumberFormatException | ArrayIndexOutOfBoundsException e) {
            return false;
        }
    }

    private static boolean literalAddress(String s) {
        return !s.isBlank() && s.strip().chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':'
                || c == '/');
    }
}
