package dev.stratus.sns;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.sns.filter.FilterPolicy;
import dev.stratus.sns.filter.FilterPolicyException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Checks subscription attributes as SNS does, and renders GetSubscriptionAttributes. */
final class SubscriptionAttributes {
    static final Set<String> SETTABLE = Set.of("DeliveryPolicy", "FilterPolicy", "FilterPolicyScope",
            "RawMessageDelivery", "RedrivePolicy", "SubscriptionRoleArn", "ReplayPolicy");

    private SubscriptionAttributes() {
    }

    /** Throws InvalidParameter unless {@code attributes} (the complete set after a change) is acceptable. */
    static void check(Map<String, String> attributes, String protocol) {
        for (var e : attributes.entrySet()) {
            if (!SETTABLE.contains(e.getKey())) {
                throw Errors.invalidParameter("AttributeName");
            }
        }
        String raw = attributes.get("RawMessageDelivery");
        if (raw != null && !raw.equalsIgnoreCase("true") && !raw.equalsIgnoreCase("false")) {
            throw Errors.invalidParameter("Attributes",
                    "RawMessageDelivery: Invalid value [" + raw + "]. Must be true or false.");
        }
        if ("true".equalsIgnoreCase(raw) && !Set.of("sqs", "http", "https", "firehose").contains(protocol)) {
            throw Errors.invalidParameter("Attributes",
                    "Delivery protocol [" + protocol + "] does not support raw message delivery.");
        }
        String scope = attributes.get("FilterPolicyScope");
        if (scope != null && !scope.equals("MessageAttributes") && !scope.equals("MessageBody")) {
            throw Errors.invalidParameter("Attributes", "FilterPolicyScope: Invalid value [" + scope
                    + "]. Please use either MessageBody or MessageAttributes");
        }
        String policy = attributes.get("FilterPolicy");
        if (policy != null) {
            try {
                FilterPolicy.parse(policy, "MessageBody".equals(scope));
            } catch (FilterPolicyException e) {
                throw Errors.invalidParameter("FilterPolicy: " + e.getMessage());
            }
        }
        String redrive = attributes.get("RedrivePolicy");
        if (redrive != null) {
            deadLetterArn(redrive);
        }
    }

    /** The SQS queue ARN of a RedrivePolicy, or null when there is none. */
    static String deadLetterArn(String redrivePolicy) {
        if (redrivePolicy == null || redrivePolicy.isEmpty()) {
            return null;
        }
        JsonNode node;
        try {
            node = Trees.MAPPER.readTree(redrivePolicy);
        } catch (IOException e) {
            throw Errors.invalidParameter("RedrivePolicy: failed to parse JSON.");
        }
        String arn = node == null ? null : node.path("deadLetterTargetArn").asText(null);
        SnsArn parsed = SnsArn.parse(arn);
        if (parsed == null || !parsed.service().equals("sqs")) {
            throw Errors.invalidParameter("RedrivePolicy: deadLetterTargetArn is an invalid arn");
        }
        return arn;
    }

    static Map<String, String> render(SubscriptionRecord s) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("Owner", s.owner());
        out.put("RawMessageDelivery", "false");
        out.put("TopicArn", s.topicArn());
        out.put("Endpoint", s.endpoint());
        out.put("Protocol", s.protocol());
        out.put("PendingConfirmation", Boolean.toString(!s.confirmed()));
        out.put("ConfirmationWasAuthenticated", Boolean.toString(s.confirmed()));
        out.put("SubscriptionArn", s.arn());
        out.put("SubscriptionPrincipal", "arn:aws:iam::" + s.owner() + ":root");
        if (s.protocol().startsWith("http")) {
            out.put("EffectiveDeliveryPolicy", TopicAttributes.DEFAULT_EFFECTIVE_DELIVERY_POLICY);
        }
        out.putAll(s.attributes());
        if (s.attributes().containsKey("FilterPolicy") && !s.attributes().containsKey("FilterPolicyScope")) {
            out.put("FilterPolicyScope", "MessageAttributes");
        }
        if (s.attributes().containsKey("RawMessageDelivery")) {
            out.put("RawMessageDelivery", s.attributes().get("RawMessageDelivery").toLowerCase());
        }
        return out;
    }
}
