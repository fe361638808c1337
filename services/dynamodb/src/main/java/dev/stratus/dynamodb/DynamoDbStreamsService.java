package dev.stratus.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.dynamodb.stream.ShardIterators;
import dev.stratus.dynamodb.stream.StreamLog;
import dev.stratus.dynamodb.stream.TableStreams;
import dev.stratus.dynamodb.table.Table;
import dev.stratus.dynamodb.table.TableAccess;
import dev.stratus.dynamodb.table.TableCatalog;
import dev.stratus.platform.Operation;
import dev.stratus.platform.Platform;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.Service;
import dev.stratus.platform.StratusConfig;
import dev.stratus.protocol.model.ServiceModel;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** Amazon DynamoDB Streams: the change log of tables with a stream enabled, one shard per stream. */
public final class DynamoDbStreamsService implements Service {
    /** Records per GetRecords call (DynamoDB Streams API reference). */
    public static final int MAX_RECORDS = 1000;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final ServiceModel model = ServiceModel.load("dynamodbstreams");
    private final TableCatalog catalog;
    private final StreamLog log;
    private final Clock clock;
    private final ShardIterators iterators;
    private final TableAccess access;

    public DynamoDbStreamsService(Platform platform) {
        this.catalog = TableCatalog.readThrough(platform.storage(), platform.clock());
        this.log = new StreamLog(platform.storage());
        this.clock = platform.clock();
        this.iterators = new ShardIterators(clock);
        this.access = new TableAccess(catalog, platform.credentials(), clock,
                platform.config().auth() == StratusConfig.AuthMode.STRICT);
    }

    @Override
    public String name() {
        return "dynamodbstreams";
    }

    @Override
    public ServiceModel model() {
        return model;
    }

    @Override
    public Map<String, Operation> operations() {
        return Map.of("ListStreams", (ctx, in) -> listStreams(access.streamCall("ListStreams", ctx, null), in),
                "DescribeStream", (ctx, in) -> describeStream(
                        access.streamCall("DescribeStream", ctx, in.get("StreamArn").asText()), in),
                "GetShardIterator", (ctx, in) -> getShardIterator(
                        access.streamCall("GetShardIterator", ctx, in.get("StreamArn").asText()), in),
                "GetRecords", (ctx, in) -> getRecords(access.streamCall("GetRecords", ctx,
                        iterators.read(in.get("ShardIterator").asText()).streamArn()), in));
    }

    JsonNode listStreams(RequestContext ctx, ObjectNode input) {
        String only = input.path("TableName").asText(null);
        int limit = input.path("Limit").asInt(100);
        String start = input.path("ExclusiveStartStreamArn").asText(null);
        long now = clock.millis();
        List<ObjectNode> streamed = new java.util.ArrayList<>();
        for (Table t : catalog.list(ctx)) {
            if (only != null && !t.name().equals(only)) {
                continue;
            }
            // Disabled streams stay listed while they are readable (24 hours), as on DynamoDB.
            for (TableStreams.Stream s : TableStreams.readable(t, now)) {
                String arn = s.arn(t);
                if (start == null || arn.compareTo(start) > 0) {
                    streamed.add(NODES.objectNode().put("StreamArn", arn).put("TableName", t.name())
                            .put("StreamLabel", s.label()));
                }
            }
        }
        streamed.sort(java.util.Comparator.comparing(n -> n.get("StreamArn").asText()));
        ObjectNode out = NODES.objectNode();
        ArrayNode streams = out.putArray("Streams");
        streamed.subList(0, Math.min(limit, streamed.size())).forEach(streams::add);
        if (streamed.size() > limit) {
            out.put("LastEvaluatedStreamArn", streams.get(limit - 1).get("StreamArn").asText());
        }
        return out;
    }

    JsonNode describeStream(RequestContext ctx, ObjectNode input) {
        Found found = stream(ctx, input.get("StreamArn").asText());
        Table table = found.table();
        TableStreams.Stream stream = found.stream();
        ObjectNode d = NODES.objectNode();
        d.put("StreamArn", stream.arn(table));
        d.put("StreamLabel", stream.label());
        d.put("StreamStatus", stream.enabled() ? "ENABLED" : "DISABLED");
        d.put("StreamViewType", stream.viewType());
        d.put("CreationRequestDateTime", BigDecimal.valueOf(table.createdMillis(), 3));
        d.put("TableName", table.name());
        d.set("KeySchema", table.spec().get("KeySchema"));
        long first = log.first(table, stream.label());
        ObjectNode shard = d.putArray("Shards").addObject();
        shard.put("ShardId", ShardIterators.shardId(table));
        ObjectNode range = shard.putObject("SequenceNumberRange");
        range.put("StartingSequenceNumber", StreamLog.format(Math.max(first, 1)));
        if (!stream.enabled()) {
            // A disabled stream's shard is closed: it ends at its last record.
            range.put("EndingSequenceNumber", StreamLog.format(Math.max(log.last(table, stream.label()), 1)));
        }
        return NODES.objectNode().set("StreamDescription", d);
    }

    JsonNode getShardIterator(RequestContext ctx, ObjectNode input) {
        Found found = stream(ctx, input.get("StreamArn").asText());
        Table table = found.table();
        String label = found.stream().label();
        if (!input.get("ShardId").asText().equals(ShardIterators.shardId(table))) {
            throw DynamoErrors.resourceNotFound("Requested resource not found: Shard does not exist");
        }
        String type = input.get("ShardIteratorType").asText();
        long position = switch (type) {
            case "TRIM_HORIZON" -> 0;
            case "LATEST" -> log.last(table, label);
            default -> {
                if (!input.has("SequenceNumber")) {
                    throw DynamoErrors.validation("SequenceNumber is required for ShardIteratorType " + type);
                }
                long sequence = parseSequence(input.get("SequenceNumber").asText());
                yield type.equals("AT_SEQUENCE_NUMBER") ? sequence - 1 : sequence;
            }
        };
        return NODES.objectNode().put("ShardIterator", iterators.issue(StreamLog.streamArn(table, label), position));
    }

    JsonNode getRecords(RequestContext ctx, ObjectNode input) {
        ShardIterators.Position position = iterators.read(input.get("ShardIterator").asText());
        Found found = stream(ctx, position.streamArn());
        Table table = found.table();
        String label = found.stream().label();
        int limit = input.path("Limit").asInt(MAX_RECORDS);
        long oldest = clock.instant().minus(StreamLog.RETENTION).getEpochSecond();
        ObjectNode out = NODES.objectNode();
        ArrayNode records = out.putArray("Records");
        long next = position.after();
        for (StreamLog.Stored stored : log.read(table, label, position.after(), limit)) {
            next = stored.sequence();
            // Records older than the retention period are gone, as on AWS.
            if (stored.record().get("dynamodb").get("ApproximateCreationDateTime").asLong() >= oldest) {
                records.add(stored.record());
            }
        }
        // A closed shard (disabled stream) read to its end has no next iterator.
        if (found.stream().enabled() || next < log.last(table, label)) {
            out.put("NextShardIterator", iterators.issue(position.streamArn(), next));
        }
        return out;
    }

    /** A readable stream and its table. */
    private record Found(Table table, TableStreams.Stream stream) {
    }

    private Found stream(RequestContext ctx, String streamArn) {
        int at = streamArn.indexOf("/stream/");
        Table table = at < 0 ? null : catalog.find(ctx, TableCatalog.nameOf(streamArn)).orElse(null);
        TableStreams.Stream stream = table == null ? null
                : TableStreams.find(table, streamArn.substring(at + "/stream/".length()), clock.millis());
        if (stream == null || !stream.arn(table).equals(streamArn)) {
            throw DynamoErrors.resourceNotFound("Requested resource not found: Stream: " + streamArn + " not found");
        }
        return new Found(table, stream);
    }

    private static long parseSequence(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw DynamoErrors.validation("Invalid SequenceNumber: " + text);
        }
    }
}
