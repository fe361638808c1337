package dev.stratus.sns.filter;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/** Checks a filter policy's shape the way SNS does when it is set, and counts its value combinations. */
final class PolicyChecker {
    private static final Set<String> OPERATORS =
            Set.of("prefix", "suffix", "anything-but", "numeric", "exists", "equals-ignore-case", "cidr");
    private static final Set<String> NUMERIC_OPS = Set.of("=", "<", "<=", ">", ">=");

    private PolicyChecker() {
    }

    /** @return the number of value combinations the policy spans */
    static long check(JsonNode policy, boolean nested) {
        return checkObject(policy, nested, 0);
    }

    private static long checkObject(JsonNode obj, boolean nested, int depth) {
        if (obj.size() > FilterPolicy.MAX_KEYS && depth == 0) {
            throw new FilterPolicyException("Filter policy can not have more than " + FilterPolicy.MAX_KEYS + " keys");
        }
        long combinations = 1;
        Iterator<Map.Entry<String, JsonNode>> it = obj.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            long n;
            if (e.getKey().equals("$or")) {
                if (!v.isArray() || v.size() < 2) {
                    throw new FilterPolicyException("Or statement must have at least 2 elements");
                }
                n = 0;
                for (JsonNode alt : v) {
                    if (!alt.isObject()) {
                        throw new FilterPolicyException("Or statement elements must be objects");
                    }
                    n += checkObject(alt, nested, depth + 1);
                }
            } else if (v.isObject()) {
                if (!nested) {
                    throw new FilterPolicyException(
                            "Filter policy scope MessageAttributes does not support nested filter policy");
                }
                n = checkObject(v, true, depth + 1);
            } else if (v.isArray()) {
                if (v.isEmpty()) {
                    throw new FilterPolicyException("Empty arrays are not allowed");
                }
                for (JsonNode condition : v) {
                    checkCondition(condition);
                }
                n = v.size();
            } else {
                throw new FilterPolicyException("\"" + e.getKey() + "\" must be an object or an array");
            }
            combinations *= n;
        }
        return combinations;
    }

    private static void checkCondition(JsonNode c) {
        if (c.isTextual() || c.isNumber() || c.isBoolean() || c.isNull()) {
            return;
        }
        if (!c.isObject() || c.size() != 1) {
            throw new FilterPolicyException("Match value must be String, number, true, false, or null");
        }
        Map.Entry<String, JsonNode> op = c.fields().next();
        String name = op.getKey();
        JsonNode arg = op.getValue();
        if (!OPERATORS.contains(name)) {
            throw new FilterPolicyException("Unrecognized match type " + name);
        }
        switch (name) {
            case "exists" -> {
                if (!arg.isBoolean()) {
                    throw new FilterPolicyException("exists match pattern must be either true or false.");
                }
            }
            case "prefix", "suffix" -> {
                boolean ignoreCase = arg.isObject() && arg.size() == 1 && arg.path("equals-ignore-case").isTextual();
                if (!arg.isTextual() && !ignoreCase) {
                    throw new FilterPolicyException(name + " match pattern must be a string");
                }
            }
            case "equals-ignore-case" -> {
                if (!arg.isTextual()) {
                    throw new FilterPolicyException("equals-ignore-case match pattern must be a string");
                }
            }
            case "numeric" -> checkNumeric(arg);
            case "anything-but" -> checkAnythingBut(arg);
            default -> {
            }
        }
    }

    private static void checkNumeric(JsonNode arg) {
        if (!arg.isArray() || arg.isEmpty() || arg.size() % 2 != 0 || arg.size() > 4) {
            throw new FilterPolicyException("Value of numeric must be an array with an operator and a number");
        }
        for (int i = 0; i < arg.size(); i += 2) {
            if (!NUMERIC_OPS.contains(arg.get(i).asText()) || !arg.get(i).isTextual()) {
                throw new FilterPolicyException("Unrecognized numeric range operator: " + arg.get(i).asText());
            }
            if (!arg.get(i + 1).isNumber()) {
                throw new FilterPolicyException("Value of " + arg.get(i).asText() + " must be numeric");
            }
        }
        if (arg.size() == 4 && (arg.get(0).asText().startsWith("<") || arg.get(2).asText().startsWith(">"))) {
            throw new FilterPolicyException("Bottom must be less than top");
        }
    }

    private static void checkAnythingBut(JsonNode arg) {
        if (arg.isObject()) {
            if (arg.size() != 1 || !(arg.has("prefix") || arg.has("suffix"))) {
                throw new FilterPolicyException("Unsupported anything-but pattern: " + arg.fieldNames().next());
            }
            return;
        }
        if (arg.isArray()) {
            for (JsonNode v : arg) {
                if (!v.isTextual() && !v.isNumber()) {
                    throw new FilterPolicyException("Inside anything but list, start|null|boolean is not supported.");
                }
            }
            return;
        }
        if (!arg.isTextual() && !arg.isNumber()) {
            throw new FilterPolicyException("Inside anything but list, start|null|boolean is not supported.");
        }
    }
}
