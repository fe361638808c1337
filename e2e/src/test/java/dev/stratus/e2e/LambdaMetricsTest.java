package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.lambda.LambdaService;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

/** Lambda's AWS/Lambda metrics, read back through CloudWatch as a dashboard or alarm would. */
class LambdaMetricsTest {
    static final StratusServer stratus = StratusServer.start();
    static final LambdaClient lambda = stratus.client(LambdaClient.builder());
    static final CloudWatchClient cw = stratus.client(CloudWatchClient.builder());
    static final String FAILING = """
            def handler(event, context):
                if event.get("fail"):
                    raise ValueError("asked to fail")
                return event
            """;

    @AfterAll
    static void stop() {
        lambda.close();
        cw.close();
        stratus.close();
    }

    static Datapoint stat(String function, String metric, Statistic statistic) {
        Instant now = Instant.now();
        var points = cw.getMetricStatistics(b -> b.namespace("AWS/Lambda").metricName(metric)
                .dimensions(d -> d.name("FunctionName").value(function))
                .startTime(now.minus(Duration.ofHours(1))).endTime(now.plus(Duration.ofMinutes(1))).period(3600)
                .statistics(statistic)).datapoints();
        assertThat(points).hasSize(1);
        return points.get(0);
    }

    @Test
    void invocationsErrorsThrottlesAndDurationsReachCloudWatch() {
        lambda.createFunction(b -> b.functionName("metered").runtime(Runtime.PYTHON3_12).role(LambdaTest.ROLE)
                .handler("app.handler").code(c -> c.zipFile(LambdaTest.zip(Map.of("app.py", FAILING)))));
        for (int i = 0; i < 3; i++) {
            var ok = lambda.invoke(b -> b.functionName("metered").payload(SdkBytes.fromUtf8String("{}")));
            assertThat(ok.functionError()).as(ok.payload().asUtf8String()).isNull();
        }
        lambda.invoke(b -> b.functionName("metered").payload(SdkBytes.fromUtf8String("{\"fail\":true}")));
        lambda.putFunctionConcurrency(b -> b.functionName("metered").reservedConcurrentExecutions(0));
        // The SDK retries throttles by default; one attempt is one throttle.
        try (LambdaClient once = stratus.client(LambdaClient.builder()
                .overrideConfiguration(c -> c.retryPolicy(RetryPolicy.none())))) {
            assertThatThrownBy(() -> once.invoke(b -> b.functionName("metered")))
                    .isInstanceOf(TooManyRequestsException.class);
        }
        ((LambdaService) stratus.app().registry().service("lambda")).flushMetrics();

        assertThat(stat("metered", "Invocations", Statistic.SUM).sum()).isEqualTo(4.0);
        assertThat(stat("metered", "Errors", Statistic.SUM).sum()).isEqualTo(1.0);
        assertThat(stat("metered", "Throttles", Statistic.SUM).sum()).isEqualTo(1.0);
        assertThat(stat("metered", "ColdStarts", Statistic.SUM).sum()).isEqualTo(1.0);
        Datapoint duration = stat("metered", "Duration", Statistic.SAMPLE_COUNT);
        assertThat(duration.sampleCount()).isEqualTo(4.0);
        assertThat(stat("metered", "Duration", Statistic.MAXIMUM).maximum()).isPositive();
        assertThat(cw.listMetrics(b -> b.namespace("AWS/Lambda").dimensions(d -> d.name("FunctionName")
                .value("metered"))).metrics()).extracting(m -> m.metricName())
                .contains("Invocations", "Errors", "Throttles", "Duration", "ConcurrentExecutions");
    }
}
