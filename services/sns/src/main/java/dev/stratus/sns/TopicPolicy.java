package dev.stratus.sns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * A topic's access policy, read just far enough to answer "may this account call SNS:Action": Allow statements
 * whose principal names the account (or "*") and whose actions cover the call. Of conditions only
 * {@code StringEquals AWS:SourceOwner} (the default policy's) is understood; a statement with any other condition is
 * ignored. Deny statements, IAM identity policies and service principals are not evaluated.
 */
final class TopicPolicy {
    private final ObjectNode document;

    private TopicPolicy(ObjectNode document) {
        this.document = document;
    }

    static TopicPolicy of(TopicRecord topic) {
        String text = topic.attributes().get("Policy");
        if (text == null) {
            text = TopicAttributes.defaultPolicy(topic.arn(), topic.owner());
        }
        try {
            JsonNode node = Trees.MAPPER.readTree(text);
            return new TopicPolicy(node != null && node.isObject() ? (ObjectNode) node : Trees.NODES.objectNode());
        } catch (IOException e) {
            return new TopicPolicy(Trees.NODES.objectNode());
        }
    }

    ObjectNode document() {
        return document;
    }

    boolean allows(String account, String action) {
        for (JsonNode st : document.path("Statement")) {
            if ("Allow".equals(st.path("Effect").asText()) && principalMatches(st.path("Principal"), account)
                    && actionMatches(st.path("Action"), action) && conditionHolds(st.get("Condition"), account)) {
                return true;
            }
        }
        return false;
    }

    private static List<JsonNode> values(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (node.isArray()) {
            List<JsonNode> out = new java.util.ArrayList<>();
            node.forEach(out::add);
            return out;
        }
        return List.of(node);
    }

    private static boolean principalMatches(JsonNode principal, String account) {
        if (principal.isTextual()) {
            return principal.asText().equals("*");
        }
        for (JsonNode p : values(principal.get("AWS"))) {
            String s = p.asText();
            if (s.equals("*") || s.equals(account) || s.equals("arn:aws:iam::" + account + ":root")) {
                return true;
            }
        }
        return false;
    }

    private static boolean actionMatches(JsonNode actions, String action) {
        for (JsonNode a : values(actions)) {
            String s = a.asText().toLowerCase(Locale.ROOT);
            if (s.equals("*") || s.equals("sns:*") || s.equals("sns:" + action.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    private static boolean conditionHolds(JsonNode condition, String account) {
        if (condition == null || condition.isEmpty()) {
            return true;
        }
        if (condition.size() != 1 || !condition.has("StringEquals") || condition.get("StringEquals").size() != 1) {
            return false;
        }
        for (JsonNode v : values(condition.get("StringEquals").get("AWS:SourceOwner"))) {
            if (v.asText().equals(account)) {
                return true;
            }
        }
        return false;
    }

    /** Adds an Allow statement as AddPermission writes it. */
    boolean addStatement(String label, List<String> accounts, List<String> actions, String topicArn) {
        ArrayNode statements = document.withArray("Statement");
        for (JsonNode st : statements) {
            if (label.equals(st.path("Sid").asText())) {
                return false;
            }
        }
        ObjectNode st = statements.addObject();
        st.put("Sid", label);
        st.put("Effect", "Allow");
        ObjectNode principal = st.putObject("Principal");
        if (accounts.size() == 1) {
            principal.put("AWS", "arn:aws:iam::" + accounts.get(0) + ":root");
        } else {
            accounts.forEach(a -> principal.withArray("AWS").add("arn:aws:iam::" + a + ":root"));
        }
        if (actions.size() == 1) {
            st.put("Action", "SNS:" + actions.get(0));
        } else {
            actions.forEach(a -> st.withArray("Action").add("SNS:" + a));
        }
        st.put("Resource", topicArn);
        return true;
    }

    boolean removeStatement(String label) {
        ArrayNode statements = document.withArray("Statement");
        for (int i = 0; i < statements.size(); i++) {
            if (label.equals(statements.get(i).path("Sid").asText())) {
                statements.remove(i);
                return true;
            }
        }
        return false;
    }
}
