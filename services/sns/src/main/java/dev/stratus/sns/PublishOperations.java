package dev.stratus.sns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.AwsException;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** Publish and PublishBatch. */
final class PublishOperations {
    /** AWS: at most ten entries per PublishBatch. */
    static final int MAX_BATCH_ENTRIES = 10;
    private static final Pattern BATCH_ID = Pattern.compile("[A-Za-z0-9_-]{1,80}");

    private final SnsState state;
    private final Publisher publisher;
    private final PlatformApplicationOperations push;

    PublishOperations(SnsState state, Publisher publisher, PlatformApplicationOperations push) {
        this.state = state;
        this.publisher = publisher;
        this.push = push;
    }

    JsonNode publish(RequestContext ctx, ObjectNode input) {
        String topicArn = Trees.text(input, "TopicArn");
        String targetArn = Trees.text(input, "TargetArn");
        String phone = Trees.text(input, "PhoneNumber");
        ObjectNode out = Trees.NODES.objectNode();
        if (topicArn == null && targetArn == null) {
            if (phone == null) {
                throw Errors.invalidParameter("TopicArn or TargetArn", "no value for required parameter");
            }
            // SMS has no transport here: accepted and dropped, as a sandbox account's would be.
            MessageChecks.checkMessage(Trees.text(input, "Message"), input.get("MessageAttributes"));
            return out.put("MessageId", UUID.randomUUID().toString());
        }
        if (topicArn != null && targetArn != null) {
            throw Errors.invalidParameter("TopicArn",
                    "Only one of TopicArn, TargetArn or PhoneNumber may be specified");
        }
        if (targetArn != null && targetArn.contains(":endpoint/")) {
            // Mobile push has no transport here: an enabled endpoint accepts the message and drops it.
            if (!push.endpoint(targetArn).enabled()) {
                throw new AwsException("EndpointDisabled", "Endpoint is disabled");
            }
            MessageChecks.checkMessage(Trees.text(input, "Message"), input.get("MessageAttributes"));
            MessageChecks.structure(Trees.text(input, "MessageStructure"), Trees.text(input, "Message"));
            return out.put("MessageId", UUID.randomUUID().toString());
        }
        SnsArn arn = topicArn != null ? SnsArn.topic(topicArn, "TopicArn") : SnsArn.topic(targetArn, "TargetArn");
        TopicRecord topic = state.requireTopic(arn);
        Errors.checkAccess(ctx, topic, "Publish");
        Publisher.Result r = publisher.publish(topic, input);
        out.put("MessageId", r.messageId());
        if (r.sequenceNumber() != null) {
            out.put("SequenceNumber", r.sequenceNumber());
        }
        return out;
    }

    JsonNode publishBatch(RequestContext ctx, ObjectNode input) {
        SnsArn arn = SnsArn.topic(Trees.text(input, "TopicArn"), "TopicArn");
        JsonNode entries = input.path("PublishBatchRequestEntries");
        if (entries.isEmpty()) {
            throw new AwsException("EmptyBatchRequest", "The batch request doesn't contain any entries");
        }
        if (entries.size() > MAX_BATCH_ENTRIES) {
            throw new AwsException("TooManyEntriesInBatchRequest",
                    "The batch request contains more entries than permissible.");
        }
        Set<String> ids = new HashSet<>();
        int total = 0;
        for (JsonNode e : entries) {
            String id = e.path("Id").asText();
            if (!BATCH_ID.matcher(id).matches()) {
                throw new AwsException("InvalidBatchEntryId",
                        "The Id of a batch entry in a batch request doesn't abide by the specification.");
            }
            if (!ids.add(id)) {
                throw new AwsException("BatchEntryIdsNotDistinct",
                        "Two or more batch entries in the request have the same Id.");
            }
            total += MessageChecks.size(e.path("Message").asText(""), e.get("MessageAttributes"));
        }
        if (total > MessageChecks.MAX_MESSAGE_BYTES) {
            throw new AwsException("BatchRequestTooLong",
                    "The length of all the messages put together is more than the limit.");
        }
        TopicRecord topic = state.requireTopic(arn);
        Errors.checkAccess(ctx, topic, "Publish");
        ObjectNode out = Trees.NODES.objectNode();
        ArrayNode successful = out.putArray("Successful");
        ArrayNode failed = out.putArray("Failed");
        for (JsonNode e : entries) {
            String id = e.path("Id").asText();
            try {
                Publisher.Result r = publisher.publish(topic, e);
                ObjectNode ok = successful.addObject().put("Id", id).put("MessageId", r.messageId());
                if (r.sequenceNumber() != null) {
                    ok.put("SequenceNumber", r.sequenceNumber());
                }
            } catch (AwsException ex) {
                failed.addObject().put("Id", id).put("Code", ex.code()).put("Message", ex.getMessage())
                        .put("SenderFault", ex.senderFault());
            }
        }
        return out;
    }
}
