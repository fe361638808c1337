package dev.stratus.cloudwatch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.state.DocumentStore;
import dev.stratus.storage.Storage;
import java.util.List;
import java.util.Optional;

/**
 * Metric alarms as the MetricAlarm documents DescribeAlarms returns (plus their tags under {@code __tags}), keyed
 * {@code account/region/name}; and their history items keyed by alarm and time.
 */
final class AlarmStore {
    private final DocumentStore<ObjectNode> alarms;
    private final DocumentStore<ObjectNode> history;

    AlarmStore(Storage storage) {
        this.alarms = new DocumentStore<>(storage, "cloudwatch.alarms", ObjectNode.class);
        this.history = new DocumentStore<>(storage, "cloudwatch.alarm-history", ObjectNode.class);
    }

    static String key(String account, String region, String name) {
        return account + "/" + region + "/" + name;
    }

    Optional<ObjectNode> get(RequestContext ctx, String name) {
        return alarms.get(key(ctx.accountId(), ctx.region(), name));
    }

    void put(ObjectNode alarm) {
        String[] arn = alarm.get("AlarmArn").asText().split(":", 7);
        alarms.put(key(arn[4], arn[3], alarm.get("AlarmName").asText()), alarm);
    }

    void delete(RequestContext ctx, String name) {
        alarms.delete(key(ctx.accountId(), ctx.region(), name));
        for (String k : history.keys(key(ctx.accountId(), ctx.region(), name) + "\u0000")) {
            history.delete(k);
        }
    }

    /** The alarms of one account and region, by name. */
    List<ObjectNode> list(RequestContext ctx) {
        return alarms.list(ctx.accountId() + "/" + ctx.region() + "/");
    }

    /** Every alarm of every account, for the evaluator. */
    List<ObjectNode> all() {
        return alarms.list("");
    }

    void addHistory(ObjectNode alarm, ObjectNode item, long millis, long sequence) {
        String[] arn = alarm.get("AlarmArn").asText().split(":", 7);
        history.put(key(arn[4], arn[3], alarm.get("AlarmName").asText()) + "\u0000"
                + String.format("%016d%08d", millis, sequence % 100_000_000), item);
    }

    /** History items of one alarm (or, with a null name, of every alarm of the account), oldest first. */
    List<ObjectNode> history(RequestContext ctx, String name) {
        String prefix = name == null ? ctx.accountId() + "/" + ctx.region() + "/"
                : key(ctx.accountId(), ctx.region(), name) + "\u0000";
        return history.list(prefix);
    }
}
