package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionResponseType;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * SQS event source mappings end to end: the function (Python, calling SQS with boto3) forwards each record it gets
 * to an output queue, so the test sees exactly what Lambda delivered.
 */
class LambdaSqsEventSourceTest {
    static final StratusServer stratus = StratusServer.start();
    /** How long a test watches a queue to see that nothing (more) arrives. */
    static final Duration QUIET = Duration.ofSeconds(4);
    final LambdaClient lambda = stratus.client(LambdaClient.builder());
    final SqsClient sqs = stratus.client(SqsClient.builder());
    final QueueReader reader = new QueueReader(sqs);

    /** Forwards records to OUT; "bad..." bodies are reported as item failures, "fail-all" fails the invocation. */
    static final String FORWARDER = """
            import boto3, json, os
            sqs = boto3.client("sqs")
            def handler(event, context):
                failures = []
                for r in event["Records"]:
                    if r["body"] == "fail-all":
                        raise RuntimeError("asked to fail")
                    if r["body"].startswith("bad"):
                        failures.append({"itemIdentifier": r["messageId"]})
                        continue
                    sqs.send_message(QueueUrl=os.environ["OUT"], MessageBody=json.dumps(r))
                return {"batchItemFailures": failures}
            """;

    @AfterAll
    static void stop() {
        stratus.close();
    }

    String queue(String name, Map<QueueAttributeName, String> attributes) {
        return sqs.createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
    }

    String arnOf(String url) {
        return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    void forwarder(String name, String outUrl) {
        lambda.createFunction(b -> b.functionName(name).runtime(Runtime.PYTHON3_12).role(LambdaTest.ROLE)
                .handler("app.handler").timeout(30).environment(e -> e.variables(Map.of("OUT", outUrl)))
                .code(c -> c.zipFile(LambdaTest.zip(Map.of("app.py", FORWARDER)))));
    }

    List<String> bodies(String url, int count) {
        return reader.bodies(url, count);
    }

    List<String> bodies(String url, int count, Duration patience) {
        return reader.bodies(url, count, patience);
    }

    int messagesLeft(String url) {
        Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    static JsonNode json(String s) {
        return QueueReader.json(s);
    }

    @Test
    void messagesReachTheFunctionAsAwsSqsEventsAndAreDeleted() throws Exception {
        String in = queue("sqs-in", Map.of());
        String out = queue("sqs-out", Map.of());
        forwarder("sqs-forward", out);
        String inArn = arnOf(in);
        lambda.createEventSourceMapping(b -> b.functionName("sqs-forward").eventSourceArn(inArn).batchSize(5));
        String sentId = sqs.sendMessage(b -> b.queueUrl(in).messageBody("hello").messageAttributes(Map.of(
                "color", MessageAttributeValue.builder().dataType("String").stringValue("blue").build()))).messageId();

        JsonNode record = json(bodies(out, 1).getFirst());
        assertThat(record.get("messageId").asText()).isEqualTo(sentId);
        assertThat(record.get("body").asText()).isEqualTo("hello");
        assertThat(record.get("receiptHandle").asText()).isNotEmpty();
        assertThat(record.get("md5OfBody").asText()).isEqualTo("5d41402abc4b2a76b9719d911017c592");
        assertThat(record.get("md5OfMessageAttributes").asText()).hasSize(32);
        assertThat(record.get("eventSource").asText()).isEqualTo("aws:sqs");
        assertThat(record.get("eventSourceARN").asText()).isEqualTo(inArn);
        assertThat(record.get("awsRegion").asText()).isEqualTo("us-east-1");
        JsonNode attributes = record.get("attributes");
        assertThat(attributes.get("ApproximateReceiveCount").asText()).isEqualTo("1");
        assertThat(attributes.get("SentTimestamp").asText()).matches("\\d{13}");
        assertThat(attributes.get("ApproximateFirstReceiveTimestamp").asText()).matches("\\d{13}");
        assertThat(attributes.get("SenderId").asText()).isNotEmpty();
        JsonNode color = record.get("messageAttributes").get("color");
        assertThat(color.get("stringValue").asText()).isEqualTo("blue");
        assertThat(color.get("dataType").asText()).isEqualTo("String");
        assertThat(color.get("stringListValues")).isEmpty();
        assertThat(color.get("binaryListValues")).isEmpty();

        awaitEmpty(in);
    }

    void awaitEmpty(String url) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (messagesLeft(url) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100); // waiting on another thread's work, not on time
        }
        assertThat(messagesLeft(url)).as("messages left on the source queue").isZero();
    }

    @Test
    void reportedItemFailuresStayAndReachTheDeadLetterQueue() throws Exception {
        String dlq = queue("partial-dlq", Map.of());
        // The visibility timeout outlasts the function (as AWS advises), so successes are deleted in time.
        String in = queue("partial-in", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "5",
                QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + arnOf(dlq) + "\",\"maxReceiveCount\":\"2\"}"));
        String out = queue("partial-out", Map.of());
        forwarder("partial-forward", out);
        for (String body : List.of("good-1", "bad-1", "good-2")) {
            sqs.sendMessage(b -> b.queueUrl(in).messageBody(body));
        }
        lambda.createEventSourceMapping(b -> b.functionName("partial-forward").eventSourceArn(arnOf(in))
                .functionResponseTypes(FunctionResponseType.REPORT_BATCH_ITEM_FAILURES));

        assertThat(bodies(out, 2)).extracting(b -> json(b).get("body").asText())
                .containsExactlyInAnyOrder("good-1", "good-2");
        assertThat(bodies(dlq, 1)).containsExactly("bad-1");
        awaitEmpty(in);
        assertThat(bodies(out, 1, QUIET)).as("successes are deleted, not delivered again").isEmpty();
    }

    @Test
    void aFailedInvocationLeavesTheBatchForRedrive() throws Exception {
        String dlq = queue("failing-dlq", Map.of());
        String in = queue("failing-in", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1",
                QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + arnOf(dlq) + "\",\"maxReceiveCount\":\"1\"}"));
        forwarder("failing-forward", queue("failing-out", Map.of()));
        lambda.createEventSourceMapping(b -> b.functionName("failing-forward").eventSourceArn(arnOf(in)));
        sqs.sendMessage(b -> b.queueUrl(in).messageBody("fail-all"));

        assertThat(bodies(dlq, 1)).containsExactly("fail-all");
    }

    @Test
    void filterCriteriaPickMessagesByBodyAndDropTheRest() throws Exception {
        String in = queue("filter-in", Map.of());
        String out = queue("filter-out", Map.of());
        forwarder("filter-forward", out);
        lambda.createEventSourceMapping(b -> b.functionName("filter-forward").eventSourceArn(arnOf(in))
                .filterCriteria(f -> f.filters(p -> p.pattern("{\"body\":{\"kind\":[\"keep\"],\"n\":[{\"numeric\":[\">\",1]}]}}"))));
        for (String body : List.of("{\"kind\":\"keep\",\"n\":1}", "{\"kind\":\"keep\",\"n\":2}",
                "{\"kind\":\"drop\",\"n\":3}", "plain text")) {
            sqs.sendMessage(b -> b.queueUrl(in).messageBody(body));
        }

        assertThat(bodies(out, 1)).extracting(b -> json(b).get("body").asText())
                .containsExactly("{\"kind\":\"keep\",\"n\":2}");
        awaitEmpty(in); // AWS deletes the messages a filter rejects
        assertThat(bodies(out, 1, QUIET)).isEmpty();
    }

    @Test
    void aDisabledMappingLeavesTheQueueAloneUntilEnabled() throws Exception {
        String in = queue("disabled-in", Map.of());
        String out = queue("disabled-out", Map.of());
        forwarder("disabled-forward", out);
        String uuid = lambda.createEventSourceMapping(b -> b.functionName("disabled-forward")
                .eventSourceArn(arnOf(in)).enabled(false)).uuid();
        sqs.sendMessage(b -> b.queueUrl(in).messageBody("waiting"));
        assertThat(bodies(out, 1, QUIET)).isEmpty();
        assertThat(messagesLeft(in)).isEqualTo(1);

        lambda.updateEventSourceMapping(b -> b.uuid(uuid).enabled(true));
        assertThat(bodies(out, 1)).extracting(b -> json(b).get("body").asText()).containsExactly("waiting");
    }

    @Test
    void largerBatchesWaitForTheBatchingWindow() {
        String in = queue("window-in", Map.of());
        String out = queue("window-out", Map.of());
        lambda.createFunction(b -> b.functionName("window-count").runtime(Runtime.PYTHON3_12).role(LambdaTest.ROLE)
                .handler("app.handler").timeout(30).environment(e -> e.variables(Map.of("OUT", out)))
                .code(c -> c.zipFile(LambdaTest.zip(Map.of("app.py", """
                        import boto3, os
                        def handler(event, context):
                            boto3.client("sqs").send_message(QueueUrl=os.environ["OUT"],
                                                             MessageBody=str(len(event["Records"])))
                        """)))));
        for (int i = 0; i < 25; i++) {
            int n = i;
            sqs.sendMessage(b -> b.queueUrl(in).messageBody("m" + n));
        }
        lambda.createEventSourceMapping(b -> b.functionName("window-count").eventSourceArn(arnOf(in))
                .batchSize(25).maximumBatchingWindowInSeconds(2).scalingConfig(s -> s.maximumConcurrency(2)));
        List<Integer> sizes = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (sizes.stream().mapToInt(Integer::intValue).sum() < 25 && System.nanoTime() < deadline) {
            bodies(out, 1, Duration.ofSeconds(5)).forEach(n -> sizes.add(Integer.parseInt(n)));
        }
        assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(25);
        assertThat(sizes).as("batch sizes").anySatisfy(n -> assertThat(n).isGreaterThan(10));
    }

    @Test
    void fifoRecordsCarryTheirGroupDeduplicationAndSequence() {
        String in = queue("fifo-in.fifo", Map.of(QueueAttributeName.FIFO_QUEUE, "true"));
        String out = queue("fifo-out", Map.of());
        forwarder("fifo-forward", out);
        lambda.createEventSourceMapping(b -> b.functionName("fifo-forward").eventSourceArn(arnOf(in)));
        String sequence = sqs.sendMessage(b -> b.queueUrl(in).messageBody("first").messageGroupId("g1")
                .messageDeduplicationId("d1")).sequenceNumber();

        JsonNode attributes = json(bodies(out, 1).getFirst()).get("attributes");
        assertThat(attributes.get("MessageGroupId").asText()).isEqualTo("g1");
        assertThat(attributes.get("MessageDeduplicationId").asText()).isEqualTo("d1");
        assertThat(attributes.get("SequenceNumber").asText()).isEqualTo(sequence);
    }
}
