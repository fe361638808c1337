package dev.stratus.dynamodb.item;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.dynamodb.DynamoErrors;
import dev.stratus.dynamodb.table.Table;
import dev.stratus.protocol.AwsException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Provisioned throughput enforcement: one token bucket per provisioned table and global secondary index and per
 * direction, refilled at the provisioned units per second and holding up to 300 seconds of unused capacity (DynamoDB's
 * burst reserve). A request is admitted while its bucket holds at least one unit (half a unit for reads) and then
 * charged what it actually consumed, which may leave the bucket in debt, as a large item does on DynamoDB. On-demand
 * tables are never throttled.
 */
public final class Throughput {
    /** Seconds of unused capacity a bucket keeps. */
    public static final int BURST_SECONDS = 300;
    static final String TABLE_EXCEEDED = "The level of configured provisioned throughput for the table was exceeded. "
            + "Consider increasing your provisioning level with the UpdateTable API.";
    static final String INDEX_EXCEEDED = "The level of configured provisioned throughput for one or more global "
            + "secondary indexes of the table was exceeded. Consider increasing your provisioning level for the "
            + "under-provisioned global secondary indexes with the UpdateTable API";

    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public Throughput(Clock clock) {
        this.clock = clock;
    }

    /** Throws ProvisionedThroughputExceededException when the table (or the index read) has no read capacity left. */
    public void admitRead(Table table, String indexName) {
        if (!canRead(table, indexName)) {
            throw exceeded(indexName != null && isGlobal(table, indexName));
        }
    }

    /** Whether a read of the table (or a global index of it) would be admitted now. */
    public boolean canRead(Table table, String indexName) {
        Bucket b = bucket(table, readTarget(table, indexName), "ReadCapacityUnits");
        return b == null || b.available(0.5);
    }

    /**
     * Throws ProvisionedThroughputExceededException when the table, or any of its global indexes (whose writes
     * follow the table's), has no write capacity left.
     */
    public void admitWrite(Table table) {
        AwsException refusal = writeRefusal(table);
        if (refusal != null) {
            throw refusal;
        }
    }

    public boolean canWrite(Table table) {
        return writeRefusal(table) == null;
    }

    private AwsException writeRefusal(Table table) {
        if (!provisioned(table)) {
            return null;
        }
        Bucket t = bucket(table, null, "WriteCapacityUnits");
        if (t != null && !t.available(1)) {
            return exceeded(false);
        }
        for (Table.Index index : table.indexes()) {
            Bucket b = index.global() ? bucket(table, index.name(), "WriteCapacityUnits") : null;
            if (b != null && !b.available(1)) {
                return exceeded(true);
            }
        }
        return null;
    }

    /** Charges what a read consumed (units on an index go to that index when it is global, else to the table). */
    public void chargeRead(Table table, Capacity.Units units) {
        charge(table, units, "ReadCapacityUnits");
    }

    public void chargeWrite(Table table, Capacity.Units units) {
        charge(table, units, "WriteCapacityUnits");
    }

    private void charge(Table table, Capacity.Units units, String member) {
        if (!provisioned(table)) {
            return;
        }
        double tableUnits = units.table() + units.localIndexes().values().stream().mapToDouble(Double::doubleValue).sum();
        Bucket t = bucket(table, null, member);
        if (t != null && tableUnits > 0) {
            t.take(tableUnits);
        }
        units.globalIndexes().forEach((name, u) -> {
            Bucket b = bucket(table, name, member);
            if (b != null) {
                b.take(u);
            }
        });
    }

    /** Forgets a deleted table's buckets, so a new table of the same name starts full. */
    public void forget(Table table) {
        buckets.keySet().removeIf(k -> k.startsWith(table.arn() + "|"));
    }

    private static boolean provisioned(Table table) {
        return !table.spec().path("BillingMode").asText("PROVISIONED").equals("PAY_PER_REQUEST");
    }

    private static String readTarget(Table table, String indexName) {
        return indexName != null && isGlobal(table, indexName) ? indexName : null;
    }

    private static boolean isGlobal(Table table, String indexName) {
        Table.Index index = table.index(indexName);
        return index != null && index.global();
    }

    /** The bucket of the table (index null) or of a global index, sized to what is provisioned now; null if none. */
    private Bucket bucket(Table table, String indexName, String member) {
        if (!provisioned(table)) {
            return null;
        }
        JsonNode throughput = indexName == null ? table.spec().path("ProvisionedThroughput")
                : indexThroughput(table, indexName);
        double rate = throughput.path(member).asDouble(0);
        if (rate <= 0) {
            return null;
        }
        Bucket b = buckets.computeIfAbsent(table.arn() + "|" + indexName + "|" + member, k -> new Bucket(rate, clock));
        b.resize(rate);
        return b;
    }

    private static JsonNode indexThroughput(Table table, String indexName) {
        for (JsonNode gsi : table.spec().path("GlobalSecondaryIndexes")) {
            if (gsi.path("IndexName").asText().equals(indexName)) {
                return gsi.path("ProvisionedThroughput");
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    static AwsException exceeded(boolean index) {
        return DynamoErrors.of("ProvisionedThroughputExceededException", index ? INDEX_EXCEEDED : TABLE_EXCEEDED);
    }

    /** Tokens refilled lazily from the clock; synchronized because requests on one table race. */
    private static final class Bucket {
        private final Clock clock;
        private double rate;
        private double tokens;
        private long lastMillis;

        Bucket(double rate, Clock clock) {
            this.clock = clock;
            this.rate = rate;
            this.tokens = rate * BURST_SECONDS;
            this.lastMillis = clock.millis();
        }

        synchronized void resize(double newRate) {
            if (newRate != rate) {
                refill();
                rate = newRate;
                tokens = Math.min(tokens, rate * BURST_SECONDS);
            }
        }

        synchronized boolean available(double atLeast) {
            refill();
            return tokens >= atLeast;
        }

        synchronized void take(double units) {
            refill();
            tokens -= units;
        }

        private void refill() {
            long now = clock.millis();
            if (now > lastMillis) {
                tokens = Math.min(rate * BURST_SECONDS, tokens + rate * (now - lastMillis) / 1000.0);
                lastMillis = now;
            }
        }
    }
}
