package dev.stratus.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.model.ServiceModel;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/** The checks every SQS batch request shares, and its per-entry failure shape. */
final class BatchEntries {
    /** At most 10 entries per batch request. */
    static final int MAX_ENTRIES = 10;
    private static final Pattern ENTRY_ID = Pattern.compile("[A-Za-z0-9_-]{1,80}");

    private BatchEntries() {
    }

    /** Throws the batch-level error for an empty, oversized or ill-identified batch. */
    static void check(JsonNode entries, String entryType) {
        if (entries.isEmpty()) {
            throw new AwsException("EmptyBatchRequest", "There should be at least one " + entryType
                    + " in the request.");
        }
        if (entries.size() > MAX_ENTRIES) {
            throw new AwsException("TooManyEntriesInBatchRequest", "Maximum number of entries per request are "
                    + MAX_ENTRIES + ". You have sent " + entries.size() + ".");
        }
        Set<String> ids = new HashSet<>();
        for (JsonNode e : entries) {
            String id = e.path("Id").asText("");
            if (!ENTRY_ID.matcher(id).matches()) {
                throw new AwsException("InvalidBatchEntryId", "A batch entry id can only contain alphanumeric "
                        + "characters, hyphens and underscores. It can be at most 80 letters long.");
            }
            if (!ids.add(id)) {
                throw new AwsException("BatchEntryIdsNotDistinct", "Id " + id + " repeated.");
            }
        }
    }

    /** A {@code BatchResultErrorEntry} for an entry that failed with {@code error}. */
    static ObjectNode failure(ServiceModel model, String id, AwsException error) {
        ObjectNode f = JsonNodeFactory.instance.objectNode();
        var shape = model.errorShape(error.code());
        f.put("Id", id);
        f.put("SenderFault", error.senderFault());
        // Entries carry the query-era code (AWS.SimpleQueueService.MessageNotInflight), whatever the wire.
        f.put("Code", shape != null ? shape.errorCode() : error.code());
        f.put("Message", error.getMessage());
        return f;
    }
}
