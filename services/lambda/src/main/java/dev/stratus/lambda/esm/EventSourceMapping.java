package dev.stratus.lambda.esm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One event source mapping as stored: identity, the source and function it joins, its settled state, and its
 * settings as the API names them (BatchSize, FilterCriteria, ...), kept as a value tree so every field the API
 * accepts round-trips.
 *
 * @param state the settled state ({@code Enabled} or {@code Disabled}); transitions are reported by the operations
 */
public record EventSourceMapping(String uuid, String accountId, String region, String functionArn,
                                 String eventSourceArn, String state, long lastModifiedMillis,
                                 String lastProcessingResult, ObjectNode settings) {

    /** Which kind of source the ARN names. */
    public enum SourceType { SQS, DYNAMODB_STREAM }

    public SourceType sourceType() {
        return typeOf(eventSourceArn);
    }

    static SourceType typeOf(String arn) {
        String service = arn.split(":", 4)[2];
        return switch (service) {
            case "sqs" -> SourceType.SQS;
            case "dynamodb" -> SourceType.DYNAMODB_STREAM;
            default -> null;
        };
    }

    public boolean enabled() {
        return "Enabled".equals(state);
    }

    public String arn() {
        return "arn:aws:lambda:" + region + ":" + accountId + ":event-source-mapping:" + uuid;
    }

    public int batchSize() {
        return settings.path("BatchSize").asInt();
    }

    public int batchingWindowSeconds() {
        return settings.path("MaximumBatchingWindowInSeconds").asInt(0);
    }

    public JsonNode filterCriteria() {
        return settings.get("FilterCriteria");
    }

    public boolean reportsBatchItemFailures() {
        for (JsonNode t : settings.path("FunctionResponseTypes")) {
            if ("ReportBatchItemFailures".equals(t.asText())) {
                return true;
            }
        }
        return false;
    }

    /** ScalingConfig.MaximumConcurrency, or 0 when unset. */
    public int maximumConcurrency() {
        return settings.path("ScalingConfig").path("MaximumConcurrency").asInt(0);
    }

    public int maximumRetryAttempts() {
        return settings.path("MaximumRetryAttempts").asInt(-1);
    }

    public int maximumRecordAgeSeconds() {
        return settings.path("MaximumRecordAgeInSeconds").asInt(-1);
    }

    public boolean bisectOnError() {
        return settings.path("BisectBatchOnFunctionError").asBoolean(false);
    }

    public String startingPosition() {
        return settings.path("StartingPosition").asText(null);
    }

    EventSourceMapping with(String newState, long modified, ObjectNode newSettings, String newFunctionArn) {
        return new EventSourceMapping(uuid, accountId, region, newFunctionArn, eventSourceArn, newState, modified,
                lastProcessingResult, newSettings);
    }

    EventSourceMapping withResult(String result) {
        return new EventSourceMapping(uuid, accountId, region, functionArn, eventSourceArn, state, lastModifiedMillis,
                result, settings);
    }
}
