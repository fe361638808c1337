package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionUrlAuthType;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The runtime's invoked function ARN (context.invoked_function_arn) is the ARN the caller used: unqualified, or
 * qualified with the alias or version, through sync and async Invoke, event source mappings and function URLs.
 */
class LambdaInvokedArnTest {
    static final StratusServer stratus = StratusServer.start();
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ARN = "arn:aws:lambda:us-east-1:000000000000:function:arn-fn";
    static final LambdaClient lambda = stratus.client(LambdaClient.builder());
    static final SqsClient sqs = stratus.client(SqsClient.builder());
    static String reports;

    /** Answers the invoked ARN; for an event source batch, also reports it to the REPORT queue. */
    static final String CODE = """
            import boto3, os
            def handler(event, context):
                if "Records" in event:
                    boto3.client("sqs").send_message(QueueUrl=os.environ["REPORT"],
                                                     MessageBody=context.invoked_function_arn)
                return {"arn": context.invoked_function_arn}
            """;

    @BeforeAll
    static void createFunctionWithVersionAndAlias() {
        reports = sqs.createQueue(b -> b.queueName("arn-reports")).queueUrl();
        lambda.createFunction(b -> b.functionName("arn-fn").runtime(Runtime.PYTHON3_12).role(LambdaTest.ROLE)
                .handler("app.handler").timeout(30).environment(e -> e.variables(Map.of("REPORT", reports)))
                .code(c -> c.zipFile(LambdaTest.zip(Map.of("app.py", CODE)))));
        lambda.publishVersion(b -> b.functionName("arn-fn"));
        lambda.createAlias(b -> b.functionName("arn-fn").name("live").functionVersion("1"));
    }

    @AfterAll
    static void stop() {
        stratus.close();
    }

    static String invokedArn(String functionName, String qualifier) {
        String body = lambda.invoke(b -> b.functionName(functionName).qualifier(qualifier)
                .payload(SdkBytes.fromUtf8String("{}"))).payload().asUtf8String();
        return json(body).path("arn").asText();
    }

    static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Message receiveOne(String url) {
        List<Message> got = sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(20)).messages();
        assertThat(got).as("a message on " + url).hasSize(1);
        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(got.getFirst().receiptHandle()));
        return got.getFirst();
    }

    @Test
    void synchronousInvokesSeeTheArnTheCallerUsed() {
        assertThat(invokedArn("arn-fn", null)).isEqualTo(ARN);
        assertThat(invokedArn(ARN, null)).isEqualTo(ARN);
        assertThat(invokedArn("arn-fn", "live")).isEqualTo(ARN + ":live");
        assertThat(invokedArn("arn-fn:live", null)).isEqualTo(ARN + ":live");
        assertThat(invokedArn("arn-fn", "1")).isEqualTo(ARN + ":1");
        assertThat(invokedArn("arn-fn", "$LATEST")).isEqualTo(ARN + ":$LATEST");
    }

    @Test
    void asynchronousInvokeThroughAnAliasSeesTheAliasArn() {
        String successes = sqs.createQueue(b -> b.queueName("arn-successes")).queueUrl();
        String successArn = sqs.getQueueAttributes(b -> b.queueUrl(successes)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        lambda.putFunctionEventInvokeConfig(b -> b.functionName("arn-fn").qualifier("live")
                .destinationConfig(d -> d.onSuccess(s -> s.destination(successArn))));
        lambda.invoke(b -> b.functionName("arn-fn").qualifier("live").invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String("{}")));
        JsonNode record = json(receiveOne(successes).body());
        assertThat(record.path("responsePayload").path("arn").asText()).isEqualTo(ARN + ":live");
    }

    @Test
    void anEventSourceMappingOnAnAliasSeesTheAliasArn() {
        String source = sqs.createQueue(b -> b.queueName("arn-source")).queueUrl();
        String sourceArn = sqs.getQueueAttributes(b -> b.queueUrl(source)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        lambda.createEventSourceMapping(b -> b.functionName(ARN + ":live").eventSourceArn(sourceArn).batchSize(1));
        sqs.sendMessage(b -> b.queueUrl(source).messageBody("hello"));
        assertThat(receiveOne(reports).body()).isEqualTo(ARN + ":live");
    }

    @Test
    void aFunctionUrlOnAnAliasSeesTheAliasArn() throws Exception {
        String url = lambda.createFunctionUrlConfig(b -> b.functionName("arn-fn").qualifier("live")
                .authType(FunctionUrlAuthType.NONE)).functionUrl();
        String id = URI.create(url).getHost().split("\\.")[0];
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(stratus.endpoint() + "/_aws/lambda-url/" + id + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response.body()).path("arn").asText()).isEqualTo(ARN + ":live");
    }
}
