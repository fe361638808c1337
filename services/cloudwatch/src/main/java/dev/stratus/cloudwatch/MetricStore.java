package dev.stratus.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.state.DocumentStore;
import dev.stratus.storage.Batch;
import dev.stratus.storage.Cursor;
import dev.stratus.storage.Entry;
import dev.stratus.storage.KeyDecoder;
import dev.stratus.storage.KeyEncoder;
import dev.stratus.storage.Keyspace;
import dev.stratus.storage.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Metrics and their samples in two ordered keyspaces: a metric's identity (account, region, namespace, name, sorted
 * dimensions) is the prefix of each of its samples' keys, followed by the sample's time and a sequence number, so a
 * time range of one metric is one range scan.
 */
final class MetricStore {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final Storage storage;
    private final Keyspace metrics;
    private final Keyspace samples;
    private final AtomicLong sequence = new AtomicLong(System.nanoTime());

    /** A metric: namespace, name and dimensions (sorted by name, as CloudWatch treats them as a set). */
    record MetricId(String account, String region, String namespace, String name, Map<String, String> dimensions) {
        MetricId {
            dimensions = new TreeMap<>(dimensions);
        }

        byte[] prefix() {
            KeyEncoder k = new KeyEncoder(64).string(account).string(region).string(namespace).string(name)
                    .int32(dimensions.size());
            dimensions.forEach((n, v) -> k.string(n).string(v));
            return k.toBytes();
        }

        /** The Metric structure CloudWatch returns. */
        ObjectNode toNode() {
            ObjectNode m = F.objectNode().put("Namespace", namespace).put("MetricName", name);
            ArrayNode dims = m.putArray("Dimensions");
            dimensions.forEach((n, v) -> dims.addObject().put("Name", n).put("Value", v));
            return m;
        }
    }

    /**
     * One PutMetricData datum: its statistic set, its unit, and its raw values with their counts when it had them
     * (percentiles need them; a StatisticValues datum has none).
     */
    record Sample(long timeMillis, double count, double sum, double min, double max, String unit, double[] values,
                  double[] counts) {
    }

    MetricStore(Storage storage) {
        this.storage = storage;
        this.metrics = storage.keyspace("cloudwatch.metrics");
        this.samples = storage.keyspace("cloudwatch.samples");
    }

    /** Stores the samples of one PutMetricData call atomically, and notes each metric as recently active. */
    void put(List<Map.Entry<MetricId, Sample>> data, long nowMillis) {
        Batch batch = storage.batch();
        for (Map.Entry<MetricId, Sample> e : data) {
            byte[] prefix = e.getKey().prefix();
            byte[] key = new KeyEncoder(prefix.length + 18).raw(prefix).int64(e.getValue().timeMillis())
                    .int64(sequence.incrementAndGet()).toBytes();
            batch.put(samples, key, encode(e.getValue()));
            ObjectNode identity = e.getKey().toNode();
            identity.put("lastMillis", nowMillis);
            batch.put(metrics, prefix, json(identity));
        }
        batch.commit();
    }

    /** The samples of one metric with {@code from <= time < to}, in time order. */
    List<Sample> read(MetricId id, long fromMillis, long toMillis) {
        byte[] prefix = id.prefix();
        byte[] from = new KeyEncoder(prefix.length + 9).raw(prefix).int64(fromMillis).toBytes();
        byte[] to = new KeyEncoder(prefix.length + 9).raw(prefix).int64(toMillis).toBytes();
        List<Sample> out = new ArrayList<>();
        try (Cursor c = samples.scan(from, to, false)) {
            while (c.hasNext()) {
                out.add(decode(c.next().value()));
            }
        }
        return out;
    }

    /** Every metric of an account and region, with its last-put time, in key order. */
    List<ObjectNode> list(String account, String region) {
        byte[] prefix = new KeyEncoder().string(account).string(region).toBytes();
        List<ObjectNode> out = new ArrayList<>();
        try (Cursor c = metrics.scanPrefix(prefix)) {
            while (c.hasNext()) {
                Entry e = c.next();
                out.add((ObjectNode) parse(e.value()));
            }
        }
        return out;
    }

    /** Drops samples older than {@code beforeMillis} (CloudWatch's retention), metric by metric. */
    int expire(long beforeMillis) {
        int dropped = 0;
        Batch batch = storage.batch();
        try (Cursor c = samples.scan(null, null, false)) {
            while (c.hasNext()) {
                byte[] key = c.next().key();
                KeyDecoder d = new KeyDecoder(key);
                d.string();
                d.string();
                d.string();
                d.string();
                int dims = d.int32();
                for (int i = 0; i < dims * 2; i++) {
                    d.string();
                }
                if (d.int64() < beforeMillis) {
                    batch.delete(samples, key);
                    dropped++;
                }
            }
        }
        batch.commit();
        return dropped;
    }

    private static byte[] encode(Sample s) {
        ObjectNode n = F.objectNode().put("t", s.timeMillis()).put("n", s.count()).put("s", s.sum())
                .put("lo", s.min()).put("hi", s.max());
        if (s.unit() != null) {
            n.put("u", s.unit());
        }
        if (s.values() != null) {
            ArrayNode v = n.putArray("v");
            ArrayNode c = n.putArray("c");
            for (int i = 0; i < s.values().length; i++) {
                v.add(s.values()[i]);
                c.add(s.counts()[i]);
            }
        }
        return json(n);
    }

    private static Sample decode(byte[] bytes) {
        JsonNode n = parse(bytes);
        double[] values = null;
        double[] counts = null;
        if (n.has("v")) {
            values = new double[n.get("v").size()];
            counts = new double[values.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = n.get("v").get(i).asDouble();
                counts[i] = n.get("c").get(i).asDouble();
            }
        }
        return new Sample(n.get("t").asLong(), n.get("n").asDouble(), n.get("s").asDouble(), n.get("lo").asDouble(),
                n.get("hi").asDouble(), n.path("u").asText(null), values, counts);
    }

    private static byte[] json(JsonNode n) {
        try {
            return DocumentStore.MAPPER.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(byte[] bytes) {
        try {
            return DocumentStore.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
