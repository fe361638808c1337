package dev.stratus.lambda;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.lambda.runtime.LogEvent;
import dev.stratus.lambda.runtime.LogSink;
import dev.stratus.platform.OperationRegistry;
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.AwsException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Writes function logs to CloudWatch Logs in-process, creating the group and stream on first use, as Lambda does. */
final class CloudWatchLogSink implements LogSink {
    private final OperationRegistry registry;
    private final Set<String> created = ConcurrentHashMap.newKeySet();

    CloudWatchLogSink(OperationRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void publish(String accountId, String region, String group, String stream, List<LogEvent> events) {
        if (events.isEmpty() || registry.service("logs") == null) {
            return;
        }
        RequestContext ctx = RequestContext.internal(accountId, region);
        String groupKey = accountId + "/" + region + "/" + group;
        String streamKey = groupKey + "/" + stream;
        try {
            put(ctx, groupKey, streamKey, group, stream, events);
        } catch (AwsException e) {
            if (!"ResourceNotFoundException".equals(e.code())) {
                throw e;
            }
            // the group or stream was deleted behind our back: create them again
            created.remove(groupKey);
            created.remove(streamKey);
            put(ctx, groupKey, streamKey, group, stream, events);
        }
    }

    private void put(RequestContext ctx, String groupKey, String streamKey, String group, String stream,
                     List<LogEvent> events) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (created.add(groupKey)) {
            createIfAbsent(ctx, "CreateLogGroup", f.objectNode().put("logGroupName", group));
        }
        if (created.add(streamKey)) {
            createIfAbsent(ctx, "CreateLogStream", f.objectNode().put("logGroupName", group)
                    .put("logStreamName", stream));
        }
        ObjectNode in = f.objectNode().put("logGroupName", group).put("logStreamName", stream);
        ArrayNode arr = in.putArray("logEvents");
        for (LogEvent e : events) {
            arr.addObject().put("timestamp", e.timestamp()).put("message", e.message());
        }
        registry.call("logs", "PutLogEvents", ctx, in);
    }

    private void createIfAbsent(RequestContext ctx, String operation, ObjectNode in) {
        try {
            registry.call("logs", operation, ctx, in);
        } catch (AwsException e) {
            if (!"ResourceAlreadyExistsException".equals(e.code())) {
                throw e;
            }
        }
    }
}
