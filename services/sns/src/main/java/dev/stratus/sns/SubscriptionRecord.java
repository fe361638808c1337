package dev.stratus.sns;

import java.util.Map;
import java.util.TreeMap;

/**
 * A subscription as stored. {@code token} is the confirmation token of a pending one (http/https, email, sms).
 */
record SubscriptionRecord(String arn, String topicArn, String owner, String protocol, String endpoint,
                          Map<String, String> attributes, boolean confirmed, String token) {

    SubscriptionRecord {
        attributes = new TreeMap<>(attributes == null ? Map.of() : attributes);
    }

    boolean raw() {
        return "true".equalsIgnoreCase(attributes.get("RawMessageDelivery"));
    }

    SubscriptionRecord withAttributes(Map<String, String> newAttributes) {
        return new SubscriptionRecord(arn, topicArn, owner, protocol, endpoint, newAttributes, confirmed, token);
    }

    SubscriptionRecord confirm() {
        return new SubscriptionRecord(arn, topicArn, owner, protocol, endpoint, attributes, true, token);
    }
}
