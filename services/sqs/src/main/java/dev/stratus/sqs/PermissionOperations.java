package dev.stratus.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AddPermission and RemovePermission: statements (one per label) in the queue's Policy attribute. Stratus stores
 * policies but does not enforce them.
 */
final class PermissionOperations {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final QueueOperations queues;
    private final QueueDirectory directory;
    private final Clock clock;

    PermissionOperations(QueueOperations queues, QueueDirectory directory, Clock clock) {
        this.queues = queues;
        this.directory = directory;
        this.clock = clock;
    }

    JsonNode addPermission(RequestContext ctx, ObjectNode input) {
        SqsQueue q = queues.queue(ctx, input);
        String label = input.path("Label").asText();
        ObjectNode policy = policy(q);
        ArrayNode statements = (ArrayNode) policy.get("Statement");
        for (JsonNode s : statements) {
            if (label.equals(s.path("Sid").asText())) {
                throw SqsErrors.outOfRange("Label", label, "Already exists.");
            }
        }
        ObjectNode statement = statements.addObject();
        statement.put("Sid", label);
        statement.put("Effect", "Allow");
        ArrayNode principals = statement.putObject("Principal").putArray("AWS");
        input.path("AWSAccountIds").forEach(a -> principals.add("arn:aws:iam::" + a.asText() + ":root"));
        ArrayNode actions = statement.putArray("Action");
        input.path("Actions").forEach(a -> actions.add(a.asText().startsWith("SQS:") ? a.asText() : "SQS:" + a.asText()));
        statement.put("Resource", q.key().arn());
        save(q, policy.toString());
        return null;
    }

    JsonNode removePermission(RequestContext ctx, ObjectNode input) {
        SqsQueue q = queues.queue(ctx, input);
        String label = input.path("Label").asText();
        ObjectNode policy = policy(q);
        ArrayNode statements = (ArrayNode) policy.get("Statement");
        for (int i = 0; i < statements.size(); i++) {
            if (label.equals(statements.get(i).path("Sid").asText())) {
                statements.remove(i);
                save(q, statements.isEmpty() ? null : policy.toString());
                return null;
            }
        }
        throw SqsErrors.outOfRange("Label", label, "can't find label on existing policy.");
    }

    private ObjectNode policy(SqsQueue q) {
        String text = q.record().attributes().get("Policy");
        try {
            if (text != null && MAPPER.readTree(text) instanceof ObjectNode existing
                    && existing.get("Statement") instanceof ArrayNode) {
                return existing;
            }
        } catch (Exception e) {
            // an unreadable policy is replaced
        }
        ObjectNode fresh = MAPPER.createObjectNode();
        fresh.put("Version", "2012-10-17");
        fresh.put("Id", q.key().arn() + "/SQSDefaultPolicy");
        fresh.putArray("Statement");
        return fresh;
    }

    private void save(SqsQueue q, String policy) {
        Map<String, String> attributes = new LinkedHashMap<>(q.record().attributes());
        if (policy == null) {
            attributes.remove("Policy");
        } else {
            attributes.put("Policy", policy);
        }
        directory.update(q, q.record().withAttributes(attributes, clock.millis()));
    }
}
