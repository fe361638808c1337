package dev.stratus.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.cloudwatch.MetricStore.MetricId;
import dev.stratus.cloudwatch.MetricStore.Sample;
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.codec.Timestamps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** PutMetricData, GetMetricStatistics, GetMetricData and ListMetrics over the {@link MetricStore}. */
final class MetricOperations {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** CloudWatch returns at most this many datapoints from one GetMetricStatistics call. */
    static final int MAX_DATAPOINTS = 1440;
    /** GetMetricData's default (and largest) number of datapoints per call. */
    static final int MAX_METRIC_DATA_POINTS = 100_800;
    static final int LIST_PAGE = 500;
    private final MetricStore store;
    private final Clock clock;

    MetricOperations(MetricStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    static AwsException invalidValue(String message) {
        return new AwsException("InvalidParameterValueException", message, 400);
    }

    static AwsException invalidCombination(String message) {
        return new AwsException("InvalidParameterCombinationException", message, 400);
    }

    JsonNode putMetricData(RequestContext ctx, ObjectNode in) {
        String namespace = in.get("Namespace").asText();
        // AWS/ namespaces belong to AWS's own services: only in-process callers (Lambda's metrics) may use them.
        if (namespace.startsWith("AWS/") && ctx.endpoint() != null) {
            throw invalidValue("The value " + namespace + " for parameter Namespace is invalid.");
        }
        long now = clock.millis();
        List<Map.Entry<MetricId, Sample>> data = new ArrayList<>();
        int index = 0;
        for (JsonNode datum : in.path("MetricData")) {
            index++;
            String at = "MetricData.member." + index;
            Map<String, String> dims = dimensions(datum.path("Dimensions"), at);
            long time = datum.has("Timestamp") ? Timestamps.instant(datum.get("Timestamp")).toEpochMilli() : now;
            if (time > now + Duration.ofHours(2).toMillis()) {
                throw invalidValue("The parameter " + at + ".Timestamp must specify a time no more than two hours in "
                        + "the future.");
            }
            if (time < now - Duration.ofDays(14).toMillis()) {
                throw invalidValue("The parameter " + at + ".Timestamp must specify a time within the past two weeks.");
            }
            data.add(new AbstractMap.SimpleEntry<>(new MetricId(ctx.accountId(), ctx.region(), namespace,
                    datum.get("MetricName").asText(), dims), sample(datum, at, time)));
        }
        store.put(data, now);
        return null;
    }

    private static Map<String, String> dimensions(JsonNode list, String at) {
        Map<String, String> dims = new TreeMap<>();
        for (JsonNode d : list) {
            if (dims.put(d.get("Name").asText(), d.get("Value").asText()) != null) {
                throw invalidValue("No metric may have duplicate dimension names; " + at + ".Dimensions has "
                        + d.get("Name").asText() + " twice.");
            }
        }
        return dims;
    }

    private static Sample sample(JsonNode datum, String at, long time) {
        String unit = datum.path("Unit").asText("None");
        boolean hasValue = datum.has("Value");
        boolean hasSet = datum.has("StatisticValues");
        boolean hasValues = datum.has("Values");
        if (hasValue && hasSet) {
            throw invalidCombination("The parameters " + at + ".Value and " + at + ".StatisticValues are mutually "
                    + "exclusive and you have specified both.");
        }
        if (hasValues && (hasValue || hasSet)) {
            throw invalidCombination("The parameters " + at + ".Values and " + at + ".Value or " + at
                    + ".StatisticValues are mutually exclusive and you have specified both.");
        }
        if (hasSet) {
            JsonNode s = datum.get("StatisticValues");
            double n = finite(s.get("SampleCount").asDouble(), at + ".StatisticValues.SampleCount");
            if (n <= 0) {
                throw invalidValue("The parameter " + at + ".StatisticValues.SampleCount must be greater than 0.");
            }
            return new Sample(time, n, finite(s.get("Sum").asDouble(), at + ".StatisticValues.Sum"),
                    finite(s.get("Minimum").asDouble(), at + ".StatisticValues.Minimum"),
                    finite(s.get("Maximum").asDouble(), at + ".StatisticValues.Maximum"), unit, null, null);
        }
        double[] values;
        double[] counts;
        if (hasValues) {
            JsonNode v = datum.get("Values");
            JsonNode c = datum.path("Counts");
            if (c.size() > 0 && c.size() != v.size()) {
                throw invalidValue("The parameters " + at + ".Values and " + at + ".Counts must be of the same size.");
            }
            values = new double[v.size()];
            counts = new double[v.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = finite(v.get(i).asDouble(), at + ".Values");
                counts[i] = c.size() > 0 ? c.get(i).asDouble() : 1;
            }
        } else if (hasValue) {
            values = new double[] {finite(datum.get("Value").asDouble(), at + ".Value")};
            counts = new double[] {1};
        } else {
            throw new AwsException("MissingRequiredParameterException", "The parameter " + at + ".Value is required.",
                    400);
        }
        double n = 0;
        double sum = 0;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < values.length; i++) {
            n += counts[i];
            sum += values[i] * counts[i];
            lo = Math.min(lo, values[i]);
            hi = Math.max(hi, values[i]);
        }
        return new Sample(time, n, sum, lo, hi, unit, values, counts);
    }

    private static double finite(double v, String at) {
        if (!Double.isFinite(v) || Math.abs(v) > 1e108 || (v != 0 && Math.abs(v) < 1e-130)) {
            throw invalidValue("The value " + v + " for parameter " + at + " is invalid.");
        }
        return v;
    }

    JsonNode getMetricStatistics(RequestContext ctx, ObjectNode in) {
        Instant start = Timestamps.instant(in.get("StartTime"));
        Instant end = Timestamps.instant(in.get("EndTime"));
        int period = in.get("Period").asInt();
        checkPeriod(period, "Period");
        if (!start.isBefore(end)) {
            throw invalidValue("The parameter StartTime must be less than the parameter EndTime.");
        }
        List<String> stats = new ArrayList<>();
        in.path("Statistics").forEach(s -> stats.add(s.asText()));
        List<String> extended = new ArrayList<>();
        for (JsonNode s : in.path("ExtendedStatistics")) {
            if (!Statistics.isPercentile(s.asText())) {
                throw invalidValue("The value " + s.asText() + " for parameter ExtendedStatistics is not supported.");
            }
            extended.add(s.asText());
        }
        if (stats.isEmpty() == extended.isEmpty()) {
            throw invalidCombination("Must specify either Statistics or ExtendedStatistics, but not both.");
        }
        long points = (end.getEpochSecond() - start.getEpochSecond() + period - 1) / period;
        if (points > MAX_DATAPOINTS) {
            throw invalidCombination("You have requested up to " + points + " datapoints, which exceeds the limit of "
                    + MAX_DATAPOINTS + ". You may reduce the datapoints requested by increasing Period, or decreasing "
                    + "the time range.");
        }
        MetricId id = new MetricId(ctx.accountId(), ctx.region(), in.get("Namespace").asText(),
                in.get("MetricName").asText(), dimensions(in.path("Dimensions"), "Dimensions"));
        String unit = in.path("Unit").asText(null);
        ArrayNode datapoints = F.arrayNode();
        for (Map.Entry<Long, Map<String, List<Sample>>> bucket : buckets(id, start, end, period).entrySet()) {
            for (Map.Entry<String, List<Sample>> byUnit : bucket.getValue().entrySet()) {
                if (unit != null && !unit.equals(byUnit.getKey())) {
                    continue;
                }
                Statistics s = new Statistics(byUnit.getValue());
                ObjectNode dp = datapoints.addObject();
                dp.set("Timestamp", Timestamps.node(Instant.ofEpochSecond(bucket.getKey())));
                for (String name : stats) {
                    dp.put(name, s.get(name));
                }
                if (!extended.isEmpty()) {
                    ObjectNode ext = dp.putObject("ExtendedStatistics");
                    for (String name : extended) {
                        Double v = s.get(name);
                        if (v != null) {
                            ext.put(name, v);
                        }
                    }
                }
                dp.put("Unit", byUnit.getKey());
            }
        }
        return F.objectNode().put("Label", id.name()).set("Datapoints", datapoints);
    }

    static void checkPeriod(int period, String name) {
        boolean highResolution = period == 1 || period == 5 || period == 10 || period == 30;
        if (!highResolution && (period < 60 || period % 60 != 0)) {
            throw invalidValue("The parameter " + name + " must be 1, 5, 10, 30, or a multiple of 60.");
        }
    }

    /** Samples in [start, end), by period start (epoch seconds, aligned to the period) and then by unit. */
    private TreeMap<Long, Map<String, List<Sample>>> buckets(MetricId id, Instant start, Instant end, int period) {
        TreeMap<Long, Map<String, List<Sample>>> out = new TreeMap<>();
        for (Sample s : store.read(id, start.toEpochMilli(), end.toEpochMilli())) {
            long second = Math.floorDiv(s.timeMillis(), 1000);
            long bucket = second - Math.floorMod(second, period);
            out.computeIfAbsent(bucket, k -> new LinkedHashMap<>())
                    .computeIfAbsent(s.unit() == null ? "None" : s.unit(), k -> new ArrayList<>()).add(s);
        }
        return out;
    }

    JsonNode getMetricData(RequestContext ctx, ObjectNode in) {
        Instant start = Timestamps.instant(in.get("StartTime"));
        Instant end = Timestamps.instant(in.get("EndTime"));
        if (!start.isBefore(end)) {
            throw new AwsException("ValidationError", "The parameter StartTime must be less than the parameter "
                    + "EndTime.", 400);
        }
        boolean ascending = "TimestampAscending".equals(in.path("ScanBy").asText());
        ObjectNode out = F.objectNode();
        ArrayNode results = out.putArray("MetricDataResults");
        out.putArray("Messages");
        for (JsonNode q : in.get("MetricDataQueries")) {
            String queryId = q.get("Id").asText();
            if (q.has("Expression")) {
                throw new AwsException("ValidationError", "The metric math expression of query " + queryId
                        + " cannot be evaluated: Stratus supports MetricStat queries only.", 400);
            }
            JsonNode stat = q.get("MetricStat");
            if (stat == null) {
                throw new AwsException("ValidationError", "The metric data query " + queryId + " must have either a "
                        + "MetricStat or an Expression.", 400);
            }
            if (!q.path("ReturnData").asBoolean(true)) {
                continue;
            }
            String name = stat.get("Stat").asText();
            if (!Statistics.isKnown(name)) {
                throw new AwsException("ValidationError", "The value " + name + " for parameter "
                        + "MetricDataQueries.member.Stat is not supported.", 400);
            }
            int period = stat.get("Period").asInt();
            checkPeriod(period, "MetricDataQueries.member.MetricStat.Period");
            JsonNode metric = stat.get("Metric");
            MetricId id = new MetricId(ctx.accountId(), ctx.region(), metric.path("Namespace").asText(),
                    metric.path("MetricName").asText(), dimensions(metric.path("Dimensions"), "Dimensions"));
            String unit = stat.path("Unit").asText(null);
            List<Map.Entry<Long, Double>> points = new ArrayList<>();
            buckets(id, start, end, period).forEach((bucket, byUnit) -> {
                List<Sample> all = new ArrayList<>();
                byUnit.forEach((u, list) -> {
                    if (unit == null || unit.equals(u)) {
                        all.addAll(list);
                    }
                });
                Double v = all.isEmpty() ? null : new Statistics(all).get(name);
                if (v != null) {
                    points.add(Map.entry(bucket, v));
                }
            });
            if (!ascending) {
                java.util.Collections.reverse(points);
            }
            ObjectNode r = results.addObject();
            r.put("Id", queryId);
            r.put("Label", q.path("Label").asText(id.name()));
            ArrayNode times = r.putArray("Timestamps");
            ArrayNode values = r.putArray("Values");
            for (Map.Entry<Long, Double> p : points) {
                times.add(Timestamps.node(Instant.ofEpochSecond(p.getKey())));
                values.add(p.getValue());
            }
            r.put("StatusCode", "Complete");
            r.putArray("Messages");
        }
        return out;
    }

    JsonNode listMetrics(RequestContext ctx, ObjectNode in) {
        String namespace = in.path("Namespace").asText(null);
        String name = in.path("MetricName").asText(null);
        long activeSince = "PT3H".equals(in.path("RecentlyActive").asText(null))
                ? clock.millis() - Duration.ofHours(3).toMillis() : Long.MIN_VALUE;
        List<ObjectNode> matched = new ArrayList<>();
        for (ObjectNode m : store.list(ctx.accountId(), ctx.region())) {
            if ((namespace == null || namespace.equals(m.get("Namespace").asText()))
                    && (name == null || name.equals(m.get("MetricName").asText()))
                    && m.get("lastMillis").asLong() >= activeSince && dimensionsMatch(m, in.path("Dimensions"))) {
                m.remove("lastMillis");
                matched.add(m);
            }
        }
        int from = 0;
        if (in.has("NextToken")) {
            try {
                from = Integer.parseInt(in.get("NextToken").asText());
            } catch (NumberFormatException e) {
                from = -1;
            }
            if (from < 0 || from > matched.size()) {
                throw new AwsException("InvalidNextToken", "The service returned an invalid next token.", 400);
            }
        }
        ObjectNode out = F.objectNode();
        ArrayNode metrics = out.putArray("Metrics");
        matched.subList(from, Math.min(matched.size(), from + LIST_PAGE)).forEach(metrics::add);
        if (from + LIST_PAGE < matched.size()) {
            out.put("NextToken", Integer.toString(from + LIST_PAGE));
        }
        return out;
    }

    private static boolean dimensionsMatch(JsonNode metric, JsonNode filters) {
        for (JsonNode f : filters) {
            boolean found = false;
            for (JsonNode d : metric.path("Dimensions")) {
                if (d.get("Name").asText().equals(f.get("Name").asText())
                        && (!f.has("Value") || d.get("Value").asText().equals(f.get("Value").asText()))) {
                    found = true;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }
}
