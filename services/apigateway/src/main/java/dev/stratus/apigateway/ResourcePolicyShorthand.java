package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;

/**
 * AWS's shorthand in API resource policies: a {@code Resource} (or {@code NotResource}) of
 * {@code execute-api:/stage/METHOD/path} stands for {@code arn:aws:execute-api:region:account:apiId/stage/METHOD/path}
 * of the API the policy is attached to.
 */
final class ResourcePolicyShorthand {
    static final String PREFIX = "execute-api:/";

    private ResourcePolicyShorthand() {
    }

    /**
     * {@code policy} with every shorthand resource expanded, given an ARN of the invoked API
     * ({@code arn:aws:execute-api:region:account:apiId/...}); the policy itself when it has none.
     */
    static JsonNode expand(JsonNode policy, String invokedArn) {
        int slash = invokedArn.indexOf('/');
        if (slash < 0 || !policy.toString().contains(PREFIX)) {
            return policy;
        }
        String apiArn = invokedArn.substring(0, slash);
        JsonNode copy = policy.deepCopy();
        JsonNode statements = copy.path("Statement");
        for (JsonNode statement : statements.isArray() ? statements : List.of(statements)) {
            if (statement instanceof ObjectNode s) {
                expandMember(s, "Resource", apiArn);
                expandMember(s, "NotResource", apiArn);
            }
        }
        return copy;
    }

    private static void expandMember(ObjectNode statement, String member, String apiArn) {
        JsonNode value = statement.get(member);
        if (value != null && value.isTextual()) {
            statement.set(member, TextNode.valueOf(expand(value.asText(), apiArn)));
        } else if (value instanceof ArrayNode list) {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i).isTextual()) {
                    list.set(i, TextNode.valueOf(expand(list.get(i).asText(), apiArn)));
                }
            }
        }
    }

    private static String expand(String resource, String apiArn) {
        return resource.startsWith(PREFIX) ? apiArn + resource.substring(PREFIX.length() - 1) : resource;
    }
}
