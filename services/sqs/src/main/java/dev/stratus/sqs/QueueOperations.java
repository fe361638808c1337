package dev.stratus.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.AwsException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The queue control plane: create, find, list, delete, attributes, tags, purge. */
final class QueueOperations {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Pattern QUEUE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}");
    private static final int MAX_LIST_RESULTS = 1000;

    private final QueueDirectory directory;
    private final Clock clock;
    private final QueueUrls urls = new QueueUrls();

    QueueOperations(QueueDirectory directory, Clock clock) {
        this.directory = directory;
        this.clock = clock;
    }

    JsonNode createQueue(RequestContext ctx, ObjectNode input) {
        String name = input.path("QueueName").asText();
        Map<String, String> requested = stringMap(input.path("Attributes"));
        boolean fifo = Boolean.parseBoolean(requested.getOrDefault("FifoQueue", "false").strip());
        checkName(name, fifo);
        Map<String, String> checked = QueueAttributes.validate(requested, fifo, true);
        checkRedriveTarget(checked, fifo);
        Map<String, String> attributes = new LinkedHashMap<>(QueueAttributes.defaults(fifo));
        attributes.putAll(checked);
        attributes.values().removeIf(String::isEmpty);
        long now = clock.millis();
        QueueRecord record = new QueueRecord(ctx.accountId(), ctx.region(), name, Map.copyOf(attributes),
                Map.copyOf(stringMap(input.path("tags"))), now, now);
        SqsQueue q = directory.create(record, now, existing -> {
            for (Map.Entry<String, String> e : checked.entrySet()) {
                String current = existing.record().attributes().getOrDefault(e.getKey(), "");
                if (!current.equalsIgnoreCase(e.getValue())) {
                    throw new AwsException("QueueNameExists", "A queue already exists with the same name and a "
                            + "different value for attribute " + e.getKey());
                }
            }
        });
        return url(ctx, q);
    }

    JsonNode getQueueUrl(RequestContext ctx, ObjectNode input) {
        String owner = input.path("QueueOwnerAWSAccountId").asText("");
        QueueKey key = new QueueKey(owner.isEmpty() ? ctx.accountId() : owner, ctx.region(),
                input.path("QueueName").asText());
        return url(ctx, directory.get(key));
    }

    JsonNode listQueues(RequestContext ctx, ObjectNode input) {
        String prefix = input.path("QueueNamePrefix").asText("");
        boolean paged = input.has("MaxResults");
        int max = paged ? input.path("MaxResults").asInt() : MAX_LIST_RESULTS;
        if (max < 1 || max > MAX_LIST_RESULTS) {
            throw SqsErrors.outOfRange("MaxResults", max, "MaxResults must be an integer between 1 and 1000.");
        }
        String after = input.has("NextToken") ? decodeToken(input.path("NextToken").asText()) : null;
        ObjectNode out = JSON.objectNode();
        ArrayNode urls = JSON.arrayNode();
        String last = null;
        boolean more = false;
        for (SqsQueue q : directory.list(ctx.accountId(), ctx.region())) {
            String name = q.key().name();
            if (!name.startsWith(prefix) || (after != null && name.compareTo(after) <= 0)) {
                continue;
            }
            if (urls.size() == max) {
                more = true;
                break;
            }
            urls.add(q.key().url(ctx.endpoint()));
            last = name;
        }
        if (!urls.isEmpty()) {
            out.set("QueueUrls", urls);
        }
        if (more && paged) {
            out.put("NextToken", Base64.getEncoder().encodeToString(last.getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    JsonNode deleteQueue(RequestContext ctx, ObjectNode input) {
        directory.delete(queue(ctx, input), clock.millis());
        return null;
    }

    JsonNode getQueueAttributes(RequestContext ctx, ObjectNode input) {
        SqsQueue q = queue(ctx, input);
        Set<String> names = new LinkedHashSet<>();
        input.path("AttributeNames").forEach(n -> names.add(n.asText()));
        Map<String, String> all = allAttributes(q);
        Map<String, String> chosen = new LinkedHashMap<>();
        for (String n : names) {
            if (n.equals("All")) {
                chosen.putAll(all);
            } else if (all.containsKey(n)) {
                chosen.put(n, all.get(n));
            } else if (!QueueAttributes.READ_ONLY.contains(n) && !isKnown(n)) {
                throw SqsErrors.invalidAttributeName(n);
            }
        }
        ObjectNode out = JSON.objectNode();
        if (!chosen.isEmpty()) {
            ObjectNode attrs = out.putObject("Attributes");
            chosen.forEach(attrs::put);
        }
        return out;
    }

    JsonNode setQueueAttributes(RequestContext ctx, ObjectNode input) {
        SqsQueue q = queue(ctx, input);
        Map<String, String> checked = QueueAttributes.validate(stringMap(input.path("Attributes")), q.fifo(), false);
        checkRedriveTarget(checked, q.fifo());
        Map<String, String> attributes = new LinkedHashMap<>(q.record().attributes());
        checked.forEach((k, v) -> {
            if (v.isEmpty()) {
                attributes.remove(k);
            } else {
                attributes.put(k, v);
            }
        });
        directory.update(q, q.record().withAttributes(attributes, clock.millis()));
        return null;
    }

    JsonNode purgeQueue(RequestContext ctx, ObjectNode input) {
        queue(ctx, input).purge(clock.millis());
        return null;
    }

    JsonNode tagQueue(RequestContext ctx, ObjectNode input) {
        SqsQueue q = queue(ctx, input);
        Map<String, String> tags = new LinkedHashMap<>(q.record().tags());
        tags.putAll(stringMap(input.path("Tags")));
        directory.update(q, q.record().withTags(tags));
        return null;
    }

    JsonNode untagQueue(RequestContext ctx, ObjectNode input) {
        SqsQueue q = queue(ctx, input);
        Map<String, String> tags = new LinkedHashMap<>(q.record().tags());
        input.path("TagKeys").forEach(k -> tags.remove(k.asText()));
        directory.update(q, q.record().withTags(tags));
        return null;
    }

    JsonNode listQueueTags(RequestContext ctx, ObjectNode input) {
        SqsQueue q = queue(ctx, input);
        ObjectNode out = JSON.objectNode();
        if (!q.record().tags().isEmpty()) {
            ObjectNode tags = out.putObject("Tags");
            q.record().tags().forEach(tags::put);
        }
        return out;
    }

    JsonNode listDeadLetterSourceQueues(RequestContext ctx, ObjectNode input) {
        SqsQueue target = queue(ctx, input);
        int max = input.has("MaxResults") ? input.path("MaxResults").asInt() : MAX_LIST_RESULTS;
        if (max < 1 || max > MAX_LIST_RESULTS) {
            throw SqsErrors.outOfRange("MaxResults", max, "MaxResults must be an integer between 1 and 1000.");
        }
        String after = input.has("NextToken") ? decodeToken(input.path("NextToken").asText()) : null;
        ArrayNode urls = JSON.arrayNode();
        String last = null;
        boolean more = false;
        for (SqsQueue q : directory.list(ctx.accountId(), ctx.region())) {
            String policy = q.record().attributes().get("RedrivePolicy");
            if (policy == null || (after != null && q.key().name().compareTo(after) <= 0)
                    || !target.key().arn().equals(QueueAttributes.redrivePolicy(policy)
                    .path("deadLetterTargetArn").asText())) {
                continue;
            }
            if (urls.size() == max) {
                more = true;
                break;
            }
            urls.add(q.key().url(ctx.endpoint()));
            last = q.key().name();
        }
        ObjectNode out = JSON.objectNode();
        out.set("queueUrls", urls);
        if (more && input.has("MaxResults")) {
            out.put("NextToken", Base64.getEncoder().encodeToString(last.getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    /** Every attribute of the queue, computed ones included, as GetQueueAttributes with All returns them. */
    Map<String, String> allAttributes(SqsQueue q) {
        QueueRecord r = q.record();
        Map<String, String> all = new LinkedHashMap<>();
        all.put("QueueArn", q.key().arn());
        long[] counts = q.counts(clock.millis());
        all.put("ApproximateNumberOfMessages", String.valueOf(counts[0]));
        all.put("ApproximateNumberOfMessagesNotVisible", String.valueOf(counts[1]));
        all.put("ApproximateNumberOfMessagesDelayed", String.valueOf(counts[2]));
        all.put("CreatedTimestamp", String.valueOf(r.createdAt() / 1000));
        all.put("LastModifiedTimestamp", String.valueOf(r.modifiedAt() / 1000));
        all.putAll(r.attributes());
        return all;
    }

    SqsQueue queue(RequestContext ctx, ObjectNode input) {
        return directory.get(urls.parse(ctx, input.path("QueueUrl").asText(null)));
    }

    private JsonNode url(RequestContext ctx, SqsQueue q) {
        ObjectNode out = JSON.objectNode();
        out.put("QueueUrl", q.key().url(ctx.endpoint()));
        return out;
    }

    private static boolean isKnown(String name) {
        return List.of("Policy", "RedrivePolicy", "RedriveAllowPolicy", "KmsMasterKeyId",
                "KmsDataKeyReusePeriodSeconds", "FifoQueue", "ContentBasedDeduplication", "DeduplicationScope",
                "FifoThroughputLimit", "SqsManagedSseEnabled").contains(name);
    }

    private void checkName(String name, boolean fifo) {
        String base = name.endsWith(".fifo") ? name.substring(0, name.length() - 5) : name;
        if (fifo && !name.endsWith(".fifo")) {
            throw SqsErrors.invalidParameter("The name of a FIFO queue can only include alphanumeric characters, "
                    + "hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.");
        }
        if ((!fifo && name.endsWith(".fifo")) || !QUEUE_NAME.matcher(base).matches() || name.length() > 80) {
            throw SqsErrors.invalidParameter("Can only include alphanumeric characters, hyphens, or underscores. "
                    + "1 to 80 in length");
        }
    }

    /** A dead-letter queue must exist and be of the same type (FIFO or standard) as its source. */
    private void checkRedriveTarget(Map<String, String> attributes, boolean fifo) {
        String policy = attributes.get("RedrivePolicy");
        if (policy == null || policy.isEmpty()) {
            return;
        }
        SqsQueue target = directory.byArn(QueueAttributes.redrivePolicy(policy).path("deadLetterTargetArn").asText());
        if (target == null) {
            throw SqsErrors.invalidAttributeValue("RedrivePolicy", "Dead letter target does not exist.");
        }
        if (target.fifo() != fifo) {
            throw SqsErrors.invalidAttributeValue("RedrivePolicy", "Dead-letter queue must be same type of queue "
                    + "as the source.");
        }
    }

    private static String decodeToken(String token) {
        try {
            return new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw SqsErrors.invalidParameter("Invalid NextToken value.");
        }
    }

    static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        node.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }
}
