package dev.stratus.sns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.Operation;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.Service;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.model.ServiceModel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An "sqs" service with the real model that records SendMessage calls; queues named "broken*" fail with 500,
 * "missing*" do not exist, "ordered*" answer after a random millisecond or two.
 */
final class FakeSqs implements Service {
    record Sent(RequestContext ctx, ObjectNode input) {
    }

    final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final ServiceModel model = ServiceModel.load("sqs");

    @Override
    public String name() {
        return "sqs";
    }

    @Override
    public ServiceModel model() {
        return model;
    }

    @Override
    public Map<String, Operation> operations() {
        return Map.of("GetQueueUrl", this::getQueueUrl, "SendMessage", this::sendMessage);
    }

    private JsonNode getQueueUrl(RequestContext ctx, ObjectNode input) {
        String name = input.path("QueueName").asText();
        if (name.startsWith("missing")) {
            throw new AwsException("AWS.SimpleQueueService.NonExistentQueue", "The specified queue does not exist.",
                    400);
        }
        return JsonNodeFactory.instance.objectNode().put("QueueUrl",
                "http://sqs.local/" + ctx.accountId() + "/" + name);
    }

    private JsonNode sendMessage(RequestContext ctx, ObjectNode input) {
        if (input.path("QueueUrl").asText().contains("/broken")) {
            throw new AwsException("InternalError", "boom", 500);
        }
        if (input.path("QueueUrl").asText().contains("/ordered")) {
            jitter();
        }
        sent.add(new Sent(ctx, input.deepCopy()));
        return JsonNodeFactory.instance.objectNode().put("MessageId", "m").put("MD5OfMessageBody", "x");
    }

    /** Uneven service times, so deliveries that are not serialised finish out of order. */
    private static void jitter() {
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextInt(3));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    List<ObjectNode> to(String queueName) {
        return sent.stream().map(Sent::input).filter(i -> i.path("QueueUrl").asText().endsWith("/" + queueName))
                .toList();
    }
}
