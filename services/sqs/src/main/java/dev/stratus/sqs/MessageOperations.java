package dev.stratus.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.model.ServiceModel;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The message data plane: send, receive, delete and visibility changes, single and batched. */
final class MessageOperations {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int MAX_VISIBILITY_TIMEOUT = 43_200;

    private final QueueOperations queues;
    private final QueueDirectory directory;
    private final Clock clock;
    private final ServiceModel model;

    MessageOperations(QueueOperations queues, QueueDirectory directory, Clock clock, ServiceModel model) {
        this.model = model;
        this.queues = queues;
        this.directory = directory;
        this.clock = clock;
    }

    JsonNode sendMessage(RequestContext ctx, ObjectNode input) {
        SqsQueue q = queues.queue(ctx, input);
        OutgoingMessage m = SendRequests.parse(ctx, q, input);
        return result(JSON.objectNode(), m, q.send(m, clock.millis()));
    }

    JsonNode sendMessageBatch(RequestContext ctx, ObjectNode input) {
        SqsQueue q = queues.queue(ctx, input);
        JsonNode entries = input.path("Entries");
        BatchEntries.check(entries, "SendMessageBatchRequestEntry");
        long total = 0;
        for (JsonNode e : entries) {
            total += Utf8.length(e.path("MessageBody").asText(""));
        }
        if (total > QueueAttributes.MAX_MESSAGE_BYTES) {
            throw new AwsException("BatchRequestTooLong", "Batch requests cannot be longer than "
                    + QueueAttributes.MAX_MESSAGE_BYTES + " bytes. You have sent " + total + " bytes.");
        }
        ObjectNode out = JSON.objectNode();
        ArrayNode ok = out.putArray("Successful");
        ArrayNode failed = out.putArray("Failed");
        List<String> ids = new ArrayList<>();
        List<OutgoingMessage> valid = new ArrayList<>();
        for (JsonNode e : entries) {
            String id = e.path("Id").asText();
            try {
                valid.add(SendRequests.parse(ctx, q, e));
                ids.add(id);
            } catch (AwsException ex) {
                failed.add(BatchEntries.failure(model, id, ex));
            }
        }
        // The valid entries are sent together: one lock and one storage write for the whole batch.
        List<SqsQueue.Sent> sent = valid.isEmpty() ? List.of() : q.send(valid, clock.millis());
        for (int i = 0; i < valid.size(); i++) {
            ObjectNode result = JSON.objectNode();
            result.put("Id", ids.get(i));
            ok.add(result(result, valid.get(i), sent.get(i)));
        }
        return out;
    }

    private static ObjectNode result(ObjectNode result, OutgoingMessage m, SqsQueue.Sent sent) {
        result.put("MessageId", sent.messageId());
        result.put("MD5OfMessageBody", m.bodyMd5());
        String attributesMd5 = MessageDigests.attributesMd5(m.attributes());
        if (attributesMd5 != null) {
            result.put("MD5OfMessageAttributes", attributesMd5);
        }
        String systemMd5 = MessageDigests.attributesMd5(SendRequests.systemAttributes(m));
        if (systemMd5 != null) {
            result.put("MD5OfMessageSystemAttributes", systemMd5);
        }
        if (sent.sequenceNumber() != null) {
            result.put("SequenceNumber", sent.sequenceNumber());
        }
        return result;
    }

    JsonNode receiveMessage(RequestContext ctx, ObjectNode input) {
        SqsQueue q = queues.queue(ctx, input);
        int max = intParam(input, "MaxNumberOfMessages", 1, 1, 10, "Must be between 1 and 10, if provided.");
        int visibility = intParam(input, "VisibilityTimeout", q.visibilityTimeout(), 0,
                MAX_VISIBILITY_TIMEOUT, "Must be between 0 and 43200, if provided.");
        int wait = intParam(input, "WaitTimeSeconds", q.receiveWaitSeconds(), 0, 20,
                "Must be >= 0 and <= 20, if provided.");
        ReceivedMessages renderer = new ReceivedMessages(input);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(wait);
        ObjectNode out = JSON.objectNode();
        try {
            while (true) {
                SqsQueue deadLetter = deadLetterOf(q);
                int maxReceiveCount = deadLetter == null ? 0 : maxReceiveCount(q);
                SqsQueue.Received r = q.receive(max, visibility, Math.max(0, deadline - System.nanoTime()), clock,
                        maxReceiveCount, deadLetter);
                for (SqsMessage moved : r.deadLettered()) {
                    deadLetter.adopt(moved);
                }
                if (!r.delivered().isEmpty()) {
                    ArrayNode messages = out.putArray("Messages");
                    r.delivered().forEach(m -> messages.add(renderer.render(m)));
                    return out;
                }
                if (r.deadLettered().isEmpty() || deadline - System.nanoTime() <= 0) {
                    return out;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return out;
        }
    }

    JsonNode deleteMessage(RequestContext ctx, ObjectNode input) {
        SqsQueue q = queues.queue(ctx, input);
        q.delete(ReceiptHandle.parse(input.path("ReceiptHandle").asText(null)));
        return null;
    }

    JsonNode deleteMessageBatch(RequestContext ctx, ObjectNode input) {
        SqsQueue q = queues.queue(ctx, input);
        JsonNode entries = input.path("Entries");
        BatchEntries.check(entries, "DeleteMessageBatchRequestEntry");
        return eachEntry(entries, e -> q.delete(ReceiptHandle.parse(e.path("ReceiptHandle").asText(null))));
    }

    JsonNode changeMessageVisibility(RequestContext ctx, ObjectNode input) {
        SqsQueue q = queues.queue(ctx, input);
        changeVisibility(q, input);
        return null;
    }

    JsonNode changeMessageVisibilityBatch(RequestContext ctx, ObjectNode input) {
        SqsQueue q = queues.queue(ctx, input);
        JsonNode entries = input.path("Entries");
        BatchEntries.check(entries, "ChangeMessageVisibilityBatchRequestEntry");
        return eachEntry(entries, e -> changeVisibility(q, e));
    }

    private void changeVisibility(SqsQueue q, JsonNode entry) {
        ReceiptHandle handle = ReceiptHandle.parse(entry.path("ReceiptHandle").asText(null));
        if (!entry.has("VisibilityTimeout")) {
            throw SqsErrors.missingParameter("VisibilityTimeout");
        }
        int seconds = entry.path("VisibilityTimeout").asInt();
        if (seconds < 0 || seconds > MAX_VISIBILITY_TIMEOUT) {
            throw SqsErrors.outOfRange("VisibilityTimeout", seconds, "VisibilityTimeout must be an integer between "
                    + "0 and 43200");
        }
        q.changeVisibility(handle, seconds, clock.millis());
    }

    private interface EntryAction {
        void apply(JsonNode entry);
    }

    private JsonNode eachEntry(JsonNode entries, EntryAction action) {
        ObjectNode out = JSON.objectNode();
        ArrayNode ok = out.putArray("Successful");
        ArrayNode failed = out.putArray("Failed");
        for (JsonNode e : entries) {
            String id = e.path("Id").asText();
            try {
                action.apply(e);
                ok.addObject().put("Id", id);
            } catch (AwsException ex) {
                failed.add(BatchEntries.failure(model, id, ex));
            }
        }
        return out;
    }

    private SqsQueue deadLetterOf(SqsQueue q) {
        String policy = q.record().attributes().get("RedrivePolicy");
        return policy == null ? null
                : directory.byArn(QueueAttributes.redrivePolicy(policy).path("deadLetterTargetArn").asText());
    }

    private static int maxReceiveCount(SqsQueue q) {
        return QueueAttributes.redrivePolicy(q.record().attributes().get("RedrivePolicy"))
                .path("maxReceiveCount").asInt();
    }

    private static int intParam(JsonNode input, String name, int dflt, int min, int max, String reason) {
        if (!input.has(name) || input.path(name).isNull()) {
            return dflt;
        }
        int v = input.path(name).asInt();
        if (v < min || v > max) {
            throw SqsErrors.outOfRange(name, v, reason);
        }
        return v;
    }
}
