package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.platform.testing.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Asynchronous invocation with the server's clock moved by hand: retries after 1 and 2 minutes, the event age limit,
 * and the invocation records sent to OnSuccess/OnFailure destinations (SQS, SNS, Lambda) and the dead-letter queue.
 */
class LambdaAsyncTest {
    static final MutableClock clock = new MutableClock(Instant.now());
    static final StratusServer stratus = StratusServer.start(clock);
    static final ObjectMapper JSON = new ObjectMapper();
    final LambdaClient lambda = stratus.client(LambdaClient.builder());
    final SqsClient sqs = stratus.client(SqsClient.builder());
    final SnsClient sns = stratus.client(SnsClient.builder());

    /** Reports each attempt (its request id) to the ATTEMPTS queue, then fails. */
    static final String FAILING = """
            import boto3, os
            sqs = boto3.client("sqs")
            def handler(event, context):
                sqs.send_message(QueueUrl=os.environ["ATTEMPTS"], MessageBody=context.aws_request_id)
                raise RuntimeError("asked to fail")
            """;

    /** Forwards its event, as JSON, to the FORWARD_TO queue. */
    static final String FORWARDER = """
            import boto3, json, os
            sqs = boto3.client("sqs")
            def handler(event, context):
                sqs.send_message(QueueUrl=os.environ["FORWARD_TO"], MessageBody=json.dumps(event))
            """;

    @AfterAll
    static void stop() {
        stratus.close();
    }

    record Queue(String url, String arn) {
    }

    Queue queue() {
        String url = sqs.createQueue(b -> b.queueName("q-" + UUID.randomUUID().toString().substring(0, 8))).queueUrl();
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributesAsStrings().get("QueueArn");
        return new Queue(url, arn);
    }

    void create(String name, String code, Map<String, String> env) {
        lambda.createFunction(b -> b.functionName(name).runtime(Runtime.PYTHON3_12).role(LambdaTest.ROLE)
                .handler("app.handler").environment(e -> e.variables(env))
                .code(c -> c.zipFile(LambdaTest.zip(Map.of("app.py", code)))));
    }

    InvokeResponse invokeEvent(String name, String payload) {
        InvokeResponse r = lambda.invoke(b -> b.functionName(name).invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String(payload)));
        assertThat(r.statusCode()).isEqualTo(202);
        return r;
    }

    /** One message, waiting for it up to 20 s of real time (the functions run for real). */
    Message receiveOne(Queue q) {
        List<Message> got = sqs.receiveMessage(b -> b.queueUrl(q.url()).waitTimeSeconds(20)
                .messageAttributeNames("All")).messages();
        assertThat(got).as("a message on " + q.url()).hasSize(1);
        sqs.deleteMessage(b -> b.queueUrl(q.url()).receiptHandle(got.getFirst().receiptHandle()));
        return got.getFirst();
    }

    static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void functionErrorsAreRetriedAfterOneThenTwoMinutesThenRecordedOnFailure() {
        Queue attempts = queue();
        Queue failures = queue();
        create("retry-fn", FAILING, Map.of("ATTEMPTS", attempts.url()));
        lambda.putFunctionEventInvokeConfig(b -> b.functionName("retry-fn")
                .destinationConfig(d -> d.onFailure(f -> f.destination(failures.arn()))));

        InvokeResponse accepted = invokeEvent("retry-fn", "{\"order\": 7}");
        String requestId = receiveOne(attempts).body();
        assertThat(requestId).isEqualTo(accepted.responseMetadata().requestId());
        assertThat(sqs.receiveMessage(b -> b.queueUrl(attempts.url()).waitTimeSeconds(1)).messages())
                .as("no retry before a minute has passed").isEmpty();

        clock.advance(Duration.ofSeconds(61));
        assertThat(receiveOne(attempts).body()).as("retries keep the request id").isEqualTo(requestId);
        clock.advance(Duration.ofSeconds(61));
        assertThat(sqs.receiveMessage(b -> b.queueUrl(attempts.url()).waitTimeSeconds(1)).messages())
                .as("the second retry waits two minutes").isEmpty();
        clock.advance(Duration.ofSeconds(60));
        assertThat(receiveOne(attempts).body()).isEqualTo(requestId);

        JsonNode record = json(receiveOne(failures).body());
        assertThat(record.path("version").asText()).isEqualTo("1.0");
        assertThat(record.path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        JsonNode context = record.path("requestContext");
        assertThat(context.path("requestId").asText()).isEqualTo(requestId);
        assertThat(context.path("functionArn").asText())
                .isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:retry-fn:$LATEST");
        assertThat(context.path("condition").asText()).isEqualTo("RetriesExhausted");
        assertThat(context.path("approximateInvokeCount").asInt()).isEqualTo(3);
        assertThat(record.path("requestPayload")).isEqualTo(json("{\"order\": 7}"));
        assertThat(record.path("responseContext")).isEqualTo(json(
                "{\"statusCode\": 200, \"executedVersion\": \"$LATEST\", \"functionError\": \"Unhandled\"}"));
        assertThat(record.path("responsePayload").path("errorMessage").asText()).isEqualTo("asked to fail");
        assertThat(record.path("responsePayload").path("errorType").asText()).isEqualTo("RuntimeError");
    }

    @Test
    void eventsOlderThanTheMaximumAgeAreDiscardedWithEventAgeExceeded() {
        Queue attempts = queue();
        Queue failures = queue();
        create("aging-fn", FAILING, Map.of("ATTEMPTS", attempts.url()));
        lambda.putFunctionEventInvokeConfig(b -> b.functionName("aging-fn").maximumEventAgeInSeconds(60)
                .destinationConfig(d -> d.onFailure(f -> f.destination(failures.arn()))));

        invokeEvent("aging-fn", "{\"n\": 1}");
        receiveOne(attempts);
        clock.advance(Duration.ofSeconds(61));

        JsonNode record = json(receiveOne(failures).body());
        assertThat(record.path("requestContext").path("condition").asText()).isEqualTo("EventAgeExceeded");
        assertThat(record.path("requestContext").path("approximateInvokeCount").asInt()).isEqualTo(1);
        assertThat(sqs.receiveMessage(b -> b.queueUrl(attempts.url()).waitTimeSeconds(1)).messages())
                .as("the expired event was not run again").isEmpty();
    }

    @Test
    void successIsRecordedOnSuccessWithTheResponse() {
        Queue successes = queue();
        create("ok-fn", LambdaTest.ECHO, Map.of());
        lambda.putFunctionEventInvokeConfig(b -> b.functionName("ok-fn").maximumRetryAttempts(0)
                .destinationConfig(d -> d.onSuccess(s -> s.destination(successes.arn()))));

        InvokeResponse accepted = invokeEvent("ok-fn", "{\"say\": \"hi\"}");

        JsonNode record = json(receiveOne(successes).body());
        assertThat(record.path("requestContext")).isEqualTo(json("{\"requestId\": \""
                + accepted.responseMetadata().requestId() + "\", \"functionArn\": "
                + "\"arn:aws:lambda:us-east-1:000000000000:function:ok-fn:$LATEST\", \"condition\": \"Success\", "
                + "\"approximateInvokeCount\": 1}"));
        assertThat(record.path("requestPayload")).isEqualTo(json("{\"say\": \"hi\"}"));
        assertThat(record.path("responseContext"))
                .isEqualTo(json("{\"statusCode\": 200, \"executedVersion\": \"$LATEST\"}"));
        assertThat(record.path("responsePayload").path("said").asText()).isEqualTo("hi");
    }

    @Test
    void anAliasHasItsOwnConfigurationAndRecordsNameIt() {
        Queue aliasSuccesses = queue();
        create("aliased-fn", LambdaTest.ECHO, Map.of());
        lambda.publishVersion(b -> b.functionName("aliased-fn"));
        lambda.createAlias(b -> b.functionName("aliased-fn").name("live").functionVersion("1"));
        lambda.putFunctionEventInvokeConfig(b -> b.functionName("aliased-fn").qualifier("live")
                .destinationConfig(d -> d.onSuccess(s -> s.destination(aliasSuccesses.arn()))));

        invokeEvent("aliased-fn", "{\"say\": \"unqualified\"}"); // $LATEST has no configuration: no record
        lambda.invoke(b -> b.functionName("aliased-fn").qualifier("live").invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String("{\"say\": \"live\"}")));

        JsonNode record = json(receiveOne(aliasSuccesses).body());
        assertThat(record.path("requestContext").path("functionArn").asText())
                .isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:aliased-fn:live");
        assertThat(record.path("responseContext").path("executedVersion").asText()).isEqualTo("1");
        assertThat(record.path("requestPayload").path("say").asText()).isEqualTo("live");
        assertThat(sqs.receiveMessage(b -> b.queueUrl(aliasSuccesses.url()).waitTimeSeconds(1)).messages()).isEmpty();
    }

    @Test
    void recordsReachSnsTopicsAndLambdaFunctions() {
        Queue viaTopic = queue();
        Queue viaFunction = queue();
        String topic = sns.createTopic(b -> b.name("records-" + UUID.randomUUID().toString().substring(0, 8)))
                .topicArn();
        sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(viaTopic.arn())
                .attributes(Map.of("RawMessageDelivery", "true")));
        create("forwarder-fn", FORWARDER, Map.of("FORWARD_TO", viaFunction.url()));
        create("routed-fn", LambdaTest.ECHO, Map.of());
        lambda.putFunctionEventInvokeConfig(b -> b.functionName("routed-fn").maximumRetryAttempts(0)
                .destinationConfig(d -> d.onSuccess(s -> s.destination(topic))
                        .onFailure(f -> f.destination("arn:aws:lambda:us-east-1:000000000000:function:forwarder-fn"))));

        invokeEvent("routed-fn", "{\"say\": \"fine\"}");
        invokeEvent("routed-fn", "{\"fail\": true}");

        JsonNode success = json(receiveOne(viaTopic).body());
        assertThat(success.path("requestContext").path("condition").asText()).isEqualTo("Success");
        assertThat(success.path("requestPayload").path("say").asText()).isEqualTo("fine");
        JsonNode failure = json(receiveOne(viaFunction).body());
        assertThat(failure.path("requestContext").path("condition").asText()).isEqualTo("RetriesExhausted");
        assertThat(failure.path("requestPayload").path("fail").asBoolean()).isTrue();
        assertThat(failure.path("responseContext").path("functionError").asText()).isEqualTo("Unhandled");
    }

    @Test
    void aDeadLetterQueueGetsTheOriginalEventWithTheErrorAttributes() {
        Queue dlq = queue();
        lambda.createFunction(b -> b.functionName("dlq-fn").runtime(Runtime.PYTHON3_12).role(LambdaTest.ROLE)
                .handler("app.handler").deadLetterConfig(d -> d.targetArn(dlq.arn()))
                .code(c -> c.zipFile(LambdaTest.zip(Map.of("app.py", LambdaTest.ECHO)))));
        assertThat(lambda.getFunctionConfiguration(b -> b.functionName("dlq-fn")).deadLetterConfig().targetArn())
                .isEqualTo(dlq.arn());
        lambda.putFunctionEventInvokeConfig(b -> b.functionName("dlq-fn").maximumRetryAttempts(0));

        InvokeResponse accepted = invokeEvent("dlq-fn", "{\"fail\": true, \"id\": 42}");

        Message dead = receiveOne(dlq);
        assertThat(json(dead.body())).isEqualTo(json("{\"fail\": true, \"id\": 42}"));
        assertThat(dead.messageAttributes().get("RequestID").stringValue())
                .isEqualTo(accepted.responseMetadata().requestId());
        assertThat(dead.messageAttributes().get("ErrorCode").stringValue()).isEqualTo("200");
        assertThat(dead.messageAttributes().get("ErrorCode").dataType()).isEqualTo("Number");
        assertThat(dead.messageAttributes().get("ErrorMessage").stringValue()).isEqualTo("asked to fail");

        lambda.updateFunctionConfiguration(b -> b.functionName("dlq-fn").deadLetterConfig(d -> d.targetArn("")));
        assertThat(lambda.getFunction(b -> b.functionName("dlq-fn")).configuration().deadLetterConfig()).isNull();
    }
}
