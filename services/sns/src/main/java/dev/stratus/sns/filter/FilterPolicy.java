package dev.stratus.sns.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * An SNS subscription filter policy: keys AND-ed, the conditions listed under a key OR-ed, {@code $or} between
 * whole sub-policies, nested keys for message-body scope. Evaluated against a JSON document (the message body, or
 * the message attributes turned into one by {@link AttributeDocument}).
 */
public final class FilterPolicy {
    /** AWS: at most five attribute names (keys) per filter policy. */
    public static final int MAX_KEYS = 5;
    /** AWS: at most 150 combinations of values across the keys of a policy. */
    public static final int MAX_COMBINATIONS = 150;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ObjectNode policy;

    private FilterPolicy(ObjectNode policy) {
        this.policy = policy;
    }

    /**
     * Parses and checks a policy.
     *
     * @param nested whether nested keys are allowed (message-body scope)
     * @throws FilterPolicyException with the reason AWS gives after "Invalid parameter: FilterPolicy: "
     */
    public static FilterPolicy parse(String json, boolean nested) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new FilterPolicyException("failed to parse JSON. " + firstLine(e.getMessage()));
        }
        if (node == null || !node.isObject()) {
            throw new FilterPolicyException("Filter policy must be a JSON object");
        }
        ObjectNode obj = (ObjectNode) node;
        long combinations = PolicyChecker.check(obj, nested);
        if (combinations > MAX_COMBINATIONS) {
            throw new FilterPolicyException("Filter policy is too complex");
        }
        return new FilterPolicy(obj);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Whether a document (message attributes or parsed body) passes this policy. */
    public boolean matches(JsonNode document) {
        return matchesObject(policy, document == null || !document.isObject() ? MAPPER.createObjectNode() : document);
    }

    private static boolean matchesObject(JsonNode spec, JsonNode doc) {
        Iterator<Map.Entry<String, JsonNode>> it = spec.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!matchesKey(e.getKey(), e.getValue(), doc)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchesKey(String key, JsonNode spec, JsonNode doc) {
        if (key.equals("$or")) {
            for (JsonNode alternative : spec) {
                if (matchesObject(alternative, doc)) {
                    return true;
                }
            }
            return false;
        }
        JsonNode value = doc.get(key);
        if (spec.isObject()) {
            return matchesObject(spec, value != null && value.isObject() ? value : MAPPER.createObjectNode());
        }
        for (JsonNode condition : spec) {
            if (Conditions.matches(condition, value)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return policy.toString();
    }
}
