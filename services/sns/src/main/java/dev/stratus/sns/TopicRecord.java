package dev.stratus.sns;

import java.util.Map;
import java.util.TreeMap;

/**
 * A topic as stored: its ARN, the attributes set by the caller (defaults are added when read) and its tags.
 */
record TopicRecord(String arn, String name, String owner, Map<String, String> attributes, Map<String, String> tags,
                   long createdMillis) {

    TopicRecord {
        attributes = new TreeMap<>(attributes == null ? Map.of() : attributes);
        tags = new TreeMap<>(tags == null ? Map.of() : tags);
    }

    boolean fifo() {
        return "true".equalsIgnoreCase(attributes.get("FifoTopic"));
    }

    boolean contentBasedDeduplication() {
        return "true".equalsIgnoreCase(attributes.get("ContentBasedDeduplication"));
    }

    TopicRecord withAttributes(Map<String, String> newAttributes) {
        return new TopicRecord(arn, name, owner, newAttributes, tags, createdMillis);
    }

    TopicRecord withTags(Map<String, String> newTags) {
        return new TopicRecord(arn, name, owner, attributes, newTags, createdMillis);
    }
}
