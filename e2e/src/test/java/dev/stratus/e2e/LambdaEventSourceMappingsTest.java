package dev.stratus.e2e;

import static dev.stratus.e2e.AwsErrors.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.CreateEventSourceMappingResponse;
import software.amazon.awssdk.services.lambda.model.EventSourceMappingConfiguration;
import software.amazon.awssdk.services.lambda.model.EventSourcePosition;
import software.amazon.awssdk.services.lambda.model.FunctionResponseType;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.ListEventSourceMappingsResponse;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Event source mappings' control plane through the SDK: create, read, list, update, delete, and AWS's refusals. */
class LambdaEventSourceMappingsTest {
    static final StratusServer stratus = StratusServer.start();
    final LambdaClient lambda = stratus.client(LambdaClient.builder());
    final SqsClient sqs = stratus.client(SqsClient.builder());
    final DynamoDbClient ddb = stratus.client(DynamoDbClient.builder());

    @AfterAll
    static void stop() {
        stratus.close();
    }

    void function(String name) {
        lambda.createFunction(b -> b.functionName(name).runtime(Runtime.PYTHON3_12).role(LambdaTest.ROLE)
                .handler("app.handler").code(c -> c.zipFile(LambdaTest.zip(Map.of("app.py",
                        "def handler(event, context):\n    return {}\n")))));
    }

    String queueArn(String name) {
        String url = sqs.createQueue(b -> b.queueName(name)).queueUrl();
        return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    @Test
    void sqsMappingLifecycle() {
        function("crud-fn");
        String queue = queueArn("crud-q");
        CreateEventSourceMappingResponse created = lambda.createEventSourceMapping(b -> b.functionName("crud-fn")
                .eventSourceArn(queue).enabled(false).functionResponseTypes(FunctionResponseType.REPORT_BATCH_ITEM_FAILURES));
        assertThat(created.uuid()).matches("[0-9a-f-]{36}");
        assertThat(created.state()).isEqualTo("Creating");
        assertThat(created.batchSize()).isEqualTo(10);
        assertThat(created.maximumBatchingWindowInSeconds()).isZero();
        assertThat(created.functionArn()).isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:crud-fn");
        assertThat(created.eventSourceArn()).isEqualTo(queue);
        assertThat(created.eventSourceMappingArn())
                .isEqualTo("arn:aws:lambda:us-east-1:000000000000:event-source-mapping:" + created.uuid());
        assertThat(created.functionResponseTypes()).containsExactly(FunctionResponseType.REPORT_BATCH_ITEM_FAILURES);
        assertThat(created.lastModified()).isNotNull();

        var got = lambda.getEventSourceMapping(b -> b.uuid(created.uuid()));
        assertThat(got.state()).isEqualTo("Disabled");
        assertThat(got.stateTransitionReason()).isEqualTo("USER_INITIATED");

        var enabled = lambda.updateEventSourceMapping(b -> b.uuid(created.uuid()).enabled(true).batchSize(50)
                .maximumBatchingWindowInSeconds(2).scalingConfig(s -> s.maximumConcurrency(2)));
        assertThat(enabled.state()).isEqualTo("Enabling");
        assertThat(enabled.batchSize()).isEqualTo(50);
        assertThat(enabled.scalingConfig().maximumConcurrency()).isEqualTo(2);
        assertThat(lambda.getEventSourceMapping(b -> b.uuid(created.uuid())).state()).isEqualTo("Enabled");
        assertThat(lambda.updateEventSourceMapping(b -> b.uuid(created.uuid()).enabled(false)).state())
                .isEqualTo("Disabling");
        assertThat(lambda.getEventSourceMapping(b -> b.uuid(created.uuid())).state()).isEqualTo("Disabled");

        assertThat(lambda.deleteEventSourceMapping(b -> b.uuid(created.uuid())).state()).isEqualTo("Deleting");
        assertAwsError(() -> lambda.getEventSourceMapping(b -> b.uuid(created.uuid())),
                ResourceNotFoundException.class, 404, "ResourceNotFoundException",
                "The resource you requested does not exist.");
    }

    @Test
    void listFiltersByFunctionAndSourceAndPages() {
        function("list-a");
        function("list-b");
        String q1 = queueArn("list-q1");
        String q2 = queueArn("list-q2");
        lambda.createEventSourceMapping(b -> b.functionName("list-a").eventSourceArn(q1).enabled(false));
        lambda.createEventSourceMapping(b -> b.functionName("list-a").eventSourceArn(q2).enabled(false));
        lambda.createEventSourceMapping(b -> b.functionName("list-b").eventSourceArn(q1).enabled(false));

        assertThat(lambda.listEventSourceMappings(b -> b.functionName("list-a")).eventSourceMappings())
                .extracting(EventSourceMappingConfiguration::eventSourceArn).containsExactlyInAnyOrder(q1, q2);
        assertThat(lambda.listEventSourceMappings(b -> b.eventSourceArn(q1)).eventSourceMappings())
                .extracting(EventSourceMappingConfiguration::functionArn).containsExactlyInAnyOrder(
                        "arn:aws:lambda:us-east-1:000000000000:function:list-a",
                        "arn:aws:lambda:us-east-1:000000000000:function:list-b");
        assertThat(lambda.listEventSourceMappings(b -> b.functionName(
                "arn:aws:lambda:us-east-1:000000000000:function:list-b").eventSourceArn(q1)).eventSourceMappings())
                .hasSize(1);

        ListEventSourceMappingsResponse first = lambda.listEventSourceMappings(b -> b.eventSourceArn(q1).maxItems(1));
        assertThat(first.eventSourceMappings()).hasSize(1);
        assertThat(first.nextMarker()).isNotNull();
        ListEventSourceMappingsResponse second = lambda.listEventSourceMappings(b -> b.eventSourceArn(q1).maxItems(1)
                .marker(first.nextMarker()));
        assertThat(second.eventSourceMappings()).hasSize(1);
        assertThat(second.nextMarker()).isNull();
        assertThat(List.of(first.eventSourceMappings().getFirst().uuid(), second.eventSourceMappings().getFirst().uuid()))
                .doesNotHaveDuplicates();
    }

    @Test
    void dynamoDbStreamMappingHasStreamDefaults() {
        function("ddb-crud-fn");
        String stream = ddb.createTable(DynamoDbTableTest.hashRange("esm-crud")
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE)).build())
                .tableDescription().latestStreamArn();
        var created = lambda.createEventSourceMapping(b -> b.functionName("ddb-crud-fn").eventSourceArn(stream)
                .startingPosition(EventSourcePosition.LATEST).enabled(false));
        assertThat(created.batchSize()).isEqualTo(100);
        assertThat(created.startingPosition()).isEqualTo(EventSourcePosition.LATEST);
        assertThat(created.maximumRetryAttempts()).isEqualTo(-1);
        assertThat(created.maximumRecordAgeInSeconds()).isEqualTo(-1);
        assertThat(created.bisectBatchOnFunctionError()).isFalse();
        assertThat(created.parallelizationFactor()).isEqualTo(1);
        assertThat(created.lastProcessingResult()).isEqualTo("No records processed");

        assertAwsError(() -> lambda.createEventSourceMapping(b -> b.functionName("ddb-crud-fn")
                        .eventSourceArn(stream.replace("esm-crud", "no-such-table"))
                        .startingPosition(EventSourcePosition.TRIM_HORIZON)),
                InvalidParameterValueException.class, 400, "InvalidParameterValueException", null);
        assertAwsError(() -> lambda.createEventSourceMapping(b -> b.functionName("ddb-crud-fn").eventSourceArn(stream)),
                InvalidParameterValueException.class, 400, "InvalidParameterValueException", null);
    }

    @Test
    void refusalsMatchAws() {
        function("err-fn");
        String queue = queueArn("err-q");
        assertAwsError(() -> lambda.createEventSourceMapping(b -> b.functionName("no-such-fn").eventSourceArn(queue)),
                ResourceNotFoundException.class, 404, "ResourceNotFoundException",
                "Function not found: arn:aws:lambda:us-east-1:000000000000:function:no-such-fn");
        assertAwsError(() -> lambda.createEventSourceMapping(b -> b.functionName("err-fn")
                        .eventSourceArn("arn:aws:sqs:us-east-1:000000000000:no-such-queue")),
                InvalidParameterValueException.class, 400, "InvalidParameterValueException",
                "Error occurred while ReceiveMessage. SQS Error Code: AWS.SimpleQueueService.NonExistentQueue. "
                        + "SQS Error Message: The specified queue does not exist or you do not have access to it.");
        assertAwsError(() -> lambda.createEventSourceMapping(b -> b.functionName("err-fn").eventSourceArn(queue)
                        .batchSize(100)),
                InvalidParameterValueException.class, 400, "InvalidParameterValueException",
                "Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10");
        assertAwsError(() -> lambda.createEventSourceMapping(b -> b.functionName("err-fn").eventSourceArn(queue)
                        .startingPosition(EventSourcePosition.LATEST)),
                InvalidParameterValueException.class, 400, "InvalidParameterValueException",
                "StartingPosition is not valid for SQS event sources.");
        assertAwsError(() -> lambda.createEventSourceMapping(b -> b.functionName("err-fn").eventSourceArn(queue)
                        .destinationConfig(d -> d.onFailure(f -> f.destination(queue)))),
                InvalidParameterValueException.class, 400, "InvalidParameterValueException",
                "Unsupported DestinationConfig parameter for given event source mapping type.");
        assertAwsError(() -> lambda.createEventSourceMapping(b -> b.functionName("err-fn").eventSourceArn(queue)
                        .filterCriteria(f -> f.filters(p -> p.pattern("{\"body\": \"not a list\"}")))),
                InvalidParameterValueException.class, 400, "InvalidParameterValueException",
                "Invalid filter pattern definition.");

        String uuid = lambda.createEventSourceMapping(b -> b.functionName("err-fn").eventSourceArn(queue)
                .enabled(false)).uuid();
        assertAwsError(() -> lambda.createEventSourceMapping(b -> b.functionName("err-fn").eventSourceArn(queue)),
                ResourceConflictException.class, 409, "ResourceConflictException",
                "An event source mapping with SQS arn (\" " + queue + " \") and function (\" err-fn \") already "
                        + "exists. Please update or delete the existing mapping with UUID " + uuid);
        function("err-fn-2");
        String second = lambda.createEventSourceMapping(b -> b.functionName("err-fn-2").eventSourceArn(queue)
                .enabled(false)).uuid();
        assertAwsError(() -> lambda.updateEventSourceMapping(b -> b.uuid(second).functionName("err-fn")),
                ResourceConflictException.class, 409, "ResourceConflictException", null);
        assertAwsError(() -> lambda.updateEventSourceMapping(b -> b.uuid(uuid).batchSize(11)),
                InvalidParameterValueException.class, 400, "InvalidParameterValueException", null);

        String unknown = "00000000-0000-0000-0000-000000000000";
        assertAwsError(() -> lambda.getEventSourceMapping(b -> b.uuid(unknown)),
                ResourceNotFoundException.class, 404, "ResourceNotFoundException", null);
        assertAwsError(() -> lambda.updateEventSourceMapping(b -> b.uuid(unknown).enabled(false)),
                ResourceNotFoundException.class, 404, "ResourceNotFoundException", null);
        assertAwsError(() -> lambda.deleteEventSourceMapping(b -> b.uuid(unknown)),
                ResourceNotFoundException.class, 404, "ResourceNotFoundException", null);
    }
}
