package dev.stratus.sns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.AwsException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** CreateTopic, DeleteTopic, ListTopics, Get/SetTopicAttributes and tagging. */
final class TopicOperations {
    /** AWS: ListTopics and ListSubscriptions return up to 100 items per page. */
    static final int PAGE_SIZE = 100;
    /** AWS: at most 50 tags per topic. */
    static final int MAX_TAGS = 50;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,256}");
    private static final Pattern FIFO_NAME = Pattern.compile("[A-Za-z0-9_-]{1,251}\\.fifo");

    private final SnsState state;
    private final Clock clock;

    TopicOperations(SnsState state, Clock clock) {
        this.state = state;
        this.clock = clock;
    }

    JsonNode createTopic(RequestContext ctx, ObjectNode input) {
        String name = input.path("Name").asText();
        Map<String, String> attributes = Trees.stringMap(input.get("Attributes"));
        Map<String, String> tags = Trees.tags(input.get("Tags"));
        boolean fifo = "true".equalsIgnoreCase(attributes.get("FifoTopic"));
        if (fifo ? !FIFO_NAME.matcher(name).matches() : !NAME.matcher(name).matches()) {
            throw fifo ? Errors.invalidParameter("Fifo Topic names must end with .fifo and must be made up of only"
                    + " uppercase and lowercase ASCII letters, numbers, underscores, and hyphens, and must be between"
                    + " 1 and 256 characters long.") : Errors.invalidParameter("Topic Name");
        }
        for (String key : attributes.keySet()) {
            if (!key.equals("FifoTopic") && !TopicAttributes.SETTABLE.contains(key)) {
                throw Errors.invalidParameter("AttributeName");
            }
        }
        if (attributes.containsKey("FifoTopic") && !fifo) {
            attributes.remove("FifoTopic");
        }
        if (!fifo && attributes.containsKey("ContentBasedDeduplication")) {
            throw Errors.invalidParameter("Attributes",
                    "ContentBasedDeduplication can only be set for FIFO topics");
        }
        checkTags(tags.size());
        String arn = ctx.arn("sns", name);
        SnsArn parsed = SnsArn.parse(arn);
        var existing = state.topic(parsed);
        if (existing.isPresent()) {
            TopicRecord t = existing.get();
            for (var e : attributes.entrySet()) {
                if (!e.getValue().equals(t.attributes().get(e.getKey()))) {
                    throw Errors.invalidParameter("Attributes", "Topic already exists with different attributes");
                }
            }
            if (!tags.isEmpty() && !tags.equals(t.tags())) {
                throw Errors.invalidParameter("Tags", "Topic already exists with different tags");
            }
            return Trees.NODES.objectNode().put("TopicArn", arn);
        }
        state.putTopic(new TopicRecord(arn, name, ctx.accountId(), attributes, tags, clock.millis()));
        return Trees.NODES.objectNode().put("TopicArn", arn);
    }

    JsonNode deleteTopic(RequestContext ctx, ObjectNode input) {
        SnsArn arn = SnsArn.topic(Trees.text(input, "TopicArn"), "TopicArn");
        // AWS answers success for a topic that does not exist.
        state.topic(arn).ifPresent(t -> Errors.checkAccess(ctx, t, "DeleteTopic"));
        state.deleteTopic(arn);
        return null;
    }

    JsonNode listTopics(RequestContext ctx, ObjectNode input) {
        List<TopicRecord> topics = state.topics(ctx.accountId(), ctx.region());
        return Trees.page(topics, Trees.text(input, "NextToken"), PAGE_SIZE, TopicRecord::arn, "Topics",
                t -> Trees.NODES.objectNode().put("TopicArn", t.arn()));
    }

    JsonNode getTopicAttributes(RequestContext ctx, ObjectNode input) {
        SnsArn arn = SnsArn.topic(Trees.text(input, "TopicArn"), "TopicArn");
        TopicRecord topic = state.requireTopic(arn);
        Errors.checkAccess(ctx, topic, "GetTopicAttributes");
        int confirmed = 0;
        int pending = 0;
        for (SubscriptionRecord s : state.subscriptionsOf(arn)) {
            if (s.confirmed()) {
                confirmed++;
            } else {
                pending++;
            }
        }
        ObjectNode out = Trees.NODES.objectNode();
        out.set("Attributes", Trees.object(TopicAttributes.render(topic, confirmed, pending)));
        return out;
    }

    JsonNode setTopicAttributes(RequestContext ctx, ObjectNode input) {
        SnsArn arn = SnsArn.topic(Trees.text(input, "TopicArn"), "TopicArn");
        String name = input.path("AttributeName").asText();
        String value = Trees.text(input, "AttributeValue");
        if (!TopicAttributes.SETTABLE.contains(name)) {
            throw Errors.invalidParameter("AttributeName");
        }
        TopicRecord topic = state.requireTopic(arn);
        Errors.checkAccess(ctx, topic, "SetTopicAttributes");
        if (name.equals("ContentBasedDeduplication") && !topic.fifo()) {
            throw Errors.invalidParameter("ContentBasedDeduplication",
                    "ContentBasedDeduplication can only be set for FIFO topics");
        }
        if (name.equals("Policy") || name.equals("DeliveryPolicy")) {
            requireJsonObject(name, value);
        }
        Map<String, String> attributes = new LinkedHashMap<>(topic.attributes());
        if (value == null || value.isEmpty()) {
            attributes.remove(name);
        } else {
            attributes.put(name, value);
        }
        state.putTopic(topic.withAttributes(attributes));
        return null;
    }

    /** InvalidParameter unless {@code value} is empty or a JSON object. */
    static void requireJsonObject(String name, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        try {
            if (!Trees.MAPPER.readTree(value).isObject()) {
                throw Errors.invalidParameter(name, "failed to parse JSON");
            }
        } catch (java.io.IOException e) {
            throw Errors.invalidParameter(name, "failed to parse JSON");
        }
    }

    JsonNode tagResource(RequestContext ctx, ObjectNode input) {
        TopicRecord topic = taggable(Trees.text(input, "ResourceArn"));
        Map<String, String> tags = new LinkedHashMap<>(topic.tags());
        tags.putAll(Trees.tags(input.get("Tags")));
        checkTags(tags.size());
        state.putTopic(topic.withTags(tags));
        return null;
    }

    JsonNode untagResource(RequestContext ctx, ObjectNode input) {
        TopicRecord topic = taggable(Trees.text(input, "ResourceArn"));
        Map<String, String> tags = new LinkedHashMap<>(topic.tags());
        for (JsonNode key : input.path("TagKeys")) {
            tags.remove(key.asText());
        }
        state.putTopic(topic.withTags(tags));
        return null;
    }

    JsonNode listTagsForResource(RequestContext ctx, ObjectNode input) {
        TopicRecord topic = taggable(Trees.text(input, "ResourceArn"));
        ObjectNode out = Trees.NODES.objectNode();
        var list = out.putArray("Tags");
        topic.tags().forEach((k, v) -> list.addObject().put("Key", k).put("Value", v));
        return out;
    }

    private TopicRecord taggable(String resourceArn) {
        SnsArn arn = SnsArn.parse(resourceArn);
        if (arn == null || !arn.service().equals("sns") || arn.resource().contains(":")) {
            throw Errors.invalidParameter("ResourceArn");
        }
        return state.topic(arn).orElseThrow(Errors::resourceNotFound);
    }

    private static void checkTags(int count) {
        if (count > MAX_TAGS) {
            throw new AwsException("TagLimitExceeded", "Could not complete request: tag quota of per resource exceeded");
        }
    }
}
