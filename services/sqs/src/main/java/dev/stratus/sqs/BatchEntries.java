package dev.stratus.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.model.ServiceModel;
import java.util.HashSet;
import java.util.Set;

/** The checks every SQS batch request shares, and its per-entry failure shape. */
final class BatchEntries {
    /** At most 10 entries per batch request. */
    static final int MAX_ENTRIES = 10;
    /** A batch entry id is at most 80 characters. */
    private static final int MAX_ID_LENGTH = 80;

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
            if (!validId(id)) {
                throw new AwsException("InvalidBatchEntryId", "A batch entry id can only contain alphanumeric "
                        + "characters, hyphens and underscores. It can be at most 80 letters long.");
            }
            if (!ids.add(id)) {
                throw new AwsException("BatchEntryIdsNotDistinct", "Id " + id + " repeated.");
            }
        }
    }

    /** 1 to 80 of {@code [A-Za-z0-9_-]}: checked char by char, as every entry of every batch is. */
    private static boolean validId(String id) {
        if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
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
