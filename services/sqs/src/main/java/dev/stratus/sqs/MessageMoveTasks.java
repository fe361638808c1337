package dev.stratus.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.AwsException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dead-letter queue redrive (StartMessageMoveTask): moves a DLQ's messages back to their source queues or to a
 * given destination. Moves run to completion inside the call, so tasks are listed as COMPLETED at once.
 */
final class MessageMoveTasks {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** ListMessageMoveTasks returns at most 10 tasks per source. */
    private static final int MAX_LISTED = 10;

    private record Task(String handle, String sourceArn, String destinationArn, Integer maxPerSecond, long moved,
                        long startedAt) {
    }

    private final QueueDirectory directory;
    private final Clock clock;
    private final Map<String, List<Task>> tasksBySource = new ConcurrentHashMap<>();

    MessageMoveTasks(QueueDirectory directory, Clock clock) {
        this.directory = directory;
        this.clock = clock;
    }

    JsonNode startMessageMoveTask(RequestContext ctx, ObjectNode input) {
        String sourceArn = input.path("SourceArn").asText();
        SqsQueue source = directory.byArn(sourceArn);
        if (source == null) {
            throw new AwsException("ResourceNotFoundException", "The resource that you specified for the SourceArn "
                    + "parameter doesn't exist.", 400);
        }
        if (!isDeadLetterQueue(source)) {
            throw SqsErrors.invalidParameter("Source queue must be configured as a Dead Letter Queue.");
        }
        String destinationArn = input.path("DestinationArn").asText(null);
        SqsQueue destination = null;
        if (destinationArn != null) {
            destination = directory.byArn(destinationArn);
            if (destination == null) {
                throw new AwsException("ResourceNotFoundException", "The resource that you specified for the "
                        + "DestinationArn parameter doesn't exist.", 400);
            }
        }
        long now = clock.millis();
        SqsQueue fixed = destination;
        var moved = source.moveVisible(m -> fixed != null ? fixed : directory.byArn(m.deadLetterSourceArn()), now);
        moved.forEach(e -> e.getKey().adopt(e.getValue()));
        String handle = Base64.getUrlEncoder().withoutPadding().encodeToString(
                (sourceArn + "|" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        Integer rate = input.has("MaxNumberOfMessagesPerSecond") ? input.path("MaxNumberOfMessagesPerSecond").asInt() : null;
        Task task = new Task(handle, sourceArn, destinationArn, rate, moved.size(), now);
        tasksBySource.compute(sourceArn, (k, list) -> {
            List<Task> l = list == null ? new ArrayList<>() : new ArrayList<>(list);
            l.add(0, task);
            return List.copyOf(l.subList(0, Math.min(l.size(), MAX_LISTED)));
        });
        ObjectNode out = JSON.objectNode();
        out.put("TaskHandle", handle);
        return out;
    }

    JsonNode listMessageMoveTasks(RequestContext ctx, ObjectNode input) {
        String sourceArn = input.path("SourceArn").asText();
        if (directory.byArn(sourceArn) == null) {
            throw new AwsException("ResourceNotFoundException", "The resource that you specified for the SourceArn "
                    + "parameter doesn't exist.", 400);
        }
        int max = input.has("MaxResults") ? input.path("MaxResults").asInt() : 1;
        if (max < 1 || max > MAX_LISTED) {
            throw SqsErrors.outOfRange("MaxResults", max, "MaxResults must be an integer between 1 and 10.");
        }
        ObjectNode out = JSON.objectNode();
        ArrayNode results = out.putArray("Results");
        for (Task t : tasksBySource.getOrDefault(sourceArn, List.of())) {
            if (results.size() == max) {
                break;
            }
            ObjectNode r = results.addObject();
            r.put("Status", "COMPLETED");
            r.put("SourceArn", t.sourceArn());
            if (t.destinationArn() != null) {
                r.put("DestinationArn", t.destinationArn());
            }
            if (t.maxPerSecond() != null) {
                r.put("MaxNumberOfMessagesPerSecond", t.maxPerSecond());
            }
            r.put("ApproximateNumberOfMessagesMoved", t.moved());
            r.put("ApproximateNumberOfMessagesToMove", t.moved());
            r.put("StartedTimestamp", t.startedAt());
        }
        return out;
    }

    private boolean isDeadLetterQueue(SqsQueue queue) {
        String arn = queue.key().arn();
        for (SqsQueue q : directory.list(queue.key().account(), queue.key().region())) {
            String policy = q.record().attributes().get("RedrivePolicy");
            if (policy != null && arn.equals(QueueAttributes.redrivePolicy(policy).path("deadLetterTargetArn").asText())) {
                return true;
            }
        }
        return false;
    }
}
