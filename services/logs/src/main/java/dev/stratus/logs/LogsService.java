package dev.stratus.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.Operation;
import dev.stratus.platform.Platform;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.Service;
import dev.stratus.protocol.model.ServiceModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Amazon CloudWatch Logs: log groups, streams, events and filter patterns. */
public final class LogsService implements Service {
    private final ServiceModel model = ServiceModel.load("logs");
    private final LogGroupOperations groups;
    private final LogStreamOperations streams;
    private final LogTagOperations tags;
    private final LogEventIngestion ingestion;
    private final LogEventReader reader;
    private final LogEventSearch search;
    private final RetentionSweeper sweeper;
    private final Map<String, Operation> operations;

    public LogsService(Platform platform) {
        LogsState state = new LogsState(platform.storage());
        this.groups = new LogGroupOperations(state, platform.clock());
        this.streams = new LogStreamOperations(state, platform.clock());
        this.tags = new LogTagOperations(state, groups);
        this.ingestion = new LogEventIngestion(state, platform.clock());
        this.reader = new LogEventReader(state, platform.clock());
        this.search = new LogEventSearch(state, platform.clock());
        this.sweeper = new RetentionSweeper(state, platform.clock());
        Map<String, Operation> ops = new LinkedHashMap<>();
        ops.put("CreateLogGroup", this::createLogGroup);
        ops.put("DescribeLogGroups", this::describeLogGroups);
        ops.put("DeleteLogGroup", this::deleteLogGroup);
        ops.put("PutRetentionPolicy", this::putRetentionPolicy);
        ops.put("DeleteRetentionPolicy", this::deleteRetentionPolicy);
        ops.put("TagLogGroup", this::tagLogGroup);
        ops.put("UntagLogGroup", this::untagLogGroup);
        ops.put("ListTagsLogGroup", this::listTagsLogGroup);
        ops.put("TagResource", this::tagResource);
        ops.put("UntagResource", this::untagResource);
        ops.put("ListTagsForResource", this::listTagsForResource);
        ops.put("CreateLogStream", this::createLogStream);
        ops.put("DescribeLogStreams", this::describeLogStreams);
        ops.put("DeleteLogStream", this::deleteLogStream);
        ops.put("PutLogEvents", this::putLogEvents);
        ops.put("GetLogEvents", this::getLogEvents);
        ops.put("FilterLogEvents", this::filterLogEvents);
        this.operations = Map.copyOf(ops);
    }

    @Override
    public String name() {
        return "logs";
    }

    @Override
    public ServiceModel model() {
        return model;
    }

    @Override
    public String validationErrorCode() {
        return "InvalidParameterException";
    }

    @Override
    public Map<String, Operation> operations() {
        return operations;
    }

    @Override
    public void start() {
        sweeper.start(RetentionSweeper.DEFAULT_PERIOD);
    }

    @Override
    public void close() {
        sweeper.close();
    }

    /** One retention pass now, for tests and tools; the background sweeper runs the same code. */
    RetentionSweeper.Result sweepRetention() {
        return sweeper.sweep();
    }

    JsonNode createLogGroup(RequestContext ctx, ObjectNode in) {
        groups.create(Scope.of(ctx), text(in, "logGroupName"), text(in, "kmsKeyId"), text(in, "logGroupClass"),
                stringMap(in.get("tags")));
        return null;
    }

    JsonNode describeLogGroups(RequestContext ctx, ObjectNode in) {
        return groups.describe(Scope.of(ctx), in);
    }

    JsonNode deleteLogGroup(RequestContext ctx, ObjectNode in) {
        groups.delete(Scope.of(ctx), text(in, "logGroupName"));
        return null;
    }

    JsonNode putRetentionPolicy(RequestContext ctx, ObjectNode in) {
        groups.putRetention(Scope.of(ctx), text(in, "logGroupName"), in.get("retentionInDays").asInt());
        return null;
    }

    JsonNode deleteRetentionPolicy(RequestContext ctx, ObjectNode in) {
        groups.deleteRetention(Scope.of(ctx), text(in, "logGroupName"));
        return null;
    }

    JsonNode tagLogGroup(RequestContext ctx, ObjectNode in) {
        tags.tag(Scope.of(ctx), text(in, "logGroupName"), stringMap(in.get("tags")), null);
        return null;
    }

    JsonNode untagLogGroup(RequestContext ctx, ObjectNode in) {
        tags.untag(Scope.of(ctx), text(in, "logGroupName"), strings(in.get("tags")));
        return null;
    }

    JsonNode listTagsLogGroup(RequestContext ctx, ObjectNode in) {
        return tags.list(Scope.of(ctx), text(in, "logGroupName"));
    }

    JsonNode tagResource(RequestContext ctx, ObjectNode in) {
        Scope scope = Scope.of(ctx);
        String arn = text(in, "resourceArn");
        tags.tag(scope, LogTagOperations.groupOf(scope, arn), stringMap(in.get("tags")), arn);
        return null;
    }

    JsonNode untagResource(RequestContext ctx, ObjectNode in) {
        Scope scope = Scope.of(ctx);
        tags.untag(scope, LogTagOperations.groupOf(scope, text(in, "resourceArn")), strings(in.get("tagKeys")));
        return null;
    }

    JsonNode listTagsForResource(RequestContext ctx, ObjectNode in) {
        Scope scope = Scope.of(ctx);
        return tags.list(scope, LogTagOperations.groupOf(scope, text(in, "resourceArn")));
    }

    JsonNode createLogStream(RequestContext ctx, ObjectNode in) {
        streams.create(Scope.of(ctx), text(in, "logGroupName"), text(in, "logStreamName"));
        return null;
    }

    JsonNode describeLogStreams(RequestContext ctx, ObjectNode in) {
        return streams.describe(Scope.of(ctx), in);
    }

    JsonNode deleteLogStream(RequestContext ctx, ObjectNode in) {
        streams.delete(Scope.of(ctx), text(in, "logGroupName"), text(in, "logStreamName"));
        return null;
    }

    JsonNode putLogEvents(RequestContext ctx, ObjectNode in) {
        return ingestion.put(Scope.of(ctx), text(in, "logGroupName"), text(in, "logStreamName"), in.get("logEvents"));
    }

    JsonNode getLogEvents(RequestContext ctx, ObjectNode in) {
        Scope scope = Scope.of(ctx);
        return reader.get(scope, new LogEventReader.Query(GroupNames.resolve(scope, in), text(in, "logStreamName"),
                number(in, "startTime"), number(in, "endTime"), text(in, "nextToken"), integer(in, "limit"),
                in.path("startFromHead").asBoolean(false)));
    }

    JsonNode filterLogEvents(RequestContext ctx, ObjectNode in) {
        Scope scope = Scope.of(ctx);
        List<String> names = in.hasNonNull("logStreamNames") ? strings(in.get("logStreamNames")) : null;
        return search.filter(scope, new LogEventSearch.Query(GroupNames.resolve(scope, in), names,
                text(in, "logStreamNamePrefix"), number(in, "startTime"), number(in, "endTime"),
                text(in, "filterPattern"), text(in, "nextToken"), integer(in, "limit")));
    }

    private static String text(JsonNode in, String field) {
        return LogGroupOperations.text(in, field);
    }

    private static Long number(JsonNode in, String field) {
        return in.hasNonNull(field) ? in.get(field).asLong() : null;
    }

    private static Integer integer(JsonNode in, String field) {
        return in.hasNonNull(field) ? in.get(field).asInt() : null;
    }

    private static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node != null) {
            node.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node != null) {
            node.forEach(n -> out.add(n.asText()));
        }
        return out;
    }
}
