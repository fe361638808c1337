package dev.stratus.lambda;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.OperationRegistry;
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.codec.Timestamps;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Lambda's per-function metrics in the {@code AWS/Lambda} namespace: Invocations, Errors, Throttles, Duration and
 * ConcurrentExecutions (plus Stratus's ColdStarts), counted in memory on the invoke path and written to CloudWatch
 * as statistic sets every few seconds, by function name and, for a qualified call, by function name and Resource.
 */
public final class FunctionMetrics implements AutoCloseable {
    /** How often counters are written to CloudWatch. */
    public static final long FLUSH_SECONDS = 5;
    private static final Logger LOG = Logger.getLogger(FunctionMetrics.class.getName());
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final OperationRegistry registry;
    private final Clock clock;
    private final Map<Key, Counters> counters = new ConcurrentHashMap<>();
    private ScheduledExecutorService flusher;

    /** One series: the account, region and dimensions a count belongs to. */
    private record Key(String account, String region, String function, String resource) {
    }

    /** Running totals since the last flush; synchronized because invocations finish concurrently. */
    private static final class Counters {
        long invocations;
        long errors;
        long throttles;
        long coldStarts;
        long durationCount;
        double durationSum;
        double durationMin = Double.POSITIVE_INFINITY;
        double durationMax;
        int concurrentMax;
    }

    public FunctionMetrics(OperationRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** Writes counters in the background every {@link #FLUSH_SECONDS}. */
    public void start() {
        flusher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("stratus-lambda-metrics").factory());
        flusher.scheduleWithFixedDelay(this::flushSafely, FLUSH_SECONDS, FLUSH_SECONDS, TimeUnit.SECONDS);
    }

    /** A finished invocation: its duration, whether the function failed, and whether it started an environment. */
    public void invoked(RequestContext ctx, String function, String qualifier, double durationMillis, boolean error,
                        boolean coldStart, int concurrent) {
        for (Key key : keys(ctx, function, qualifier)) {
            Counters c = counters.computeIfAbsent(key, k -> new Counters());
            synchronized (c) {
                c.invocations++;
                c.errors += error ? 1 : 0;
                c.coldStarts += coldStart ? 1 : 0;
                c.durationCount++;
                c.durationSum += durationMillis;
                c.durationMin = Math.min(c.durationMin, durationMillis);
                c.durationMax = Math.max(c.durationMax, durationMillis);
                c.concurrentMax = Math.max(c.concurrentMax, concurrent);
            }
        }
    }

    /** An invocation refused for concurrency (429). */
    public void throttled(RequestContext ctx, String function, String qualifier) {
        for (Key key : keys(ctx, function, qualifier)) {
            Counters c = counters.computeIfAbsent(key, k -> new Counters());
            synchronized (c) {
                c.throttles++;
            }
        }
    }

    private static List<Key> keys(RequestContext ctx, String function, String qualifier) {
        Key byName = new Key(ctx.accountId(), ctx.region(), function, null);
        if (qualifier == null || qualifier.isEmpty() || qualifier.equals("$LATEST")) {
            return List.of(byName);
        }
        return List.of(byName, new Key(ctx.accountId(), ctx.region(), function, function + ":" + qualifier));
    }

    private void flushSafely() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "could not write Lambda metrics", e);
        }
    }

    /** Writes and resets every counter now; the background flusher runs the same code. */
    public void flush() {
        if (registry.service("cloudwatch") == null) {
            return;
        }
        Map<String, ArrayNode> byAccount = new java.util.HashMap<>();
        for (Key key : new ArrayList<>(counters.keySet())) {
            Counters c = counters.remove(key);
            if (c == null) {
                continue;
            }
            synchronized (c) {
                ArrayNode data = byAccount.computeIfAbsent(key.account() + "/" + key.region(), k -> F.arrayNode());
                count(data, key, "Invocations", c.invocations);
                count(data, key, "Errors", c.errors);
                count(data, key, "Throttles", c.throttles);
                count(data, key, "ColdStarts", c.coldStarts);
                if (c.durationCount > 0) {
                    ObjectNode d = datum(data, key, "Duration", "Milliseconds");
                    d.putObject("StatisticValues").put("SampleCount", (double) c.durationCount)
                            .put("Sum", c.durationSum).put("Minimum", c.durationMin).put("Maximum", c.durationMax);
                    ObjectNode concurrency = datum(data, key, "ConcurrentExecutions", "Count");
                    concurrency.put("Value", (double) c.concurrentMax);
                }
            }
        }
        byAccount.forEach((scope, data) -> {
            String[] parts = scope.split("/", 2);
            for (int from = 0; from < data.size(); from += 1000) {
                ObjectNode put = F.objectNode().put("Namespace", "AWS/Lambda");
                ArrayNode page = put.putArray("MetricData");
                for (int i = from; i < Math.min(data.size(), from + 1000); i++) {
                    page.add(data.get(i));
                }
                registry.call("cloudwatch", "PutMetricData", RequestContext.internal(parts[0], parts[1]), put);
            }
        });
    }

    private void count(ArrayNode data, Key key, String name, long value) {
        datum(data, key, name, "Count").put("Value", (double) value);
    }

    private ObjectNode datum(ArrayNode data, Key key, String name, String unit) {
        ObjectNode d = data.addObject().put("MetricName", name).put("Unit", unit);
        d.set("Timestamp", Timestamps.node(clock.instant()));
        ArrayNode dims = d.putArray("Dimensions");
        dims.addObject().put("Name", "FunctionName").put("Value", key.function());
        if (key.resource() != null) {
            dims.addObject().put("Name", "Resource").put("Value", key.resource());
        }
        return d;
    }

    @Override
    public void close() {
        if (flusher != null) {
            flusher.shutdownNow();
        }
        flushSafely();
    }
}
