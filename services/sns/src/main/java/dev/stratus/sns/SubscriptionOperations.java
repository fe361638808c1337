package dev.stratus.sns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import dev.stratus.sns.delivery.Deliveries;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Subscribe, ConfirmSubscription, Unsubscribe, the subscription listings and attributes. */
final class SubscriptionOperations {
    static final Set<String> PROTOCOLS =
            Set.of("http", "https", "email", "email-json", "sms", "sqs", "application", "lambda", "firehose");
    /** Protocols SNS confirms at once; the others wait for ConfirmSubscription. */
    private static final Set<String> CONFIRMED_AT_ONCE = Set.of("sqs", "lambda", "application", "firehose");
    private static final String PENDING = "pending confirmation";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SnsState state;
    private final Deliveries deliveries;

    SubscriptionOperations(SnsState state, Deliveries deliveries) {
        this.state = state;
        this.deliveries = deliveries;
    }

    JsonNode subscribe(RequestContext ctx, ObjectNode input) {
        SnsArn topicArn = SnsArn.topic(Trees.text(input, "TopicArn"), "TopicArn");
        String protocol = input.path("Protocol").asText();
        String endpoint = Trees.text(input, "Endpoint");
        if (!PROTOCOLS.contains(protocol)) {
            throw Errors.invalidParameter("Amazon SNS does not support this protocol string: " + protocol);
        }
        TopicRecord topic = state.requireTopic(topicArn);
        Errors.checkAccess(ctx, topic, "Subscribe");
        checkEndpoint(protocol, endpoint, topic);
        Map<String, String> attributes = Trees.stringMap(input.get("Attributes"));
        SubscriptionAttributes.check(attributes, protocol);
        boolean returnArn = input.path("ReturnSubscriptionArn").asBoolean(false);
        for (SubscriptionRecord s : state.subscriptionsOf(topicArn)) {
            if (s.protocol().equals(protocol) && s.endpoint().equals(endpoint)) {
                if (!attributes.isEmpty() && !attributes.equals(s.attributes())) {
                    throw Errors.invalidParameter("Attributes",
                            "Subscription already exists with different attributes");
                }
                return arnResult(s, returnArn);
            }
        }
        String arn = topic.arn() + ":" + UUID.randomUUID();
        boolean confirmed = CONFIRMED_AT_ONCE.contains(protocol);
        String token = confirmed ? null : HexFormat.of().formatHex(randomBytes(64));
        SubscriptionRecord sub = new SubscriptionRecord(arn, topic.arn(), ctx.accountId(), protocol, endpoint,
                attributes, confirmed, token);
        state.putSubscription(sub);
        if (protocol.startsWith("http")) {
            deliveries.confirmSubscription(topic.arn(), arn, endpoint, token);
        }
        return arnResult(sub, returnArn);
    }

    private static ObjectNode arnResult(SubscriptionRecord s, boolean returnArn) {
        return Trees.NODES.objectNode().put("SubscriptionArn", s.confirmed() || returnArn ? s.arn() : PENDING);
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static void checkEndpoint(String protocol, String endpoint, TopicRecord topic) {
        if (endpoint == null || endpoint.isEmpty()) {
            throw Errors.invalidParameter("Endpoint");
        }
        switch (protocol) {
            case "sqs" -> {
                SnsArn q = SnsArn.parse(endpoint);
                if (q == null || !q.service().equals("sqs")) {
                    throw Errors.invalidParameter("SQS endpoint ARN");
                }
                // FIFO topics deliver to standard queues too; a FIFO queue needs a FIFO topic.
                if (!topic.fifo() && q.resource().endsWith(".fifo")) {
                    throw Errors.invalidParameter("Endpoint",
                            "FIFO SQS Queues can not be subscribed to standard SNS topics");
                }
            }
            case "lambda" -> {
                SnsArn f = SnsArn.parse(endpoint);
                if (f == null || !f.service().equals("lambda")) {
                    throw Errors.invalidParameter("Lambda endpoint ARN");
                }
            }
            case "http", "https" -> {
                if (!endpoint.regionMatches(true, 0, protocol + "://", 0, protocol.length() + 3)) {
                    throw Errors.invalidParameter("Endpoint must match the specified protocol");
                }
            }
            case "email", "email-json" -> {
                if (!endpoint.contains("@")) {
                    throw Errors.invalidParameter("Email address");
                }
            }
            default -> {
            }
        }
        if (topic.fifo() && !protocol.equals("sqs") && !protocol.equals("firehose")) {
            throw Errors.invalidParameter("Invalid protocol type: " + protocol);
        }
    }

    JsonNode confirmSubscription(RequestContext ctx, ObjectNode input) {
        SnsArn topicArn = SnsArn.topic(Trees.text(input, "TopicArn"), "TopicArn");
        String token = input.path("Token").asText();
        state.requireTopic(topicArn);
        for (SubscriptionRecord s : state.subscriptionsOf(topicArn)) {
            if (token.equals(s.token())) {
                if (!s.confirmed()) {
                    state.putSubscription(s.confirm());
                }
                return Trees.NODES.objectNode().put("SubscriptionArn", s.arn());
            }
        }
        throw Errors.invalidParameter("Token");
    }

    JsonNode unsubscribe(RequestContext ctx, ObjectNode input) {
        SnsArn arn = SnsArn.subscription(Trees.text(input, "SubscriptionArn"));
        state.requireSubscription(arn);
        state.deleteSubscription(arn);
        return null;
    }

    JsonNode listSubscriptions(RequestContext ctx, ObjectNode input) {
        return page(state.subscriptions(ctx.accountId(), ctx.region()), Trees.text(input, "NextToken"));
    }

    JsonNode listSubscriptionsByTopic(RequestContext ctx, ObjectNode input) {
        SnsArn topicArn = SnsArn.topic(Trees.text(input, "TopicArn"), "TopicArn");
        state.requireTopic(topicArn);
        return page(state.subscriptionsOf(topicArn), Trees.text(input, "NextToken"));
    }

    private static JsonNode page(List<SubscriptionRecord> subs, String token) {
        return Trees.page(subs, token, TopicOperations.PAGE_SIZE, SubscriptionRecord::arn, "Subscriptions", s -> {
            ObjectNode o = Trees.NODES.objectNode();
            o.put("SubscriptionArn", s.confirmed() ? s.arn() : "PendingConfirmation");
            o.put("Owner", s.owner());
            o.put("Protocol", s.protocol());
            o.put("Endpoint", s.endpoint());
            o.put("TopicArn", s.topicArn());
            return o;
        });
    }

    JsonNode getSubscriptionAttributes(RequestContext ctx, ObjectNode input) {
        SnsArn arn = SnsArn.subscription(Trees.text(input, "SubscriptionArn"));
        SubscriptionRecord s = state.requireSubscription(arn);
        ObjectNode out = Trees.NODES.objectNode();
        out.set("Attributes", Trees.object(SubscriptionAttributes.render(s)));
        return out;
    }

    JsonNode setSubscriptionAttributes(RequestContext ctx, ObjectNode input) {
        SnsArn arn = SnsArn.subscription(Trees.text(input, "SubscriptionArn"));
        String name = input.path("AttributeName").asText();
        String value = Trees.text(input, "AttributeValue");
        if (!SubscriptionAttributes.SETTABLE.contains(name)) {
            throw Errors.invalidParameter("AttributeName");
        }
        SubscriptionRecord s = state.requireSubscription(arn);
        Map<String, String> attributes = new LinkedHashMap<>(s.attributes());
        if (value == null || value.isEmpty()) {
            attributes.remove(name);
        } else {
            attributes.put(name, value);
        }
        SubscriptionAttributes.check(attributes, s.protocol());
        state.putSubscription(s.withAttributes(attributes));
        return null;
    }
}
