package dev.stratus.sns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** AddPermission and RemovePermission (statements in the topic's Policy), and the data protection policy. */
final class TopicPolicyOperations {
    private final SnsState state;

    TopicPolicyOperations(SnsState state) {
        this.state = state;
    }

    JsonNode addPermission(RequestContext ctx, ObjectNode input) {
        TopicRecord topic = state.requireTopic(SnsArn.topic(Trees.text(input, "TopicArn"), "TopicArn"));
        Errors.checkAccess(ctx, topic, "AddPermission");
        List<String> accounts = new ArrayList<>();
        input.path("AWSAccountId").forEach(a -> accounts.add(a.asText()));
        List<String> actions = new ArrayList<>();
        input.path("ActionName").forEach(a -> actions.add(a.asText()));
        if (accounts.isEmpty()) {
            throw Errors.invalidParameter("AWSAccountId");
        }
        if (actions.isEmpty()) {
            throw Errors.invalidParameter("ActionName");
        }
        TopicPolicy policy = TopicPolicy.of(topic);
        if (!policy.addStatement(input.path("Label").asText(), accounts, actions, topic.arn())) {
            throw Errors.invalidParameter("Statement already exists");
        }
        savePolicy(topic, policy);
        return null;
    }

    JsonNode removePermission(RequestContext ctx, ObjectNode input) {
        TopicRecord topic = state.requireTopic(SnsArn.topic(Trees.text(input, "TopicArn"), "TopicArn"));
        Errors.checkAccess(ctx, topic, "RemovePermission");
        TopicPolicy policy = TopicPolicy.of(topic);
        if (policy.removeStatement(input.path("Label").asText())) {
            savePolicy(topic, policy);
        }
        return null;
    }

    private void savePolicy(TopicRecord topic, TopicPolicy policy) {
        Map<String, String> attributes = new LinkedHashMap<>(topic.attributes());
        attributes.put("Policy", policy.document().toString());
        state.putTopic(topic.withAttributes(attributes));
    }

    JsonNode putDataProtectionPolicy(RequestContext ctx, ObjectNode input) {
        TopicRecord topic = state.requireTopic(SnsArn.topic(Trees.text(input, "ResourceArn"), "ResourceArn"));
        String policy = input.path("DataProtectionPolicy").asText();
        Map<String, String> attributes = new LinkedHashMap<>(topic.attributes());
        if (policy.isEmpty()) {
            attributes.remove("DataProtectionPolicy");
        } else {
            TopicOperations.requireJsonObject("DataProtectionPolicy", policy);
            attributes.put("DataProtectionPolicy", policy);
        }
        state.putTopic(topic.withAttributes(attributes));
        return null;
    }

    JsonNode getDataProtectionPolicy(RequestContext ctx, ObjectNode input) {
        TopicRecord topic = state.requireTopic(SnsArn.topic(Trees.text(input, "ResourceArn"), "ResourceArn"));
        return Trees.NODES.objectNode().put("DataProtectionPolicy",
                topic.attributes().getOrDefault("DataProtectionPolicy", ""));
    }
}
