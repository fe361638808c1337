package dev.stratus.cloudwatch;

import dev.stratus.platform.Operation;
import dev.stratus.platform.Platform;
import dev.stratus.platform.Service;
import dev.stratus.protocol.model.ServiceModel;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Amazon CloudWatch metrics and alarms: PutMetricData and the statistics read back from it, and metric alarms that
 * are evaluated in the background and notify SNS topics and Lambda functions. Speaks the three protocols of the
 * model (Smithy RPC v2 CBOR, awsJson 1.0 and query).
 */
public final class CloudWatchService implements Service {
    /** How often alarms are evaluated, in seconds. */
    public static final long ALARM_EVALUATION_SECONDS = 10;
    private final ServiceModel model = ServiceModel.load("cloudwatch");
    private final AlarmStates states;
    private final Map<String, Operation> operations;

    public CloudWatchService(Platform platform) {
        MetricStore metrics = new MetricStore(platform.storage());
        AlarmStore alarmStore = new AlarmStore(platform.storage());
        this.states = new AlarmStates(alarmStore, metrics, platform.registry(), platform.clock());
        MetricOperations metricOps = new MetricOperations(metrics, platform.clock());
        AlarmOperations alarms = new AlarmOperations(alarmStore, states, platform.clock());
        Map<String, Operation> ops = new LinkedHashMap<>();
        ops.put("PutMetricData", metricOps::putMetricData);
        ops.put("GetMetricStatistics", metricOps::getMetricStatistics);
        ops.put("GetMetricData", metricOps::getMetricData);
        ops.put("ListMetrics", metricOps::listMetrics);
        ops.put("PutMetricAlarm", alarms::putMetricAlarm);
        ops.put("DescribeAlarms", alarms::describeAlarms);
        ops.put("DescribeAlarmsForMetric", alarms::describeAlarmsForMetric);
        ops.put("DeleteAlarms", alarms::deleteAlarms);
        ops.put("SetAlarmState", alarms::setAlarmState);
        ops.put("EnableAlarmActions", (ctx, in) -> alarms.setActionsEnabled(ctx, in, true));
        ops.put("DisableAlarmActions", (ctx, in) -> alarms.setActionsEnabled(ctx, in, false));
        ops.put("DescribeAlarmHistory", alarms::describeAlarmHistory);
        ops.put("TagResource", alarms::tagResource);
        ops.put("UntagResource", alarms::untagResource);
        ops.put("ListTagsForResource", alarms::listTagsForResource);
        this.operations = Map.copyOf(ops);
    }

    @Override
    public String name() {
        return "cloudwatch";
    }

    @Override
    public ServiceModel model() {
        return model;
    }

    @Override
    public String validationErrorCode() {
        return "ValidationError";
    }

    @Override
    public Map<String, Operation> operations() {
        return operations;
    }

    @Override
    public void start() {
        states.start(ALARM_EVALUATION_SECONDS);
    }

    /** One alarm evaluation pass now, for tests; the background evaluator runs the same code. */
    public int evaluateAlarms() {
        return states.evaluateAll();
    }

    @Override
    public void close() {
        states.close();
    }
}
