package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourcePosition;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * DynamoDB stream event source mappings end to end: the function forwards each record, in order, to a FIFO queue
 * the test reads.
 */
class LambdaDynamoDbEventSourceTest {
    static final StratusServer stratus = StratusServer.start();
    final LambdaClient lambda = stratus.client(LambdaClient.builder());
    final SqsClient sqs = stratus.client(SqsClient.builder());
    final DynamoDbClient ddb = stratus.client(DynamoDbClient.builder());
    final QueueReader queues = new QueueReader(sqs);

    /**
     * Forwards records in order; an item with a "poison" attribute fails the invocation after telling the queue it
     * was tried (so the test can count attempts).
     */
    static final String FORWARDER = """
            import boto3, json, os
            sqs = boto3.client("sqs")
            def send(body, dedup):
                sqs.send_message(QueueUrl=os.environ["OUT"], MessageBody=body, MessageGroupId="g",
                                 MessageDeduplicationId=dedup)
            def handler(event, context):
                for r in event["Records"]:
                    if "poison" in r["dynamodb"].get("NewImage", {}):
                        send("attempt " + r["dynamodb"]["Keys"]["pk"]["S"], context.aws_request_id)
                        raise RuntimeError("poison")
                    send(json.dumps(r), r["eventID"] + context.aws_request_id)
            """;

    @AfterAll
    static void stop() {
        stratus.close();
    }

    String table(String name) {
        return ddb.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)))
                .tableDescription().latestStreamArn();
    }

    String forwarder(String name) {
        String out = sqs.createQueue(b -> b.queueName(name + "-out.fifo").attributes(Map.of(
                QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl();
        lambda.createFunction(b -> b.functionName(name).runtime(Runtime.PYTHON3_12).role(LambdaTest.ROLE)
                .handler("app.handler").timeout(30).environment(e -> e.variables(Map.of("OUT", out)))
                .code(c -> c.zipFile(LambdaTest.zip(Map.of("app.py", FORWARDER)))));
        return out;
    }

    void put(String table, String pk, String v) {
        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS(pk), "v", AttributeValue.fromS(v))));
    }

    @Test
    void changesReachTheFunctionInOrderAsStreamEvents() {
        String stream = table("orders");
        String out = forwarder("orders-fn");
        put("orders", "a", "1"); // before the mapping: TRIM_HORIZON still delivers it
        lambda.createEventSourceMapping(b -> b.functionName("orders-fn").eventSourceArn(stream).batchSize(2)
                .startingPosition(EventSourcePosition.TRIM_HORIZON));
        put("orders", "b", "1");
        put("orders", "a", "2");
        ddb.deleteItem(b -> b.tableName("orders").key(Map.of("pk", AttributeValue.fromS("b"))));
        put("orders", "c", "1");

        List<JsonNode> records = queues.bodies(out, 5).stream().map(QueueReader::json).toList();
        assertThat(records).extracting(r -> r.get("eventName").asText() + " " + r.at("/dynamodb/Keys/pk/S").asText())
                .containsExactly("INSERT a", "INSERT b", "MODIFY a", "REMOVE b", "INSERT c");
        JsonNode modify = records.get(2);
        assertThat(modify.get("eventSource").asText()).isEqualTo("aws:dynamodb");
        assertThat(modify.get("eventVersion").asText()).isEqualTo("1.1");
        assertThat(modify.get("awsRegion").asText()).isEqualTo("us-east-1");
        assertThat(modify.get("eventSourceARN").asText()).isEqualTo(stream);
        assertThat(modify.get("eventID").asText()).isNotEmpty();
        assertThat(modify.at("/dynamodb/NewImage/v/S").asText()).isEqualTo("2");
        assertThat(modify.at("/dynamodb/OldImage/v/S").asText()).isEqualTo("1");
        assertThat(modify.at("/dynamodb/StreamViewType").asText()).isEqualTo("NEW_AND_OLD_IMAGES");
        assertThat(modify.at("/dynamodb/SequenceNumber").asText()).isNotEmpty();
        assertThat(modify.at("/dynamodb/SizeBytes").asLong()).isPositive();
        assertThat(modify.at("/dynamodb/ApproximateCreationDateTime").isNumber()).isTrue();
    }

    @Test
    void latestSkipsOlderChangesAndFiltersSelectRecords() {
        String stream = table("filtered");
        String out = forwarder("filtered-fn");
        put("filtered", "old", "x");
        lambda.createEventSourceMapping(b -> b.functionName("filtered-fn").eventSourceArn(stream)
                .startingPosition(EventSourcePosition.LATEST)
                .filterCriteria(f -> f.filters(p -> p.pattern(
                        "{\"eventName\":[\"INSERT\"],\"dynamodb\":{\"NewImage\":{\"v\":{\"S\":[{\"prefix\":\"keep\"}]}}}}"))));
        put("filtered", "one", "drop-me");
        put("filtered", "two", "keep-me");
        put("filtered", "two", "keep-again"); // a MODIFY: not an INSERT

        assertThat(queues.bodies(out, 2, Duration.ofSeconds(20))).extracting(b -> QueueReader.json(b)
                .at("/dynamodb/Keys/pk/S").asText()).containsExactly("two");
    }

    @Test
    void aFailingBatchIsRetriedThenSkippedAndReportedToTheOnFailureDestination() {
        String stream = table("poisoned");
        String out = forwarder("poisoned-fn");
        String failures = sqs.createQueue(b -> b.queueName("poisoned-failures")).queueUrl();
        String failuresArn = sqs.getQueueAttributes(b -> b.queueUrl(failures)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        lambda.createEventSourceMapping(b -> b.functionName("poisoned-fn").eventSourceArn(stream).batchSize(1)
                .maximumRetryAttempts(1).startingPosition(EventSourcePosition.TRIM_HORIZON)
                .destinationConfig(d -> d.onFailure(f -> f.destination(failuresArn))));
        put("poisoned", "first", "1");
        ddb.putItem(b -> b.tableName("poisoned").item(Map.of("pk", AttributeValue.fromS("bad"),
                "poison", AttributeValue.fromBool(true))));
        put("poisoned", "after", "1");

        List<String> seen = queues.bodies(out, 4).stream().map(b -> b.startsWith("attempt") ? b
                : QueueReader.json(b).at("/dynamodb/Keys/pk/S").asText()).toList();
        assertThat(seen).containsExactly("first", "attempt bad", "attempt bad", "after");

        JsonNode failure = QueueReader.json(queues.bodies(failures, 1).getFirst());
        assertThat(failure.at("/requestContext/condition").asText()).isEqualTo("RetryAttemptsExhausted");
        assertThat(failure.at("/requestContext/approximateInvokeCount").asInt()).isEqualTo(2);
        assertThat(failure.at("/requestContext/functionArn").asText()).endsWith(":function:poisoned-fn");
        assertThat(failure.at("/responseContext/functionError").asText()).isEqualTo("Unhandled");
        assertThat(failure.at("/DDBStreamBatchInfo/batchSize").asInt()).isEqualTo(1);
        assertThat(failure.at("/DDBStreamBatchInfo/streamArn").asText()).isEqualTo(stream);
        assertThat(failure.at("/DDBStreamBatchInfo/startSequenceNumber").asText())
                .isEqualTo(failure.at("/DDBStreamBatchInfo/endSequenceNumber").asText()).isNotEmpty();
    }

    @Test
    void bisectingAFailedBatchIsolatesTheBadRecord() {
        String stream = table("bisected");
        String out = keyJoiner("bisected-fn");
        for (String pk : List.of("a", "bad", "c")) {
            put("bisected", pk, "1");
        }
        lambda.createEventSourceMapping(b -> b.functionName("bisected-fn").eventSourceArn(stream).batchSize(10)
                .bisectBatchOnFunctionError(true).maximumRetryAttempts(0)
                .startingPosition(EventSourcePosition.TRIM_HORIZON));

        assertThat(queues.bodies(out, 5)).containsExactly("a,bad,c", "a", "bad,c", "bad", "c");
    }

    @Test
    void aBatchingWindowGathersRecordsWrittenWithinIt() {
        String stream = table("windowed");
        String out = keyJoiner("windowed-fn");
        put("windowed", "a", "1");
        lambda.createEventSourceMapping(b -> b.functionName("windowed-fn").eventSourceArn(stream).batchSize(3)
                .maximumBatchingWindowInSeconds(5).startingPosition(EventSourcePosition.TRIM_HORIZON));
        put("windowed", "b", "1");
        put("windowed", "c", "1");

        assertThat(queues.bodies(out, 1)).containsExactly("a,b,c");
    }

    /** A function that sends the keys of each batch it gets, joined by commas, and fails on a "bad" key. */
    String keyJoiner(String name) {
        String out = sqs.createQueue(b -> b.queueName(name + "-out.fifo").attributes(Map.of(
                QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl();
        lambda.createFunction(b -> b.functionName(name).runtime(Runtime.PYTHON3_12).role(LambdaTest.ROLE)
                .handler("app.handler").timeout(30).environment(e -> e.variables(Map.of("OUT", out)))
                .code(c -> c.zipFile(LambdaTest.zip(Map.of("app.py", """
                        import boto3, os
                        def handler(event, context):
                            keys = [r["dynamodb"]["Keys"]["pk"]["S"] for r in event["Records"]]
                            boto3.client("sqs").send_message(QueueUrl=os.environ["OUT"], MessageBody=",".join(keys),
                                MessageGroupId="g", MessageDeduplicationId=context.aws_request_id)
                            if "bad" in keys:
                                raise RuntimeError("bad record")
                        """)))));
        return out;
    }
}
