package dev.stratus.lambda.esm;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.OperationRegistry;
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.AwsException;

/** What a mapping may hold for its kind of source: defaults, limits, and that its function and source exist. */
final class MappingRules {
    /** SQS: default batch, and the largest batch without a batching window (Lambda developer guide). */
    static final int SQS_DEFAULT_BATCH = 10;
    static final int SQS_UNWINDOWED_MAX_BATCH = 10;
    /** FIFO queues deliver at most 10 messages per batch. */
    static final int FIFO_MAX_BATCH = 10;
    /** DynamoDB Streams: default batch size. */
    static final int STREAM_DEFAULT_BATCH = 100;

    private final OperationRegistry registry;

    MappingRules(OperationRegistry registry) {
        this.registry = registry;
    }

    /** The ARN the mapping invokes (qualified when the name carried a version or alias), once the function exists. */
    String functionArn(RequestContext ctx, String functionName) {
        String arn = unverifiedFunctionArn(ctx, functionName);
        String[] parts = arn.split(":");
        ObjectNode get = JsonNodeFactory.instance.objectNode().put("FunctionName", parts[6]);
        if (parts.length > 7) {
            get.put("Qualifier", parts[7]);
        }
        registry.call("lambda", "GetFunctionConfiguration", ctx, get); // ResourceNotFoundException as Lambda words it
        return arn;
    }

    /** The function ARN a FunctionName (name, partial ARN or ARN, with an optional qualifier) refers to. */
    static String unverifiedFunctionArn(RequestContext ctx, String functionName) {
        String rest = functionName;
        int at = rest.indexOf(":function:");
        if (at >= 0) {
            rest = rest.substring(at + ":function:".length());
        }
        return ctx.arn("lambda", "function:" + rest);
    }

    /** The function's name in a function ARN. */
    static String nameOf(String functionArn) {
        return functionArn.split(":")[6];
    }

    void applyDefaults(EventSourceMapping.SourceType type, ObjectNode s) {
        switch (type) {
            case SQS -> {
                putIfAbsent(s, "BatchSize", SQS_DEFAULT_BATCH);
                putIfAbsent(s, "MaximumBatchingWindowInSeconds", 0);
            }
            case DYNAMODB_STREAM -> {
                putIfAbsent(s, "BatchSize", STREAM_DEFAULT_BATCH);
                putIfAbsent(s, "MaximumBatchingWindowInSeconds", 0);
                putIfAbsent(s, "ParallelizationFactor", 1);
                if (!s.has("DestinationConfig")) {
                    s.putObject("DestinationConfig").putObject("OnFailure");
                }
                putIfAbsent(s, "MaximumRecordAgeInSeconds", -1);
                if (!s.has("BisectBatchOnFunctionError")) {
                    s.put("BisectBatchOnFunctionError", false);
                }
                putIfAbsent(s, "MaximumRetryAttempts", -1);
                putIfAbsent(s, "TumblingWindowInSeconds", 0);
            }
        }
        if (!s.has("FunctionResponseTypes")) {
            s.putArray("FunctionResponseTypes");
        }
    }

    private static void putIfAbsent(ObjectNode s, String field, int value) {
        if (!s.hasNonNull(field)) {
            s.put(field, value);
        }
    }

    void validate(EventSourceMapping.SourceType type, String sourceArn, ObjectNode s) {
        int batch = s.path("BatchSize").asInt();
        int window = s.path("MaximumBatchingWindowInSeconds").asInt(0);
        switch (type) {
            case SQS -> {
                if (s.hasNonNull("StartingPosition")) {
                    throw invalid("StartingPosition is not valid for SQS event sources.");
                }
                if (FailureDestination.destinationOf(s.get("DestinationConfig")) != null) {
                    throw invalid("Unsupported DestinationConfig parameter for given event source mapping type.");
                }
                if (sourceArn.endsWith(".fifo") && batch > FIFO_MAX_BATCH) {
                    throw invalid("Batch size for FIFO queues must be between 1 and 10.");
                }
                if (batch > SQS_UNWINDOWED_MAX_BATCH && window == 0) {
                    throw invalid("Maximum batch window in seconds must be greater than 0 if maximum batch size is "
                            + "greater than 10");
                }
            }
            case DYNAMODB_STREAM -> {
                String start = s.path("StartingPosition").asText(null);
                if (start == null) {
                    throw invalid("1 validation error detected: Value null at 'startingPosition' failed to satisfy "
                            + "constraint: Member must not be null.");
                }
                if (start.equals("AT_TIMESTAMP")) {
                    throw invalid("Unsupported starting position for this event source type: AT_TIMESTAMP");
                }
                FailureDestination.check(s.get("DestinationConfig"));
            }
        }
    }

    /** An unknown queue or stream is refused when the mapping is made, in the words Lambda uses. */
    void checkSourceExists(EventSourceMapping.SourceType type, String sourceArn) {
        try {
            switch (type) {
                case SQS -> SqsSource.queueUrl(registry, sourceArn);
                case DYNAMODB_STREAM -> registry.call("dynamodbstreams", "DescribeStream",
                        StreamPoller.contextOf(sourceArn),
                        JsonNodeFactory.instance.objectNode().put("StreamArn", sourceArn));
            }
        } catch (AwsException | IllegalArgumentException e) {
            throw switch (type) {
                case SQS -> invalid("Error occurred while ReceiveMessage. SQS Error Code: "
                        + "AWS.SimpleQueueService.NonExistentQueue. SQS Error Message: The specified queue does not "
                        + "exist or you do not have access to it.");
                case DYNAMODB_STREAM -> invalid("Stream not found: " + sourceArn);
            };
        }
    }

    static AwsException invalid(String message) {
        return new AwsException("InvalidParameterValueException", message);
    }
}
