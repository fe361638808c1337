package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.joda.time.DateTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.Runtime;

/** Handlers typed with aws-lambda-java-events classes read the events AWS services send, as on AWS. */
class LambdaJavaEventsTest {
    static final StratusServer stratus = StratusServer.start();
    final LambdaClient lambda = stratus.client(LambdaClient.builder());

    static final String EVENTS = """
            package example;

            import com.amazonaws.services.lambda.runtime.Context;
            import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
            import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
            import com.amazonaws.services.lambda.runtime.events.SNSEvent;
            import com.amazonaws.services.lambda.runtime.events.SQSEvent;
            import java.util.Map;

            public class Events {
                public String sqs(SQSEvent event, Context context) {
                    StringBuilder b = new StringBuilder();
                    for (SQSEvent.SQSMessage m : event.getRecords()) {
                        b.append(m.getBody()).append(" from ").append(m.getEventSourceArn()).append(" attr ")
                                .append(m.getMessageAttributes().get("color").getStringValue()).append(';');
                    }
                    return b.toString();
                }

                public APIGatewayProxyResponseEvent api(APIGatewayProxyRequestEvent request) {
                    return new APIGatewayProxyResponseEvent().withStatusCode(201)
                            .withHeaders(Map.of("x-path", request.getPath()))
                            .withBody(request.getHttpMethod() + " q=" + request.getQueryStringParameters().get("q")
                                    + " stage=" + request.getRequestContext().getStage());
                }

                public String sns(SNSEvent event) {
                    SNSEvent.SNS sns = event.getRecords().get(0).getSNS();
                    return sns.getMessage() + " in " + sns.getTimestamp().getYear() + " on " + sns.getTopicArn();
                }
            }
            """;

    @AfterAll
    static void stop() {
        stratus.close();
    }

    @Test
    void sqsApiGatewayAndSnsEvents() {
        List<Path> libs = List.of(JavaFunctions.coreJar(), JavaFunctions.jarOf(SQSEvent.class),
                JavaFunctions.jarOf(DateTime.class));
        Path classes = JavaFunctions.compile(21, Map.of("example/Events.java", EVENTS), libs);
        SdkBytes code = JavaFunctions.zipWithLib(classes, libs);
        for (String fn : List.of("sqs", "api", "sns")) {
            lambda.createFunction(b -> b.functionName("java-events-" + fn).runtime(Runtime.JAVA21)
                    .role(LambdaJavaTest.ROLE).handler("example.Events::" + fn).timeout(30)
                    .code(c -> c.zipFile(code)));
        }

        InvokeResponse sqs = invoke("java-events-sqs", """
                {"Records":[{"messageId":"m1","receiptHandle":"r","body":"hello","attributes":{"ApproximateReceiveCount":"1"},
                "messageAttributes":{"color":{"stringValue":"blue","stringListValues":[],"binaryListValues":[],"dataType":"String"}},
                "md5OfBody":"x","eventSource":"aws:sqs","eventSourceARN":"arn:aws:sqs:us-east-1:000000000000:q","awsRegion":"us-east-1"}]}
                """);
        assertThat(sqs.payload().asUtf8String())
                .isEqualTo("\"hello from arn:aws:sqs:us-east-1:000000000000:q attr blue;\"");

        InvokeResponse api = invoke("java-events-api", """
                {"resource":"/p","path":"/p","httpMethod":"POST","headers":{"a":"b"},"queryStringParameters":{"q":"1"},
                "requestContext":{"stage":"prod","requestId":"id","identity":{"sourceIp":"127.0.0.1"}},"body":"x",
                "isBase64Encoded":false}
                """);
        assertThat(api.payload().asUtf8String())
                .isEqualTo("{\"statusCode\":201,\"headers\":{\"x-path\":\"/p\"},\"body\":\"POST q=1 stage=prod\"}");

        InvokeResponse sns = invoke("java-events-sns", """
                {"Records":[{"EventSource":"aws:sns","EventVersion":"1.0","EventSubscriptionArn":"arn:s","Sns":{
                "Type":"Notification","MessageId":"m","TopicArn":"arn:aws:sns:us-east-1:000000000000:t","Subject":null,
                "Message":"news","Timestamp":"2024-05-06T07:08:09.123Z","SignatureVersion":"1","MessageAttributes":{}}}]}
                """);
        assertThat(sns.payload().asUtf8String()).isEqualTo("\"news in 2024 on arn:aws:sns:us-east-1:000000000000:t\"");
    }

    InvokeResponse invoke(String name, String payload) {
        InvokeResponse r = lambda.invoke(b -> b.functionName(name).payload(SdkBytes.fromUtf8String(payload)));
        assertThat(r.functionError()).as(r.payload().asUtf8String()).isNull();
        return r;
    }
}
