package dev.stratus.e2e;

import static dev.stratus.e2e.AwsErrors.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.cloudwatch.CloudWatchService;
import dev.stratus.platform.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.HistoryItemType;
import software.amazon.awssdk.services.cloudwatch.model.InvalidParameterCombinationException;
import software.amazon.awssdk.services.cloudwatch.model.InvalidParameterValueException;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** CloudWatch metrics and alarms through the SDK's default protocol (Smithy RPC v2 CBOR), on a hand-moved clock. */
class CloudWatchMetricsTest {
    /** A whole minute, so periods line up with what the test puts. */
    static final MutableClock clock = new MutableClock(Instant.ofEpochSecond(
            Instant.now().getEpochSecond() / 3600 * 3600));
    static final StratusServer stratus = StratusServer.start(clock);
    static final CloudWatchClient cw = stratus.client(CloudWatchClient.builder());

    @AfterAll
    static void stop() {
        cw.close();
        stratus.close();
    }

    static String namespace() {
        return "Test/" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Dimension dim(String name, String value) {
        return Dimension.builder().name(name).value(value).build();
    }

    @Test
    void statisticsArePerPeriodAndUnit() {
        String ns = namespace();
        Instant t0 = clock.instant().minus(Duration.ofMinutes(10));
        cw.putMetricData(b -> b.namespace(ns).metricData(
                d -> d.metricName("Latency").dimensions(dim("Api", "orders")).timestamp(t0).value(10.0)
                        .unit(StandardUnit.MILLISECONDS),
                d -> d.metricName("Latency").dimensions(dim("Api", "orders")).timestamp(t0.plusSeconds(5))
                        .values(20.0, 30.0).counts(1.0, 2.0).unit(StandardUnit.MILLISECONDS),
                d -> d.metricName("Latency").dimensions(dim("Api", "orders")).timestamp(t0.plusSeconds(60))
                        .statisticValues(s -> s.sampleCount(4.0).sum(8.0).minimum(1.0).maximum(3.0))
                        .unit(StandardUnit.MILLISECONDS),
                d -> d.metricName("Latency").dimensions(dim("Api", "users")).timestamp(t0).value(999.0)));
        List<Datapoint> points = cw.getMetricStatistics(b -> b.namespace(ns).metricName("Latency")
                .dimensions(dim("Api", "orders")).startTime(t0.minusSeconds(60)).endTime(clock.instant())
                .period(60).statistics(Statistic.SAMPLE_COUNT, Statistic.SUM, Statistic.AVERAGE, Statistic.MINIMUM,
                        Statistic.MAXIMUM)).datapoints();
        assertThat(points).hasSize(2);
        Datapoint first = points.stream().filter(p -> p.timestamp().equals(t0)).findFirst().orElseThrow();
        assertThat(first.sampleCount()).isEqualTo(4.0);
        assertThat(first.sum()).isEqualTo(90.0);
        assertThat(first.average()).isEqualTo(22.5);
        assertThat(first.minimum()).isEqualTo(10.0);
        assertThat(first.maximum()).isEqualTo(30.0);
        assertThat(first.unit()).isEqualTo(StandardUnit.MILLISECONDS);

        var percentiles = cw.getMetricStatistics(b -> b.namespace(ns).metricName("Latency")
                .dimensions(dim("Api", "orders")).startTime(t0).endTime(t0.plusSeconds(60)).period(60)
                .extendedStatistics("p50", "p99")).datapoints().get(0).extendedStatistics();
        assertThat(percentiles).containsEntry("p50", 20.0).containsEntry("p99", 30.0);
    }

    @Test
    void getMetricDataAndListMetrics() {
        String ns = namespace();
        Instant t0 = clock.instant().minus(Duration.ofMinutes(5));
        for (int i = 0; i < 3; i++) {
            Instant at = t0.plusSeconds(60L * i);
            double v = i + 1;
            cw.putMetricData(b -> b.namespace(ns).metricData(d -> d.metricName("Orders")
                    .dimensions(dim("Shop", "a")).timestamp(at).value(v).unit(StandardUnit.COUNT)));
        }
        cw.putMetricData(b -> b.namespace(ns).metricData(d -> d.metricName("Errors").value(1.0)));
        MetricDataResult result = cw.getMetricData(b -> b.startTime(t0).endTime(clock.instant())
                .metricDataQueries(q -> q.id("orders").metricStat(s -> s.metric(m -> m.namespace(ns)
                        .metricName("Orders").dimensions(dim("Shop", "a"))).period(60).stat("Sum"))))
                .metricDataResults().get(0);
        assertThat(result.id()).isEqualTo("orders");
        assertThat(result.label()).isEqualTo("Orders");
        assertThat(result.values()).containsExactly(3.0, 2.0, 1.0);
        assertThat(result.timestamps()).containsExactly(t0.plusSeconds(120), t0.plusSeconds(60), t0);
        assertThat(result.statusCodeAsString()).isEqualTo("Complete");

        assertThat(cw.listMetrics(b -> b.namespace(ns)).metrics()).hasSize(2);
        assertThat(cw.listMetrics(b -> b.namespace(ns).dimensions(f -> f.name("Shop"))).metrics())
                .singleElement().satisfies(m -> {
                    assertThat(m.metricName()).isEqualTo("Orders");
                    assertThat(m.dimensions()).containsExactly(dim("Shop", "a"));
                });
    }

    @Test
    void badInputGetsCloudWatchsErrors() {
        String ns = namespace();
        assertAwsError(() -> cw.putMetricData(b -> b.namespace("AWS/Lambda").metricData(d -> d.metricName("x")
                .value(1.0))), InvalidParameterValueException.class, 400, "InvalidParameterValue", null);
        assertAwsError(() -> cw.putMetricData(b -> b.namespace(ns).metricData(d -> d.metricName("x").value(1.0)
                .statisticValues(s -> s.sampleCount(1.0).sum(1.0).minimum(1.0).maximum(1.0)))),
                InvalidParameterCombinationException.class, 400, "InvalidParameterCombination", null);
        assertAwsError(() -> cw.putMetricData(b -> b.namespace(ns).metricData(d -> d.metricName("x").value(1.0)
                .timestamp(clock.instant().plus(Duration.ofHours(3))))), InvalidParameterValueException.class, 400,
                "InvalidParameterValue", null);
        assertAwsError(() -> cw.getMetricStatistics(b -> b.namespace(ns).metricName("x")
                .startTime(clock.instant().minus(Duration.ofDays(3))).endTime(clock.instant()).period(60)
                .statistics(Statistic.SUM)), InvalidParameterCombinationException.class, 400,
                "InvalidParameterCombination", null);
        assertAwsError(() -> cw.getMetricStatistics(b -> b.namespace(ns).metricName("x")
                .startTime(clock.instant().minus(Duration.ofHours(1))).endTime(clock.instant()).period(45)
                .statistics(Statistic.SUM)), InvalidParameterValueException.class, 400, "InvalidParameterValue",
                "The parameter Period must be 1, 5, 10, 30, or a multiple of 60.");
        assertAwsError(() -> cw.setAlarmState(b -> b.alarmName("nope").stateValue(StateValue.ALARM)
                .stateReason("r")), CloudWatchException.class, 404, "ResourceNotFound", "Alarm nope does not exist");
    }

    @Test
    void alarmsAreEvaluatedAndNotifyTheirTopic() {
        SnsClient sns = stratus.client(SnsClient.builder());
        SqsClient sqs = stratus.client(SqsClient.builder());
        String queueUrl = sqs.createQueue(b -> b.queueName("alarms-" + UUID.randomUUID().toString().substring(0, 8)))
                .queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNamesWithStrings("QueueArn"))
                .attributesAsStrings().get("QueueArn");
        String topic = sns.createTopic(b -> b.name("alarms-" + UUID.randomUUID().toString().substring(0, 8)))
                .topicArn();
        sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(queueArn)
                .attributes(java.util.Map.of("RawMessageDelivery", "true")));
        String ns = namespace();
        String name = "high-errors-" + UUID.randomUUID().toString().substring(0, 8);
        cw.putMetricAlarm(b -> b.alarmName(name).namespace(ns).metricName("Errors").statistic(Statistic.SUM)
                .period(60).evaluationPeriods(2).datapointsToAlarm(1).threshold(5.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD).alarmActions(topic)
                .okActions(topic));
        var created = cw.describeAlarms(b -> b.alarmNames(name)).metricAlarms().get(0);
        assertThat(created.stateValue()).isEqualTo(StateValue.INSUFFICIENT_DATA);
        assertThat(created.alarmArn()).isEqualTo("arn:aws:cloudwatch:us-east-1:000000000000:alarm:" + name);

        cw.putMetricData(b -> b.namespace(ns).metricData(d -> d.metricName("Errors").value(7.0)
                .timestamp(clock.instant().minusSeconds(90))));
        // The background evaluator may get there first; either way one pass settles the state.
        ((CloudWatchService) stratus.app().registry().service("cloudwatch")).evaluateAlarms();
        var alarmed = cw.describeAlarms(b -> b.alarmNames(name)).metricAlarms().get(0);
        assertThat(alarmed.stateValue()).isEqualTo(StateValue.ALARM);
        assertThat(alarmed.stateReason()).startsWith("Threshold Crossed: 1 out of the last 2 datapoints");

        var messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(5)).messages();
        assertThat(messages).singleElement().satisfies(m -> assertThat(m.body())
                .contains("\"AlarmName\":\"" + name + "\"").contains("\"NewStateValue\":\"ALARM\"")
                .contains("\"OldStateValue\":\"INSUFFICIENT_DATA\""));

        // The new datum goes in before the clock moves, so no evaluation ever sees the window empty.
        Instant later = clock.instant().plus(Duration.ofMinutes(3));
        cw.putMetricData(b -> b.namespace(ns).metricData(d -> d.metricName("Errors").value(1.0)
                .timestamp(later.minusSeconds(70))));
        clock.advance(Duration.ofMinutes(3));
        ((CloudWatchService) stratus.app().registry().service("cloudwatch")).evaluateAlarms();
        assertThat(cw.describeAlarms(b -> b.stateValue(StateValue.OK).alarmNamePrefix(name)).metricAlarms())
                .hasSize(1);
        assertThat(cw.describeAlarmHistory(b -> b.alarmName(name).historyItemType(HistoryItemType.STATE_UPDATE))
                .alarmHistoryItems()).extracting(h -> h.historySummary())
                .containsExactly("Alarm updated from ALARM to OK", "Alarm updated from INSUFFICIENT_DATA to ALARM");

        cw.setAlarmState(b -> b.alarmName(name).stateValue(StateValue.ALARM).stateReason("testing actions"));
        // SetAlarmState lasts until the next evaluation, which may already have run: the history keeps it.
        assertThat(cw.describeAlarmHistory(b -> b.alarmName(name).historyItemType(HistoryItemType.STATE_UPDATE))
                .alarmHistoryItems()).extracting(h -> h.historySummary()).contains("Alarm updated from OK to ALARM");
        cw.deleteAlarms(b -> b.alarmNames(name));
        assertThat(cw.describeAlarms(b -> b.alarmNames(name)).metricAlarms()).isEmpty();
        sns.close();
        sqs.close();
    }
}
