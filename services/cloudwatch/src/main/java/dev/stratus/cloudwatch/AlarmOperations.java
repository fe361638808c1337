package dev.stratus.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.codec.Timestamps;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Metric alarms: PutMetricAlarm, DescribeAlarms(ForMetric), DeleteAlarms, SetAlarmState, Enable/DisableAlarmActions,
 * DescribeAlarmHistory and the alarm tags.
 */
final class AlarmOperations {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final List<String> COPIED = List.of("AlarmDescription", "OKActions", "AlarmActions",
            "InsufficientDataActions", "MetricName", "Namespace", "Statistic", "ExtendedStatistic", "Dimensions",
            "Period", "Unit", "EvaluationPeriods", "DatapointsToAlarm", "Threshold", "ComparisonOperator",
            "TreatMissingData", "EvaluateLowSampleCountPercentile", "Metrics", "ThresholdMetricId");
    private final AlarmStore alarms;
    private final AlarmStates states;
    private final Clock clock;

    AlarmOperations(AlarmStore alarms, AlarmStates states, Clock clock) {
        this.alarms = alarms;
        this.states = states;
        this.clock = clock;
    }

    private static AwsException notFound(String name) {
        return new AwsException("ResourceNotFound", "Alarm " + name + " does not exist", 404);
    }

    JsonNode putMetricAlarm(RequestContext ctx, ObjectNode in) {
        String name = in.get("AlarmName").asText();
        boolean single = in.has("MetricName");
        if (single == in.has("Metrics")) {
            throw MetricOperations.invalidCombination(single ? "Exactly one of MetricName and Metrics must be "
                    + "specified, not both." : "One of MetricName or Metrics must be specified.");
        }
        if (single && !in.has("Namespace")) {
            throw new AwsException("MissingRequiredParameterException", "The parameter Namespace is required.", 400);
        }
        if (single && in.has("Statistic") == in.has("ExtendedStatistic")) {
            throw MetricOperations.invalidCombination("Exactly one of Statistic and ExtendedStatistic must be "
                    + "specified.");
        }
        if (in.has("ExtendedStatistic") && !Statistics.isPercentile(in.get("ExtendedStatistic").asText())) {
            throw MetricOperations.invalidValue("The value " + in.get("ExtendedStatistic").asText()
                    + " for parameter ExtendedStatistic is not supported.");
        }
        for (String required : List.of("EvaluationPeriods", "ComparisonOperator")) {
            if (!in.has(required)) {
                throw new AwsException("MissingRequiredParameterException", "The parameter " + required
                        + " is required.", 400);
            }
        }
        if (single) {
            if (!in.has("Period") || !in.has("Threshold")) {
                throw new AwsException("MissingRequiredParameterException", "The parameter "
                        + (in.has("Period") ? "Threshold" : "Period") + " is required.", 400);
            }
            MetricOperations.checkPeriod(in.get("Period").asInt(), "Period");
            if ((long) in.get("Period").asInt() * in.get("EvaluationPeriods").asInt() > 7 * 86_400) {
                throw MetricOperations.invalidValue("The evaluation period, Period * EvaluationPeriods, must not "
                        + "exceed 7 days.");
            }
        }
        int n = in.get("EvaluationPeriods").asInt();
        if (in.has("DatapointsToAlarm") && in.get("DatapointsToAlarm").asInt() > n) {
            throw MetricOperations.invalidValue("DatapointsToAlarm must be less than or equal to EvaluationPeriods.");
        }
        ObjectNode existing = alarms.get(ctx, name).orElse(null);
        ObjectNode alarm = F.objectNode();
        alarm.put("AlarmName", name);
        alarm.put("AlarmArn", ctx.arn("cloudwatch", "alarm:" + name));
        alarm.set("AlarmConfigurationUpdatedTimestamp", Timestamps.node(clock.instant()));
        alarm.put("ActionsEnabled", in.path("ActionsEnabled").asBoolean(true));
        for (String field : COPIED) {
            if (in.has(field)) {
                alarm.set(field, in.get(field));
            }
        }
        for (String list : List.of("OKActions", "AlarmActions", "InsufficientDataActions", "Dimensions")) {
            if (!alarm.has(list)) {
                alarm.putArray(list);
            }
        }
        if (existing == null) {
            alarm.put("StateValue", "INSUFFICIENT_DATA");
            alarm.put("StateReason", "Unchecked: Initial alarm creation");
            alarm.set("StateUpdatedTimestamp", Timestamps.node(clock.instant()));
            alarm.set("StateTransitionedTimestamp", Timestamps.node(clock.instant()));
        } else {
            for (String kept : List.of("StateValue", "StateReason", "StateReasonData", "StateUpdatedTimestamp",
                    "StateTransitionedTimestamp", "__tags")) {
                if (existing.has(kept)) {
                    alarm.set(kept, existing.get(kept));
                }
            }
        }
        if (in.has("Tags")) {
            ObjectNode tags = alarm.has("__tags") ? (ObjectNode) alarm.get("__tags") : alarm.putObject("__tags");
            in.get("Tags").forEach(t -> tags.put(t.get("Key").asText(), t.get("Value").asText()));
        }
        alarms.put(alarm);
        states.history(alarm, "ConfigurationUpdate", "Alarm \"" + name + "\" " + (existing == null ? "created"
                : "updated"), F.objectNode().put("version", "1.0").put("type", existing == null ? "Create" : "Update"));
        return null;
    }

    /** The alarm as DescribeAlarms shows it (without the tags kept alongside). */
    private static ObjectNode shown(ObjectNode alarm) {
        ObjectNode copy = alarm.deepCopy();
        copy.remove("__tags");
        return copy;
    }

    JsonNode describeAlarms(RequestContext ctx, ObjectNode in) {
        List<String> names = new ArrayList<>();
        in.path("AlarmNames").forEach(n -> names.add(n.asText()));
        String prefix = in.path("AlarmNamePrefix").asText(null);
        String state = in.path("StateValue").asText(null);
        String actionPrefix = in.path("ActionPrefix").asText(null);
        boolean metricAlarms = !in.has("AlarmTypes") || in.get("AlarmTypes").toString().contains("MetricAlarm");
        List<ObjectNode> matched = new ArrayList<>();
        if (metricAlarms) {
            for (ObjectNode a : alarms.list(ctx)) {
                String name = a.get("AlarmName").asText();
                if ((names.isEmpty() || names.contains(name)) && (prefix == null || name.startsWith(prefix))
                        && (state == null || state.equals(a.get("StateValue").asText()))
                        && (actionPrefix == null || hasAction(a, actionPrefix))) {
                    matched.add(shown(a));
                }
            }
        }
        int max = in.path("MaxRecords").asInt(50);
        int from = token(in);
        ObjectNode out = F.objectNode();
        ArrayNode list = out.putArray("MetricAlarms");
        out.putArray("CompositeAlarms");
        matched.subList(Math.min(from, matched.size()), Math.min(matched.size(), from + max)).forEach(list::add);
        if (from + max < matched.size()) {
            out.put("NextToken", Integer.toString(from + max));
        }
        return out;
    }

    private static int token(ObjectNode in) {
        if (!in.has("NextToken")) {
            return 0;
        }
        try {
            int from = Integer.parseInt(in.get("NextToken").asText());
            if (from >= 0) {
                return from;
            }
        } catch (NumberFormatException e) {
            // falls through to the error
        }
        throw new AwsException("InvalidNextToken", "The service returned an invalid next token.", 400);
    }

    private static boolean hasAction(ObjectNode alarm, String prefix) {
        for (String list : List.of("OKActions", "AlarmActions", "InsufficientDataActions")) {
            for (JsonNode a : alarm.path(list)) {
                if (a.asText().startsWith(prefix)) {
                    return true;
                }
            }
        }
        return false;
    }

    JsonNode describeAlarmsForMetric(RequestContext ctx, ObjectNode in) {
        Map<String, String> dims = new LinkedHashMap<>();
        in.path("Dimensions").forEach(d -> dims.put(d.get("Name").asText(), d.get("Value").asText()));
        ArrayNode list = F.arrayNode();
        for (ObjectNode a : alarms.list(ctx)) {
            Map<String, String> alarmDims = new LinkedHashMap<>();
            a.path("Dimensions").forEach(d -> alarmDims.put(d.get("Name").asText(), d.get("Value").asText()));
            if (in.get("MetricName").asText().equals(a.path("MetricName").asText())
                    && in.get("Namespace").asText().equals(a.path("Namespace").asText())
                    && (!in.has("Dimensions") || dims.equals(alarmDims))
                    && (!in.has("Statistic") || in.get("Statistic").asText().equals(a.path("Statistic").asText()))
                    && (!in.has("Period") || in.get("Period").asInt() == a.path("Period").asInt())) {
                list.add(shown(a));
            }
        }
        return F.objectNode().set("MetricAlarms", list);
    }

    JsonNode deleteAlarms(RequestContext ctx, ObjectNode in) {
        List<String> names = new ArrayList<>();
        in.get("AlarmNames").forEach(n -> names.add(n.asText()));
        for (String name : names) {
            if (alarms.get(ctx, name).isEmpty()) {
                throw notFound(name);
            }
        }
        names.forEach(name -> alarms.delete(ctx, name));
        return null;
    }

    JsonNode setAlarmState(RequestContext ctx, ObjectNode in) {
        String name = in.get("AlarmName").asText();
        ObjectNode alarm = alarms.get(ctx, name).orElseThrow(() -> notFound(name));
        String data = in.path("StateReasonData").asText(null);
        if (data != null) {
            try {
                if (!com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(data).isObject()) {
                    throw new IllegalArgumentException();
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
                throw new AwsException("InvalidFormat", "Invalid JSON for StateReasonData", 400);
            }
        }
        synchronized (states) {
            states.transition(alarm, in.get("StateValue").asText(), in.get("StateReason").asText(), data);
        }
        return null;
    }

    JsonNode setActionsEnabled(RequestContext ctx, ObjectNode in, boolean enabled) {
        for (JsonNode n : in.path("AlarmNames")) {
            alarms.get(ctx, n.asText()).ifPresent(a -> {
                a.put("ActionsEnabled", enabled);
                alarms.put(a);
            });
        }
        return null;
    }

    JsonNode describeAlarmHistory(RequestContext ctx, ObjectNode in) {
        String name = in.path("AlarmName").asText(null);
        String type = in.path("HistoryItemType").asText(null);
        long start = in.has("StartDate") ? Timestamps.instant(in.get("StartDate")).toEpochMilli() : Long.MIN_VALUE;
        long end = in.has("EndDate") ? Timestamps.instant(in.get("EndDate")).toEpochMilli() : Long.MAX_VALUE;
        List<ObjectNode> items = new ArrayList<>();
        for (ObjectNode item : alarms.history(ctx, name)) {
            long at = Timestamps.instant(item.get("Timestamp")).toEpochMilli();
            if ((type == null || type.equals(item.get("HistoryItemType").asText())) && at >= start && at <= end) {
                items.add(item);
            }
        }
        if (!"TimestampAscending".equals(in.path("ScanBy").asText())) {
            java.util.Collections.reverse(items);
        }
        int max = in.path("MaxRecords").asInt(100);
        int from = token(in);
        ObjectNode out = F.objectNode();
        ArrayNode list = out.putArray("AlarmHistoryItems");
        items.subList(Math.min(from, items.size()), Math.min(items.size(), from + max)).forEach(list::add);
        if (from + max < items.size()) {
            out.put("NextToken", Integer.toString(from + max));
        }
        return out;
    }

    private ObjectNode alarmByArn(RequestContext ctx, String arn) {
        String prefix = ctx.arn("cloudwatch", "alarm:");
        if (!arn.startsWith(prefix)) {
            throw new AwsException("ResourceNotFoundException", "The specified resource " + arn + " does not exist.",
                    404);
        }
        return alarms.get(ctx, arn.substring(prefix.length())).orElseThrow(() -> new AwsException(
                "ResourceNotFoundException", "The specified resource " + arn + " does not exist.", 404));
    }

    JsonNode tagResource(RequestContext ctx, ObjectNode in) {
        ObjectNode alarm = alarmByArn(ctx, in.get("ResourceARN").asText());
        ObjectNode tags = alarm.has("__tags") ? (ObjectNode) alarm.get("__tags") : alarm.putObject("__tags");
        in.get("Tags").forEach(t -> tags.put(t.get("Key").asText(), t.get("Value").asText()));
        alarms.put(alarm);
        return null;
    }

    JsonNode untagResource(RequestContext ctx, ObjectNode in) {
        ObjectNode alarm = alarmByArn(ctx, in.get("ResourceARN").asText());
        if (alarm.has("__tags")) {
            in.get("TagKeys").forEach(k -> ((ObjectNode) alarm.get("__tags")).remove(k.asText()));
        }
        alarms.put(alarm);
        return null;
    }

    JsonNode listTagsForResource(RequestContext ctx, ObjectNode in) {
        ObjectNode alarm = alarmByArn(ctx, in.get("ResourceARN").asText());
        ArrayNode tags = F.arrayNode();
        alarm.path("__tags").properties().forEach(e -> tags.addObject().put("Key", e.getKey())
                .put("Value", e.getValue().asText()));
        return F.objectNode().set("Tags", tags);
    }
}
