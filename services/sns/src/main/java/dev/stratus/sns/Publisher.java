package dev.stratus.sns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.sns.delivery.Deliveries;
import dev.stratus.sns.delivery.PublishedMessage;
import dev.stratus.sns.delivery.Target;
import dev.stratus.sns.filter.AttributeDocument;
import dev.stratus.sns.filter.FilterPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Accepts one message for a topic and fans it out to the confirmed subscriptions whose filter it passes. */
final class Publisher {
    /** AWS: FIFO topics drop a repeated deduplication id for five minutes. */
    static final Duration DEDUPLICATION_WINDOW = Duration.ofMinutes(5);

    private final SnsState state;
    private final Deliveries deliveries;
    private final Clock clock;
    private final Map<String, Accepted> recentDeduplicationIds = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    private record Accepted(String messageId, String sequenceNumber, Instant at) {
    }

    /** What Publish answers. */
    record Result(String messageId, String sequenceNumber) {
    }

    Publisher(SnsState state, Deliveries deliveries, Clock clock) {
        this.state = state;
        this.deliveries = deliveries;
        this.clock = clock;
    }

    /** Publishes one entry (Publish input or a PublishBatch entry) to {@code topic}. */
    Result publish(TopicRecord topic, JsonNode entry) {
        String message = Trees.text((ObjectNode) entry, "Message");
        String subject = Trees.text((ObjectNode) entry, "Subject");
        JsonNode attributes = entry.get("MessageAttributes");
        MessageChecks.checkSubject(subject);
        MessageChecks.checkMessage(message, attributes);
        MessageChecks.checkAttributes(attributes);
        Map<String, String> perProtocol = MessageChecks.structure(Trees.text((ObjectNode) entry, "MessageStructure"),
                message);
        String groupId = Trees.text((ObjectNode) entry, "MessageGroupId");
        String dedupId = Trees.text((ObjectNode) entry, "MessageDeduplicationId");
        Instant now = clock.instant();
        String sequenceNumber = null;
        if (topic.fifo()) {
            if (groupId == null) {
                throw Errors.invalidParameter("The MessageGroupId parameter is required for FIFO topics");
            }
            if (dedupId == null) {
                if (!topic.contentBasedDeduplication()) {
                    throw Errors.invalidParameter("The topic should either have ContentBasedDeduplication enabled"
                            + " or MessageDeduplicationId provided explicitly");
                }
                dedupId = sha256(message);
            }
            Accepted seen = recentDeduplicationIds.get(topic.arn() + "\n" + dedupId);
            if (seen != null && now.isBefore(seen.at().plus(DEDUPLICATION_WINDOW))) {
                return new Result(seen.messageId(), seen.sequenceNumber());
            }
            sequenceNumber = "1" + String.format("%019d", sequence.incrementAndGet());
        } else {
            if (dedupId != null) {
                throw Errors.invalidParameter("MessageDeduplicationId", "The request includes "
                        + "MessageDeduplicationId parameter that is not valid for this topic type");
            }
            if (groupId != null) {
                throw Errors.invalidParameter("MessageGroupId", "The request includes MessageGroupId parameter "
                        + "that is not valid for this topic type");
            }
        }
        String messageId = UUID.randomUUID().toString();
        if (topic.fifo()) {
            recentDeduplicationIds.values().removeIf(a -> !now.isBefore(a.at().plus(DEDUPLICATION_WINDOW)));
            recentDeduplicationIds.put(topic.arn() + "\n" + dedupId, new Accepted(messageId, sequenceNumber, now));
        }
        PublishedMessage m = new PublishedMessage(messageId, topic.arn(), subject, message, perProtocol,
                attributes == null ? null : attributes.deepCopy(), groupId, dedupId, sequenceNumber, now);
        fanOut(m, SnsArn.parse(topic.arn()));
        return new Result(messageId, sequenceNumber);
    }

    private void fanOut(PublishedMessage m, SnsArn topic) {
        for (SubscriptionRecord s : state.subscriptionsOf(topic)) {
            if (s.confirmed() && passes(s, m)) {
                deliveries.deliver(m, new Target(s.arn(), s.protocol(), s.endpoint(), s.raw(),
                        SubscriptionAttributes.deadLetterArn(s.attributes().get("RedrivePolicy"))));
            }
        }
    }

    static boolean passes(SubscriptionRecord s, PublishedMessage m) {
        String policy = s.attributes().get("FilterPolicy");
        if (policy == null || policy.isEmpty()) {
            return true;
        }
        boolean body = "MessageBody".equals(s.attributes().get("FilterPolicyScope"));
        FilterPolicy filter = FilterPolicy.parse(policy, body);
        if (!body) {
            return filter.matches(AttributeDocument.of(m.attributes()));
        }
        try {
            JsonNode doc = Trees.MAPPER.readTree(m.messageFor(s.protocol()));
            return doc != null && doc.isObject() && filter.matches(doc);
        } catch (IOException e) {
            return false;
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
