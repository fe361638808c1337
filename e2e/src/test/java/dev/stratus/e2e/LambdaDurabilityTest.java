package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.platform.StratusConfig;
import dev.stratus.platform.testing.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** Functions and their code survive a restart with a data directory. */
class LambdaDurabilityTest {
    @TempDir
    Path data;

    @Test
    void functionRunsAfterRestart() {
        StratusConfig config = StratusConfig.forTests().withStorage(data, false);
        try (StratusServer first = StratusServer.start(config)) {
            LambdaClient lambda = first.client(LambdaClient.builder());
            lambda.createFunction(b -> b.functionName("durable-fn").runtime(Runtime.NODEJS20_X).role(LambdaTest.ROLE)
                    .handler("index.handler").code(c -> c.zipFile(LambdaTest.zip(Map.of("index.js",
                            "exports.handler = async (e) => ({ kept: e.v });\n")))));
        }
        try (StratusServer second = StratusServer.start(config)) {
            LambdaClient lambda = second.client(LambdaClient.builder());
            assertThat(lambda.getFunction(b -> b.functionName("durable-fn")).configuration().handler())
                    .isEqualTo("index.handler");
            assertThat(lambda.invoke(b -> b.functionName("durable-fn")
                    .payload(software.amazon.awssdk.core.SdkBytes.fromUtf8String("{\"v\":7}"))).payload().asUtf8String())
                    .isEqualTo("{\"kept\":7}");
        }
    }

    /** Reports each attempt to the queue named by ATTEMPTS (looked up by name: the port changes on restart). */
    static final String FAILING = """
            import boto3, os
            sqs = boto3.client("sqs")
            def handler(event, context):
                url = sqs.get_queue_url(QueueName=os.environ["ATTEMPTS"])["QueueUrl"]
                sqs.send_message(QueueUrl=url, MessageBody=context.aws_request_id)
                raise RuntimeError("asked to fail")
            """;

    static Message receiveOne(SqsClient sqs, String queueName) {
        String url = sqs.getQueueUrl(b -> b.queueName(queueName)).queueUrl();
        List<Message> got = sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(20)).messages();
        assertThat(got).as("a message on " + queueName).hasSize(1);
        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(got.getFirst().receiptHandle()));
        return got.getFirst();
    }

    @Test
    void aQueuedRetryRunsAfterRestart() {
        StratusConfig config = StratusConfig.forTests().withStorage(data, false);
        MutableClock clock = new MutableClock(Instant.now());
        String requestId;
        try (StratusServer first = StratusServer.start(config, clock)) {
            LambdaClient lambda = first.client(LambdaClient.builder());
            SqsClient sqs = first.client(SqsClient.builder());
            sqs.createQueue(b -> b.queueName("durable-attempts"));
            String failures = sqs.getQueueAttributes(b -> b.queueUrl(sqs.createQueue(q -> q.queueName(
                    "durable-failures")).queueUrl()).attributeNamesWithStrings("QueueArn"))
                    .attributesAsStrings().get("QueueArn");
            lambda.createFunction(b -> b.functionName("durable-async-fn").runtime(Runtime.PYTHON3_12)
                    .role(LambdaTest.ROLE).handler("app.handler")
                    .environment(e -> e.variables(Map.of("ATTEMPTS", "durable-attempts")))
                    .code(c -> c.zipFile(LambdaTest.zip(Map.of("app.py", FAILING)))));
            lambda.putFunctionEventInvokeConfig(b -> b.functionName("durable-async-fn").maximumRetryAttempts(1)
                    .destinationConfig(d -> d.onFailure(f -> f.destination(failures))));
            requestId = lambda.invoke(b -> b.functionName("durable-async-fn").invocationType(InvocationType.EVENT)
                    .payload(SdkBytes.fromUtf8String("{\"kept\": true}"))).responseMetadata().requestId();
            assertThat(receiveOne(sqs, "durable-attempts").body()).isEqualTo(requestId);
        } // the retry, due in a minute, stays queued on disk

        try (StratusServer second = StratusServer.start(config, new MutableClock(clock.instant().plusSeconds(61)))) {
            SqsClient sqs = second.client(SqsClient.builder());
            assertThat(receiveOne(sqs, "durable-attempts").body()).as("the retry ran after the restart")
                    .isEqualTo(requestId);
            JsonNode record = LambdaAsyncTest.json(receiveOne(sqs, "durable-failures").body());
            assertThat(record.path("requestContext").path("requestId").asText()).isEqualTo(requestId);
            assertThat(record.path("requestContext").path("condition").asText()).isEqualTo("RetriesExhausted");
            assertThat(record.path("requestContext").path("approximateInvokeCount").asInt()).isEqualTo(2);
            assertThat(record.path("requestPayload").path("kept").asBoolean()).isTrue();
        }
    }
}
