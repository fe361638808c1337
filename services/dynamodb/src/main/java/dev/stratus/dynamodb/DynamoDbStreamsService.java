package dev.stratus.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.dynamodb.stream.ShardIterators;
import dev.stratus.dynamodb.stream.StreamLog;
import dev.stratus.dynamodb.table.Table;
import dev.stratus.dynamodb.table.TableCatalog;
import dev.stratus.platform.Operation;
import dev.stratus.platform.Platform;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.Service;
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

    public DynamoDbStreamsService(Platform platform) {
        this.catalog = new TableCatalog(platform.storage(), platform.clock());
        this.log = new StreamLog(platform.storage());
        this.clock = platform.clock();
        this.iterators = new ShardIterators(clock);
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
        return Map.of("ListStreams", this::listStreams, "DescribeStream", this::describeStream,
                "GetShardIterator", this::getShardIterator, "GetRecords", this::getRecords);
    }

    JsonNode listStreams(RequestContext ctx, ObjectNode input) {
        String only = input.path("TableName").asText(null);
        int limit = input.path("Limit").asInt(100);
        String start = input.path("ExclusiveStartStreamArn").asText(null);
        List<Table> streamed = catalog.list(ctx).stream()
                .filter(t -> StreamLog.label(t) != null && (only == null || t.name().equals(only)))
                .filter(t -> start == null || StreamLog.streamArn(t, StreamLog.label(t)).compareTo(start) > 0)
                .toList();
        ObjectNode out = NODES.objectNode();
        ArrayNode streams = out.putArray("Streams");
        for (Table t : streamed.subList(0, Math.min(limit, streamed.size()))) {
            String label = StreamLog.label(t);
            streams.addObject().put("StreamArn", StreamLog.streamArn(t, label)).put("TableName", t.name())
                    .put("StreamLabel", label);
        }
        if (streamed.size() > limit) {
            out.put("LastEvaluatedStreamArn", streams.get(limit - 1).get("StreamArn").asText());
        }
        return out;
    }

    JsonNode describeStream(RequestContext ctx, ObjectNode input) {
        Table table = streamTable(ctx, input.get("StreamArn").asText());
        String label = StreamLog.label(table);
        ObjectNode d = NODES.objectNode();
        d.put("StreamArn", StreamLog.streamArn(table, label));
        d.put("StreamLabel", label);
        d.put("StreamStatus", "ENABLED");
        d.put("StreamViewType", StreamLog.viewType(table));
        d.put("CreationRequestDateTime", BigDecimal.valueOf(table.createdMillis(), 3));
        d.put("TableName", table.name());
        d.set("KeySchema", table.spec().get("KeySchema"));
        long first = log.first(table, label);
        ObjectNode shard = d.putArray("Shards").addObject();
        shard.put("ShardId", ShardIterators.shardId(table));
        shard.putObject("SequenceNumberRange").put("StartingSequenceNumber", StreamLog.format(Math.max(first, 1)));
        return NODES.objectNode().set("StreamDescription", d);
    }

    JsonNode getShardIterator(RequestContext ctx, ObjectNode input) {
        String arn = input.get("StreamArn").asText();
        Table table = streamTable(ctx, arn);
        String label = StreamLog.label(table);
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
        Table table = streamTable(ctx, position.streamArn());
        int limit = input.path("Limit").asInt(MAX_RECORDS);
        long oldest = clock.instant().minus(StreamLog.RETENTION).getEpochSecond();
        ObjectNode out = NODES.objectNode();
        ArrayNode records = out.putArray("Records");
        long next = position.after();
        for (StreamLog.Stored stored : log.read(table, StreamLog.label(table), position.after(), limit)) {
            next = stored.sequence();
            // Records older than the retention period are gone, as on AWS.
            if (stored.record().get("dynamodb").get("ApproximateCreationDateTime").asLong() >= oldest) {
                records.add(stored.record());
            }
        }
        out.put("NextShardIterator", iterators.issue(position.streamArn(), next));
        return out;
    }

    private Table streamTable(RequestContext ctx, String streamArn) {
        int at = streamArn.indexOf("/stream/");
        Table table = at < 0 ? null : catalog.find(ctx, TableCatalog.nameOf(streamArn)).orElse(null);
        if (table == null || StreamLog.label(table) == null
                || !StreamLog.streamArn(table, StreamLog.label(table)).equals(streamArn)) {
            throw DynamoErrors.resourceNotFound("Requested resource not found: Stream: " + streamArn + " not found");
        }
        return table;
    }

    private static long parseSequence(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw DynamoErrors.validation("Invalid SequenceNumber: " + text);
        }
    }
}
