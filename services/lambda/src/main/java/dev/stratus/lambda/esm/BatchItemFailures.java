package dev.stratus.lambda.esm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a {@code ReportBatchItemFailures} response. As the Lambda developer guide says: no or an empty
 * {@code batchItemFailures} is complete success; an unreadable response, or an item identifier that is null, empty
 * or not in the batch, is complete failure.
 */
final class BatchItemFailures {
    private BatchItemFailures() {
    }

    /** The identifiers that failed, or empty when the whole batch is to be treated as failed. */
    static Optional<Set<String>> read(FunctionInvoker.Outcome outcome, Set<String> batchIds) {
        if (outcome.unreadable()) {
            return Optional.empty();
        }
        JsonNode response = outcome.response();
        Set<String> failed = new LinkedHashSet<>();
        if (response == null || !response.isObject()) {
            return Optional.of(failed);
        }
        JsonNode failures = response.get("batchItemFailures");
        if (failures == null || failures.isNull()) {
            return Optional.of(failed);
        }
        if (!failures.isArray()) {
            return Optional.empty();
        }
        for (JsonNode f : failures) {
            JsonNode id = f.get("itemIdentifier");
            if (id == null || !id.isTextual() || id.asText().isEmpty() || !batchIds.contains(id.asText())) {
                return Optional.empty();
            }
            failed.add(id.asText());
        }
        return Optional.of(failed);
    }
}
