package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.platform.StratusConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

/** A stream mapping survives a restart and carries on from its checkpoint: nothing is delivered twice or lost. */
class LambdaEventSourceDurabilityTest {
    @TempDir
    Path data;

    static String pk(String body) {
        return QueueReader.json(body).at("/dynamodb/Keys/pk/S").asText();
    }

    static void put(DynamoDbClient ddb, String pk) {
        ddb.putItem(b -> b.tableName("durable").item(Map.of("pk", AttributeValue.fromS(pk))));
    }

    @Test
    void streamPollerResumesFromItsCheckpoint() {
        StratusConfig config = StratusConfig.forTests().withStorage(data, false);
        String out;
        try (StratusServer first = StratusServer.start(config)) {
            LambdaClient lambda = first.client(LambdaClient.builder());
            SqsClient sqs = first.client(SqsClient.builder());
            DynamoDbClient ddb = first.client(DynamoDbClient.builder());
            String stream = ddb.createTable(b -> b.tableName("durable").billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                    .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.KEYS_ONLY)))
                    .tableDescription().latestStreamArn();
            out = sqs.createQueue(b -> b.queueName("durable-out.fifo").attributes(Map.of(
                    QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl();
            String outUrl = out;
            lambda.createFunction(b -> b.functionName("durable-forward").runtime(Runtime.PYTHON3_12)
                    .role(LambdaTest.ROLE).handler("app.handler").timeout(30)
                    .environment(e -> e.variables(Map.of("OUT", outUrl)))
                    .code(c -> c.zipFile(LambdaTest.zip(Map.of("app.py", LambdaDynamoDbEventSourceTest.FORWARDER)))));
            lambda.createEventSourceMapping(b -> b.functionName("durable-forward").eventSourceArn(stream)
                    .startingPosition(EventSourcePosition.TRIM_HORIZON));
            put(ddb, "before-restart");
            assertThat(new QueueReader(sqs).bodies(out, 1)).extracting(LambdaEventSourceDurabilityTest::pk)
                    .containsExactly("before-restart");
        }
        try (StratusServer second = StratusServer.start(config)) {
            SqsClient sqs = second.client(SqsClient.builder());
            put(second.client(DynamoDbClient.builder()), "after-restart");
            assertThat(new QueueReader(sqs).bodies(out, 2, Duration.ofSeconds(10)))
                    .extracting(LambdaEventSourceDurabilityTest::pk).containsExactly("after-restart");
        }
    }
}
