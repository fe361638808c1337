package dev.stratus.sqs;

import java.util.Map;

/** A queue's persisted configuration: its attributes (as SQS's strings), tags and timestamps (epoch ms). */
record QueueRecord(String account, String region, String name, Map<String, String> attributes,
                   Map<String, String> tags, long createdAt, long modifiedAt) {

    QueueKey key() {
        return new QueueKey(account, region, name);
    }

    QueueRecord withAttributes(Map<String, String> newAttributes, long now) {
        return new QueueRecord(account, region, name, Map.copyOf(newAttributes), tags, createdAt, now);
    }

    QueueRecord withTags(Map<String, String> newTags) {
        return new QueueRecord(account, region, name, attributes, Map.copyOf(newTags), createdAt, modifiedAt);
    }
}
