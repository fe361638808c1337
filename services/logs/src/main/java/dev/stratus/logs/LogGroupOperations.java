package dev.stratus.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.state.DocumentStore;
import dev.stratus.storage.Batch;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Log groups: create, describe, delete and retention. */
final class LogGroupOperations {
    static final int DEFAULT_DESCRIBE_LIMIT = 50;

    private final LogsState state;
    private final Clock clock;

    LogGroupOperations(LogsState state, Clock clock) {
        this.state = state;
        this.clock = clock;
    }

    void create(Scope scope, String name, String kmsKeyId, String logGroupClass, Map<String, String> tags) {
        if (name.regionMatches(true, 0, "aws/", 0, 4)) {
            throw LogsState.invalid("Log groups starting with AWS/ are reserved for AWS.");
        }
        String key = LogsState.groupKey(scope, name);
        state.locks.exclusiveGroup(key, () -> {
            if (state.groups.get(key).isPresent()) {
                throw new dev.stratus.protocol.AwsException("ResourceAlreadyExistsException",
                        "The specified log group already exists", 400);
            }
            state.groups.put(key, new LogGroupRecord(scope.accountId(), scope.region(), name, clock.millis(), null,
                    kmsKeyId, logGroupClass == null ? "STANDARD" : logGroupClass, tags));
            return null;
        });
    }

    /** Deletes the group, its streams and (after the metadata is gone) their events. */
    void delete(Scope scope, String name) {
        String key = LogsState.groupKey(scope, name);
        List<LogStreamRecord> removed = state.locks.exclusiveGroup(key, () -> {
            state.requireGroup(scope, name);
            List<LogStreamRecord> streams = state.streamsOf(scope, name);
            Batch batch = state.storage.batch();
            batch.delete(state.groups.keyspace(), DocumentStore.bytes(key));
            for (LogStreamRecord s : streams) {
                batch.delete(state.streams.keyspace(), DocumentStore.bytes(LogsState.streamKey(scope, name, s.name())));
            }
            batch.commit();
            return streams;
        });
        // Stream ids are never reused, so purging outside the lock cannot touch a newer stream's events.
        removed.forEach(s -> state.events.purge(s.id()));
    }

    void putRetention(Scope scope, String name, int days) {
        Retention.check(days);
        update(scope, name, g -> g.withRetention(days));
    }

    void deleteRetention(Scope scope, String name) {
        update(scope, name, g -> g.withRetention(null));
    }

    void update(Scope scope, String name, java.util.function.UnaryOperator<LogGroupRecord> change) {
        String key = LogsState.groupKey(scope, name);
        state.locks.exclusiveGroup(key, () -> {
            state.groups.put(key, change.apply(state.requireGroup(scope, name)));
            return null;
        });
    }

    JsonNode describe(Scope scope, ObjectNode in) {
        String prefix = text(in, "logGroupNamePrefix");
        String pattern = text(in, "logGroupNamePattern");
        if (prefix != null && pattern != null) {
            throw LogsState.invalid("LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.");
        }
        String groupClass = text(in, "logGroupClass");
        Set<String> identifiers = null;
        if (in.hasNonNull("logGroupIdentifiers")) {
            identifiers = new HashSet<>();
            for (JsonNode id : in.get("logGroupIdentifiers")) {
                identifiers.add(GroupNames.nameOrNull(scope, id.asText()));
            }
        }
        String after = in.hasNonNull("nextToken") ? PageToken.decode(in.get("nextToken").asText()) : null;
        int limit = in.hasNonNull("limit") ? in.get("limit").asInt() : DEFAULT_DESCRIBE_LIMIT;
        List<LogGroupRecord> page = new ArrayList<>();
        boolean more = false;
        for (LogGroupRecord g : state.groups.list(scope.prefix() + (prefix == null ? "" : prefix))) {
            if ((after != null && g.name().compareTo(after) <= 0)
                    || (pattern != null && !g.name().contains(pattern))
                    || (groupClass != null && !groupClass.equals(g.logGroupClass()))
                    || (identifiers != null && !identifiers.contains(g.name()))) {
                continue;
            }
            if (page.size() == limit) {
                more = true;
                break;
            }
            page.add(g);
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode groups = out.putArray("logGroups");
        for (LogGroupRecord g : page) {
            groups.add(render(g));
        }
        if (more) {
            out.put("nextToken", PageToken.encode(page.get(page.size() - 1).name()));
        }
        return out;
    }

    private ObjectNode render(LogGroupRecord g) {
        Scope scope = g.scope();
        long storedBytes = 0;
        for (LogStreamRecord s : state.streamsOf(scope, g.name())) {
            storedBytes += s.storedBytes();
        }
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("logGroupName", g.name());
        o.put("creationTime", g.creationTime());
        if (g.retentionInDays() != null) {
            o.put("retentionInDays", g.retentionInDays());
        }
        o.put("metricFilterCount", 0);
        o.put("arn", LogArns.groupWildcard(scope, g.name()));
        o.put("storedBytes", storedBytes);
        if (g.kmsKeyId() != null) {
            o.put("kmsKeyId", g.kmsKeyId());
        }
        o.put("logGroupClass", g.logGroupClass());
        o.put("logGroupArn", LogArns.group(scope, g.name()));
        return o;
    }

    static String text(JsonNode in, String field) {
        return in.hasNonNull(field) ? in.get(field).asText() : null;
    }
}
