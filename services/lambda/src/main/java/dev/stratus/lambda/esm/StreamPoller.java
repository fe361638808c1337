package dev.stratus.lambda.esm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.OperationRegistry;
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.AwsException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Feeds a DynamoDB stream to a function, one batch at a time and in order: a failed batch is retried (bisected if
 * asked) until it succeeds or runs out of MaximumRetryAttempts, and the position after each batch is checkpointed
 * so a restarted Stratus carries on where it stopped.
 */
final class StreamPoller extends Poller {
    /** How long an idle stream waits before asking again, at most. */
    static final Duration MAX_IDLE_WAIT = Duration.ofSeconds(1);
    /** How often a batching window looks for more records. */
    static final Duration WINDOW_POLL = Duration.ofMillis(100);
    static final Duration FIRST_RETRY_WAIT = Duration.ofMillis(200);
    static final Duration MAX_RETRY_WAIT = Duration.ofSeconds(10);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final EventSourceMapping mapping;
    private final OperationRegistry registry;
    private final FunctionInvoker invoker;
    private final EventSourceMappingStore store;
    private final EventFilter filter;
    private final Clock clock;
    private final BiConsumer<EventSourceMapping, String> results;
    private final RequestContext ctx;
    private String shardId;
    private String iterator;
    private Duration idle = Duration.ofMillis(50);
    /** Lambda's refusal of the last invocation (throttled, function gone), or null when it ran. */
    private AwsException lastRefusal;

    StreamPoller(EventSourceMapping mapping, OperationRegistry registry, FunctionInvoker invoker,
                 EventSourceMappingStore store, Clock clock, BiConsumer<EventSourceMapping, String> results) {
        super("lambda-esm-stream-" + mapping.uuid());
        this.mapping = mapping;
        this.registry = registry;
        this.invoker = invoker;
        this.store = store;
        this.filter = EventFilter.of(mapping.filterCriteria());
        this.clock = clock;
        this.results = results;
        this.ctx = contextOf(mapping.eventSourceArn());
    }

    /** The context of calls on a stream: the table's account and region, from the ARN. */
    static RequestContext contextOf(String streamArn) {
        String[] p = streamArn.split(":");
        return RequestContext.internal(p[4], p[3]);
    }

    @Override
    void pollOnce() throws InterruptedException {
        if (iterator == null) {
            iterator = firstIterator();
        }
        List<JsonNode> records = new ArrayList<>();
        String next = read(iterator, mapping.batchSize(), records);
        if (records.isEmpty()) {
            iterator = next;
            pause(idle);
            idle = idle.multipliedBy(2).compareTo(MAX_IDLE_WAIT) > 0 ? MAX_IDLE_WAIT : idle.multipliedBy(2);
            return;
        }
        // A batching window lets a partial batch wait for more records, up to the window.
        long deadline = System.nanoTime() + mapping.batchingWindowSeconds() * 1_000_000_000L;
        while (records.size() < mapping.batchSize() && System.nanoTime() < deadline) {
            int before = records.size();
            next = read(next, mapping.batchSize() - records.size(), records);
            if (records.size() == before) {
                pause(WINDOW_POLL);
            }
        }
        idle = Duration.ofMillis(50);
        List<ObjectNode> batch = new ArrayList<>();
        long oldest = mapping.maximumRecordAgeSeconds() < 0 ? Long.MIN_VALUE
                : clock.instant().getEpochSecond() - mapping.maximumRecordAgeSeconds();
        for (JsonNode r : records) {
            ObjectNode record = ((ObjectNode) r).deepCopy();
            record.put("eventSourceARN", mapping.eventSourceArn());
            boolean fresh = r.path("dynamodb").path("ApproximateCreationDateTime").asLong() >= oldest;
            if (fresh && filter.matches(record)) {
                batch.add(record);
            }
        }
        if (!batch.isEmpty()) {
            deliver(batch);
        }
        String last = records.getLast().path("dynamodb").path("SequenceNumber").asText();
        store.checkpoint(mapping.uuid(), new EventSourceMappingStore.Checkpoint(shardId, last));
        iterator = next;
    }

    /** One GetRecords into {@code into}; the iterator to read next. */
    private String read(String from, int limit, List<JsonNode> into) {
        JsonNode page;
        try {
            page = registry.call("dynamodbstreams", "GetRecords", ctx,
                    JSON.objectNode().put("ShardIterator", from).put("Limit", limit));
        } catch (AwsException e) {
            iterator = null; // expired, or the stream went away: start again from the checkpoint
            throw e;
        }
        page.path("Records").forEach(into::add);
        return page.path("NextShardIterator").asText(null);
    }

    private String firstIterator() {
        JsonNode stream = registry.call("dynamodbstreams", "DescribeStream", ctx,
                JSON.objectNode().put("StreamArn", mapping.eventSourceArn()));
        shardId = stream.path("StreamDescription").path("Shards").path(0).path("ShardId").asText();
        ObjectNode in = JSON.objectNode().put("StreamArn", mapping.eventSourceArn()).put("ShardId", shardId);
        Optional<EventSourceMappingStore.Checkpoint> checkpoint = store.checkpoint(mapping.uuid())
                .filter(c -> c.shardId().equals(shardId));
        if (checkpoint.isPresent()) {
            in.put("ShardIteratorType", "AFTER_SEQUENCE_NUMBER").put("SequenceNumber",
                    checkpoint.get().sequenceNumber());
        } else {
            in.put("ShardIteratorType", mapping.startingPosition());
        }
        return registry.call("dynamodbstreams", "GetShardIterator", ctx, in).get("ShardIterator").asText();
    }

    /** Delivers a batch until it succeeds or its retries run out; only a stop interrupts it. */
    private void deliver(List<ObjectNode> batch) throws InterruptedException {
        int attempts = 0;
        Duration wait = FIRST_RETRY_WAIT;
        List<ObjectNode> pending = batch;
        while (true) {
            List<ObjectNode> failed = attempt(pending);
            if (failed.isEmpty()) {
                results.accept(mapping, "OK");
                return;
            }
            if (mapping.bisectOnError() && failed.size() > 1) {
                // Each half is delivered (and retried) on its own, first half first, so order holds.
                deliver(failed.subList(0, failed.size() / 2));
                deliver(failed.subList(failed.size() / 2, failed.size()));
                return;
            }
            attempts++;
            if (mapping.maximumRetryAttempts() >= 0 && attempts > mapping.maximumRetryAttempts()) {
                // Retries exhausted: AWS skips the batch and tells the OnFailure destination, if any.
                results.accept(mapping, "PROBLEM: Function call failed");
                try {
                    FailureDestination.send(registry, mapping, shardId, failed, attempts, lastRefusal, clock.instant());
                } catch (RuntimeException e) {
                    results.accept(mapping, "PROBLEM: Could not deliver to the OnFailure destination");
                }
                return;
            }
            pending = failed;
            pause(wait);
            wait = wait.multipliedBy(2).compareTo(MAX_RETRY_WAIT) > 0 ? MAX_RETRY_WAIT : wait.multipliedBy(2);
        }
    }

    /** The records still to deliver after one invocation: none on success, from the first reported failure on. */
    private List<ObjectNode> attempt(List<ObjectNode> batch) throws InterruptedException {
        ObjectNode event = JSON.objectNode();
        batch.forEach(event.putArray("Records")::add);
        FunctionInvoker.Outcome outcome;
        try {
            outcome = invoker.invoke(mapping, event);
        } catch (AwsException throttledOrGone) {
            lastRefusal = throttledOrGone;
            results.accept(mapping, "PROBLEM: " + throttledOrGone.getMessage());
            pause(FIRST_RETRY_WAIT);
            return batch;
        }
        lastRefusal = null;
        if (outcome.failed()) {
            return batch;
        }
        if (!mapping.reportsBatchItemFailures()) {
            return List.of();
        }
        Set<String> ids = new LinkedHashSet<>();
        batch.forEach(r -> ids.add(sequenceOf(r)));
        Optional<Set<String>> reported = BatchItemFailures.read(outcome, ids);
        if (reported.isEmpty()) {
            return batch;
        }
        // Lambda resumes from the lowest failed sequence number: the records before it are done.
        for (int i = 0; i < batch.size(); i++) {
            if (reported.get().contains(sequenceOf(batch.get(i)))) {
                return batch.subList(i, batch.size());
            }
        }
        return List.of();
    }

    private static String sequenceOf(JsonNode record) {
        return record.path("dynamodb").path("SequenceNumber").asText();
    }
}
