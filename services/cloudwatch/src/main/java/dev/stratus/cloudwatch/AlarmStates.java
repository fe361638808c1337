package dev.stratus.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.cloudwatch.MetricStore.MetricId;
import dev.stratus.platform.OperationRegistry;
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.codec.Timestamps;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Alarm evaluation and state changes: each alarm's statistic over its last EvaluationPeriods periods is compared
 * with its threshold (M of N with DatapointsToAlarm, TreatMissingData as CloudWatch reads it); a change of state is
 * recorded in the history and, with actions enabled, notifies the state's actions (SNS topics, Lambda functions).
 */
final class AlarmStates implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AlarmStates.class.getName());
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final DateTimeFormatter STATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx")
            .withZone(ZoneOffset.UTC);
    private final AlarmStore alarms;
    private final MetricStore metrics;
    private final OperationRegistry registry;
    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong();
    private ScheduledExecutorService executor;
    private ScheduledFuture<?> task;

    AlarmStates(AlarmStore alarms, MetricStore metrics, OperationRegistry registry, Clock clock) {
        this.alarms = alarms;
        this.metrics = metrics;
        this.registry = registry;
        this.clock = clock;
    }

    /** Evaluates every alarm each {@code periodSeconds} in the background. */
    void start(long periodSeconds) {
        executor = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("stratus-cloudwatch-alarms").factory());
        task = executor.scheduleWithFixedDelay(this::evaluateAllSafely, periodSeconds, periodSeconds, TimeUnit.SECONDS);
    }

    private void evaluateAllSafely() {
        try {
            evaluateAll();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "alarm evaluation failed", e);
        }
    }

    /** One evaluation pass over every alarm; returns how many changed state. */
    synchronized int evaluateAll() {
        int changed = 0;
        for (ObjectNode alarm : alarms.all()) {
            String[] target = evaluate(alarm, clock.instant());
            if (target != null && !target[0].equals(alarm.get("StateValue").asText())) {
                transition(alarm, target[0], target[1], null);
                changed++;
            }
        }
        return changed;
    }

    /** The state the alarm's data puts it in now, with the reason; null to keep the current state. */
    String[] evaluate(ObjectNode alarm, Instant now) {
        if (!alarm.has("MetricName")) {
            return null;
        }
        int period = alarm.get("Period").asInt();
        int n = alarm.get("EvaluationPeriods").asInt();
        int m = alarm.path("DatapointsToAlarm").asInt(n);
        String stat = alarm.has("Statistic") ? alarm.get("Statistic").asText() : alarm.path("ExtendedStatistic").asText();
        long end = now.getEpochSecond() - Math.floorMod(now.getEpochSecond(), period);
        long start = end - (long) period * n;
        Map<String, String> dims = new TreeMap<>();
        alarm.path("Dimensions").forEach(d -> dims.put(d.get("Name").asText(), d.get("Value").asText()));
        String[] arn = alarm.get("AlarmArn").asText().split(":", 7);
        MetricId id = new MetricId(arn[4], arn[3], alarm.get("Namespace").asText(), alarm.get("MetricName").asText(),
                dims);
        Map<Long, List<MetricStore.Sample>> byPeriod = new TreeMap<>();
        String unit = alarm.path("Unit").asText(null);
        for (MetricStore.Sample s : metrics.read(id, start * 1000, end * 1000)) {
            if (unit == null || unit.equals(s.unit())) {
                long second = Math.floorDiv(s.timeMillis(), 1000);
                byPeriod.computeIfAbsent(second - Math.floorMod(second, period), k -> new ArrayList<>()).add(s);
            }
        }
        double threshold = alarm.get("Threshold").asDouble();
        String op = alarm.get("ComparisonOperator").asText();
        String missing = alarm.path("TreatMissingData").asText("missing");
        int breaching = 0;
        int present = 0;
        List<Double> recent = new ArrayList<>();
        for (long p = start; p < end; p += period) {
            List<MetricStore.Sample> samples = byPeriod.get(p);
            Double v = samples == null ? null : new Statistics(samples).get(stat);
            if (v == null) {
                if (missing.equals("breaching")) {
                    breaching++;
                }
                continue;
            }
            present++;
            recent.add(v);
            if (breaches(op, v, threshold)) {
                breaching++;
            }
        }
        if (present == 0 && (missing.equals("missing") || missing.equals("ignore"))) {
            return missing.equals("ignore") ? null : new String[] {"INSUFFICIENT_DATA",
                    "Insufficient Data: " + n + " datapoint" + (n == 1 ? " was" : "s were") + " unknown."};
        }
        boolean alarmed = breaching >= m;
        String reason = "Threshold Crossed: " + breaching + " out of the last " + n + " datapoints " + recent
                + (alarmed ? " was " : " was not ") + describe(op) + " the threshold (" + threshold + ").";
        return new String[] {alarmed ? "ALARM" : "OK", reason};
    }

    static boolean breaches(String op, double v, double threshold) {
        return switch (op) {
            case "GreaterThanOrEqualToThreshold" -> v >= threshold;
            case "GreaterThanThreshold" -> v > threshold;
            case "LessThanThreshold" -> v < threshold;
            case "LessThanOrEqualToThreshold" -> v <= threshold;
            default -> false;
        };
    }

    private static String describe(String op) {
        return switch (op) {
            case "GreaterThanOrEqualToThreshold" -> "greater than or equal to";
            case "GreaterThanThreshold" -> "greater than";
            case "LessThanThreshold" -> "less than";
            default -> "less than or equal to";
        };
    }

    /** Moves the alarm to {@code state}, records it, and runs the state's actions when enabled. */
    void transition(ObjectNode alarm, String state, String reason, String reasonData) {
        String old = alarm.get("StateValue").asText();
        Instant now = clock.instant();
        alarm.put("StateValue", state);
        alarm.put("StateReason", reason);
        if (reasonData != null) {
            alarm.put("StateReasonData", reasonData);
        } else {
            alarm.remove("StateReasonData");
        }
        alarm.set("StateUpdatedTimestamp", Timestamps.node(now));
        if (!old.equals(state)) {
            alarm.set("StateTransitionedTimestamp", Timestamps.node(now));
        }
        alarms.put(alarm);
        ObjectNode data = F.objectNode().put("version", "1.0");
        data.putObject("oldState").put("stateValue", old);
        data.putObject("newState").put("stateValue", state).put("stateReason", reason);
        history(alarm, "StateUpdate", "Alarm updated from " + old + " to " + state, data);
        if (alarm.path("ActionsEnabled").asBoolean(true)) {
            String list = switch (state) {
                case "ALARM" -> "AlarmActions";
                case "OK" -> "OKActions";
                default -> "InsufficientDataActions";
            };
            for (JsonNode action : alarm.path(list)) {
                notify(action.asText(), alarm, old, now);
            }
        }
    }

    void history(ObjectNode alarm, String type, String summary, ObjectNode data) {
        Instant now = clock.instant();
        ObjectNode item = F.objectNode();
        item.put("AlarmName", alarm.get("AlarmName").asText());
        item.put("AlarmType", "MetricAlarm");
        item.set("Timestamp", Timestamps.node(now));
        item.put("HistoryItemType", type);
        item.put("HistorySummary", summary);
        item.put("HistoryData", data.toString());
        alarms.addHistory(alarm, item, now.toEpochMilli(), sequence.incrementAndGet());
    }

    /** Delivers the alarm notification CloudWatch sends: JSON to an SNS topic, or an event to a function. */
    private void notify(String arn, ObjectNode alarm, String oldState, Instant at) {
        String[] parts = arn.split(":", 7);
        if (parts.length < 6) {
            return;
        }
        RequestContext ctx = RequestContext.internal(parts[4], parts[3]);
        try {
            if (parts[2].equals("sns")) {
                ObjectNode publish = F.objectNode().put("TopicArn", arn)
                        .put("Subject", truncate(alarm.get("StateValue").asText() + ": \"" + alarm.get("AlarmName")
                                .asText() + "\" in " + parts[3], 100))
                        .put("Message", message(alarm, oldState, at).toString());
                registry.call("sns", "Publish", ctx, publish);
            } else if (parts[2].equals("lambda")) {
                ObjectNode event = F.objectNode().put("source", "aws.cloudwatch")
                        .put("alarmArn", alarm.get("AlarmArn").asText()).put("accountId", parts[4])
                        .put("time", STATE_TIME.format(at)).put("region", parts[3]);
                ObjectNode data = event.putObject("alarmData").put("alarmName", alarm.get("AlarmName").asText());
                data.putObject("state").put("value", alarm.get("StateValue").asText())
                        .put("reason", alarm.get("StateReason").asText()).put("timestamp", STATE_TIME.format(at));
                data.putObject("previousState").put("value", oldState);
                ObjectNode invoke = F.objectNode().put("FunctionName", arn).put("InvocationType", "Event");
                invoke.set("Payload", F.binaryNode(event.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                registry.call("lambda", "Invoke", ctx, invoke);
            }
            history(alarm, "Action", "Successfully executed action " + arn, F.objectNode().put("actionState",
                    "Succeeded"));
        } catch (RuntimeException e) {
            history(alarm, "Action", "Failed to execute action " + arn, F.objectNode().put("actionState", "Failed")
                    .put("error", String.valueOf(e.getMessage())));
        }
    }

    private static ObjectNode message(ObjectNode alarm, String oldState, Instant at) {
        String[] arn = alarm.get("AlarmArn").asText().split(":", 7);
        ObjectNode m = F.objectNode();
        m.put("AlarmName", alarm.get("AlarmName").asText());
        m.put("AlarmDescription", alarm.path("AlarmDescription").asText(null));
        m.put("AWSAccountId", arn[4]);
        m.put("AlarmConfigurationUpdatedTimestamp", STATE_TIME.format(Timestamps.instant(
                alarm.get("AlarmConfigurationUpdatedTimestamp"))));
        m.put("NewStateValue", alarm.get("StateValue").asText());
        m.put("NewStateReason", alarm.get("StateReason").asText());
        m.put("StateChangeTime", STATE_TIME.format(at));
        m.put("Region", arn[3]);
        m.put("AlarmArn", alarm.get("AlarmArn").asText());
        m.put("OldStateValue", oldState);
        ArrayNode ok = m.putArray("OKActions");
        alarm.path("OKActions").forEach(ok::add);
        ArrayNode alarmActions = m.putArray("AlarmActions");
        alarm.path("AlarmActions").forEach(alarmActions::add);
        ArrayNode insufficient = m.putArray("InsufficientDataActions");
        alarm.path("InsufficientDataActions").forEach(insufficient::add);
        ObjectNode trigger = m.putObject("Trigger");
        trigger.put("MetricName", alarm.path("MetricName").asText(null));
        trigger.put("Namespace", alarm.path("Namespace").asText(null));
        trigger.put("StatisticType", alarm.has("Statistic") ? "Statistic" : "ExtendedStatistic");
        trigger.put("Statistic", alarm.path("Statistic").asText(alarm.path("ExtendedStatistic").asText(null)));
        trigger.putNull("Unit");
        ArrayNode dims = trigger.putArray("Dimensions");
        alarm.path("Dimensions").forEach(d -> dims.addObject().put("value", d.get("Value").asText())
                .put("name", d.get("Name").asText()));
        trigger.put("Period", alarm.path("Period").asInt());
        trigger.put("EvaluationPeriods", alarm.path("EvaluationPeriods").asInt());
        trigger.put("ComparisonOperator", alarm.path("ComparisonOperator").asText());
        trigger.put("Threshold", alarm.path("Threshold").asDouble());
        trigger.put("TreatMissingData", alarm.path("TreatMissingData").asText("missing"));
        trigger.put("EvaluateLowSampleCountPercentile", "");
        return m;
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    @Override
    public void close() {
        if (task != null) {
            task.cancel(false);
        }
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
