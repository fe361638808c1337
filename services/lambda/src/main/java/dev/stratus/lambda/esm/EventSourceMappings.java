package dev.stratus.lambda.esm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.Platform;
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.codec.Timestamps;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Lambda's event source mappings: the Create/Get/List/Update/DeleteEventSourceMapping operations, and the pollers
 * that feed SQS messages and DynamoDB stream records to functions while a mapping is enabled.
 */
public final class EventSourceMappings implements AutoCloseable {
    /** ListEventSourceMappings' page size when MaxItems is absent. */
    static final int DEFAULT_MAX_ITEMS = 100;
    /** Request members that are not settings of the mapping itself. */
    private static final Set<String> NOT_SETTINGS = Set.of("UUID", "FunctionName", "EventSourceArn", "Enabled",
            "Tags");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Platform platform;
    private final EventSourceMappingStore store;
    private final MappingRules rules;
    private final Pollers pollers;
    private final Object lock = new Object();

    public EventSourceMappings(Platform platform) {
        this.platform = platform;
        this.store = new EventSourceMappingStore(platform.storage());
        this.rules = new MappingRules(platform.registry());
        this.pollers = new Pollers(platform.registry(), store, platform.clock(), this::recordResult);
    }

    /** Starts the pollers of every enabled mapping (after a restart, streams resume from their checkpoints). */
    public void start() {
        for (EventSourceMapping m : store.all()) {
            if (m.enabled()) {
                pollers.start(m);
            }
        }
    }

    @Override
    public void close() {
        pollers.close();
    }

    public JsonNode createEventSourceMapping(RequestContext ctx, ObjectNode in) {
        String sourceArn = in.path("EventSourceArn").asText(null);
        EventSourceMapping.SourceType type = sourceArn == null ? null : EventSourceMapping.typeOf(sourceArn);
        if (type == null) {
            throw new AwsException("InvalidParameterValueException",
                    "Unrecognized event source, must be an Amazon SQS queue or a DynamoDB stream in Stratus.");
        }
        String functionArn = rules.functionArn(ctx, in.get("FunctionName").asText());
        ObjectNode settings = settingsOf(in, JSON.objectNode());
        rules.applyDefaults(type, settings);
        rules.validate(type, sourceArn, settings);
        EventFilter.of(settings.get("FilterCriteria"));
        rules.checkSourceExists(type, sourceArn);
        boolean enabled = in.path("Enabled").asBoolean(true);
        EventSourceMapping m;
        synchronized (lock) {
            checkNoTwin(ctx, null, sourceArn, functionArn);
            m = new EventSourceMapping(UUID.randomUUID().toString(), ctx.accountId(), ctx.region(), functionArn,
                    sourceArn, enabled ? "Enabled" : "Disabled", platform.clock().millis(),
                    type == EventSourceMapping.SourceType.SQS ? null : "No records processed", settings);
            store.put(m);
        }
        if (enabled) {
            pollers.start(m);
        }
        return render(m, "Creating");
    }

    public JsonNode getEventSourceMapping(RequestContext ctx, ObjectNode in) {
        EventSourceMapping m = find(ctx, in.get("UUID").asText());
        return render(m, m.state());
    }

    public JsonNode listEventSourceMappings(RequestContext ctx, ObjectNode in) {
        String sourceArn = in.path("EventSourceArn").asText(null);
        String functionArn = in.hasNonNull("FunctionName")
                ? MappingRules.unverifiedFunctionArn(ctx, in.get("FunctionName").asText()) : null;
        int max = in.path("MaxItems").asInt(DEFAULT_MAX_ITEMS);
        String marker = in.path("Marker").asText(null);
        List<EventSourceMapping> matching = store.list(ctx.accountId(), ctx.region()).stream()
                .filter(m -> sourceArn == null || m.eventSourceArn().equals(sourceArn))
                .filter(m -> functionArn == null || m.functionArn().equals(functionArn))
                .filter(m -> marker == null || m.uuid().compareTo(marker) >= 0)
                .toList();
        ObjectNode out = JSON.objectNode();
        var list = out.putArray("EventSourceMappings");
        matching.stream().limit(max).forEach(m -> list.add(render(m, m.state())));
        if (matching.size() > max) {
            out.put("NextMarker", matching.get(max).uuid());
        }
        return out;
    }

    public JsonNode updateEventSourceMapping(RequestContext ctx, ObjectNode in) {
        EventSourceMapping updated;
        String transition;
        synchronized (lock) {
            EventSourceMapping m = find(ctx, in.get("UUID").asText());
            String functionArn = in.hasNonNull("FunctionName")
                    ? rules.functionArn(ctx, in.get("FunctionName").asText()) : m.functionArn();
            if (!functionArn.equals(m.functionArn())) {
                checkNoTwin(ctx, m.uuid(), m.eventSourceArn(), functionArn);
            }
            ObjectNode settings = settingsOf(in, m.settings().deepCopy());
            rules.validate(m.sourceType(), m.eventSourceArn(), settings);
            EventFilter.of(settings.get("FilterCriteria"));
            boolean enabled = in.path("Enabled").asBoolean(m.enabled());
            transition = enabled == m.enabled() ? "Updating" : enabled ? "Enabling" : "Disabling";
            updated = m.with(enabled ? "Enabled" : "Disabled", platform.clock().millis(), settings, functionArn);
            store.put(updated);
        }
        pollers.stop(updated.uuid());
        if (updated.enabled()) {
            pollers.start(updated);
        }
        return render(updated, transition);
    }

    public JsonNode deleteEventSourceMapping(RequestContext ctx, ObjectNode in) {
        EventSourceMapping m;
        synchronized (lock) {
            m = find(ctx, in.get("UUID").asText());
            store.delete(m);
        }
        pollers.stop(m.uuid());
        return render(m, "Deleting");
    }

    /** One mapping per (source, function): AWS refuses a second one, naming the first. */
    private void checkNoTwin(RequestContext ctx, String uuid, String sourceArn, String functionArn) {
        for (EventSourceMapping other : store.list(ctx.accountId(), ctx.region())) {
            if (!other.uuid().equals(uuid) && other.eventSourceArn().equals(sourceArn)
                    && other.functionArn().equals(functionArn)) {
                throw new AwsException("ResourceConflictException", "An event source mapping with "
                        + (other.sourceType() == EventSourceMapping.SourceType.SQS ? "SQS" : "event source")
                        + " arn (\" " + sourceArn + " \") and function (\" " + MappingRules.nameOf(functionArn)
                        + " \") already exists. Please update or delete the existing mapping with UUID "
                        + other.uuid());
            }
        }
    }

    /** Notes a poller's last outcome (LastProcessingResult), writing only when it changed. */
    private void recordResult(EventSourceMapping m, String result) {
        synchronized (lock) {
            store.get(m.accountId(), m.region(), m.uuid())
                    .filter(current -> !result.equals(current.lastProcessingResult()))
                    .ifPresent(current -> store.put(current.withResult(result)));
        }
    }

    private EventSourceMapping find(RequestContext ctx, String uuid) {
        return store.get(ctx.accountId(), ctx.region(), uuid).orElseThrow(() -> new AwsException(
                "ResourceNotFoundException", "The resource you requested does not exist."));
    }

    /** The request's settings laid over {@code base}. */
    private static ObjectNode settingsOf(ObjectNode in, ObjectNode base) {
        in.fields().forEachRemaining(e -> {
            if (!NOT_SETTINGS.contains(e.getKey()) && !e.getValue().isNull()) {
                base.set(e.getKey(), e.getValue());
            }
        });
        return base;
    }

    private static ObjectNode render(EventSourceMapping m, String state) {
        ObjectNode out = JSON.objectNode();
        out.put("UUID", m.uuid());
        out.setAll(m.settings());
        out.put("EventSourceArn", m.eventSourceArn());
        out.put("FunctionArn", m.functionArn());
        out.set("LastModified", Timestamps.node(Instant.ofEpochMilli(m.lastModifiedMillis())));
        if (m.lastProcessingResult() != null) {
            out.put("LastProcessingResult", m.lastProcessingResult());
        }
        out.put("State", state);
        out.put("StateTransitionReason", "USER_INITIATED");
        out.put("EventSourceMappingArn", m.arn());
        return out;
    }
}
