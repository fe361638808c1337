package dev.stratus.sns.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.OperationRegistry;
import dev.stratus.platform.RequestContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fan-out to subscribers: SQS and Lambda through the operation registry (never their classes), http/https by POST.
 * Each delivery is asynchronous and retried; a subscription's RedrivePolicy queue gets what could not be delivered.
 */
public final class Deliveries implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Deliveries.class.getName());
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final OperationRegistry registry;
    private final Clock clock;
    private final Envelopes envelopes;
    private final HttpSender http;
    private final DeliveryExecutor executor;

    public Deliveries(OperationRegistry registry, Clock clock, Envelopes envelopes, HttpSender http,
                      DeliveryExecutor executor) {
        this.registry = registry;
        this.clock = clock;
        this.envelopes = envelopes;
        this.http = http;
        this.executor = executor;
    }

    public DeliveryExecutor executor() {
        return executor;
    }

    /** Delivers a message to one subscription, asynchronously. */
    public void deliver(PublishedMessage m, Target t) {
        String payload = t.raw() ? m.messageFor(t.protocol())
                : envelopes.notification(m, t.protocol(), t.subscriptionArn()).toString();
        DeliveryExecutor.Attempt attempt = switch (t.protocol()) {
            case "sqs" -> () -> sendToQueue(t.endpoint(), payload, t.raw() ? m.attributes() : null, m);
            case "lambda" -> () -> invokeLambda(t.endpoint(), envelopes.lambdaEvent(m, t.subscriptionArn()));
            case "http", "https" -> () -> http.post(t.endpoint(), payload, "Notification", m.messageId(),
                    m.topicArn(), t.subscriptionArn(), t.raw());
            default -> null;
        };
        if (attempt == null) {
            // email, sms, application and firehose endpoints have no transport here: the message stops.
            LOG.log(Level.FINE, "SNS does not deliver to " + t.protocol() + " endpoints; dropped " + m.messageId());
            return;
        }
        String what = m.messageId() + " to " + t.subscriptionArn();
        java.util.function.Consumer<Exception> deadLetter = failure -> {
            if (t.deadLetterArn() != null) {
                sendToQueue(t.deadLetterArn(), payload, t.raw() ? m.attributes() : null, m);
            }
        };
        if (m.groupId() != null) {
            executor.submitInOrder(t.subscriptionArn() + "\n" + m.groupId(), what, attempt, deadLetter);
        } else {
            executor.submit(what, attempt, deadLetter);
        }
    }

    /** POSTs a SubscriptionConfirmation to a new http/https subscriber, asynchronously. */
    public void confirmSubscription(String topicArn, String subscriptionArn, String endpoint, String token) {
        String messageId = UUID.randomUUID().toString();
        String body = envelopes.subscriptionConfirmation(topicArn, token, messageId, clock.instant()).toString();
        executor.submit("SubscriptionConfirmation to " + endpoint,
                () -> http.post(endpoint, body, "SubscriptionConfirmation", messageId, topicArn, null, false),
                failure -> { });
    }

    private void sendToQueue(String queueArn, String body, JsonNode rawAttributes, PublishedMessage m) {
        String[] p = queueArn.split(":", 6);
        if (p.length != 6 || !p[2].equals("sqs")) {
            throw new IllegalArgumentException("not an SQS queue ARN: " + queueArn);
        }
        RequestContext ctx = RequestContext.internal(p[4], p[3]);
        ObjectNode urlRequest = NODES.objectNode().put("QueueName", p[5]).put("QueueOwnerAWSAccountId", p[4]);
        String queueUrl = registry.call("sqs", "GetQueueUrl", ctx, urlRequest).path("QueueUrl").asText();
        ObjectNode send = NODES.objectNode().put("QueueUrl", queueUrl).put("MessageBody", body);
        if (rawAttributes != null && !rawAttributes.isEmpty()) {
            send.set("MessageAttributes", rawAttributes.deepCopy());
        }
        if (m.groupId() != null && p[5].endsWith(".fifo")) {
            send.put("MessageGroupId", m.groupId());
            send.put("MessageDeduplicationId", m.deduplicationId() != null ? m.deduplicationId() : m.messageId());
        }
        registry.call("sqs", "SendMessage", ctx, send);
    }

    private void invokeLambda(String functionArn, ObjectNode event) {
        String[] p = functionArn.split(":");
        RequestContext ctx = p.length >= 5 ? RequestContext.internal(p[4], p[3])
                : RequestContext.internal(RequestContext.DEFAULT_ACCOUNT, RequestContext.DEFAULT_REGION);
        ObjectNode invoke = NODES.objectNode().put("FunctionName", functionArn).put("InvocationType", "Event");
        invoke.set("Payload", new BinaryNode(event.toString().getBytes(StandardCharsets.UTF_8)));
        registry.call("lambda", "Invoke", ctx, invoke);
    }

    @Override
    public void close() {
        executor.close();
    }
}
