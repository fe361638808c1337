package dev.stratus.lambda.esm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.OperationRegistry;
import dev.stratus.platform.state.DocumentStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Feeds an SQS queue to a function: long-polls for a batch (waiting up to the batching window to fill it), drops
 * messages the filter rejects, invokes the function, and deletes what it handled. Messages of a failed invocation
 * stay in flight until their visibility timeout, so the queue's redrive policy sends repeat failures to its DLQ.
 */
final class SqsPoller extends Poller {
    /** SQS's longest long poll, and its largest ReceiveMessage. */
    static final int LONG_POLL_SECONDS = 20;
    static final int MAX_RECEIVE = 10;
    /** Lambda's synchronous invocation payload limit bounds a batch. */
    static final int MAX_BATCH_BYTES = 6 * 1024 * 1024;
    /**
     * Concurrent pollers per mapping. AWS starts five and scales up to MaximumConcurrency; a local emulator keeps to
     * two (each busy poller holds an execution environment), or fewer when MaximumConcurrency says so.
     */
    static final int DEFAULT_POLLERS = 2;

    private final EventSourceMapping mapping;
    private final OperationRegistry registry;
    private final FunctionInvoker invoker;
    private final EventFilter filter;
    private volatile String queueUrl;

    SqsPoller(EventSourceMapping mapping, OperationRegistry registry, FunctionInvoker invoker) {
        super("lambda-esm-sqs-" + mapping.uuid());
        this.mapping = mapping;
        this.registry = registry;
        this.invoker = invoker;
        this.filter = EventFilter.of(mapping.filterCriteria());
    }

    static int workers(EventSourceMapping m) {
        int max = m.maximumConcurrency();
        return max > 0 ? Math.min(max, DEFAULT_POLLERS) : DEFAULT_POLLERS;
    }

    @Override
    void pollOnce() throws InterruptedException {
        if (queueUrl == null) {
            queueUrl = SqsSource.queueUrl(registry, mapping.eventSourceArn());
        }
        List<JsonNode> messages = collectBatch();
        if (messages.isEmpty()) {
            return;
        }
        List<String> drop = new ArrayList<>();
        List<ObjectNode> records = new ArrayList<>();
        for (JsonNode message : messages) {
            ObjectNode record = SqsSource.record(message, mapping.eventSourceArn());
            if (filter.matches(filterView(record))) {
                records.add(record);
            } else {
                drop.add(record.get("receiptHandle").asText()); // AWS deletes what the filter rejects
            }
        }
        List<String> done = new ArrayList<>(drop);
        if (!records.isEmpty()) {
            done.addAll(deliver(records));
        }
        if (!done.isEmpty()) {
            SqsSource.delete(registry, mapping.eventSourceArn(), queueUrl, done);
        }
    }

    /** Receive handles of the records the function handled; none when it failed. */
    private List<String> deliver(List<ObjectNode> records) {
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        records.forEach(event.putArray("Records")::add);
        FunctionInvoker.Outcome outcome = invoker.invoke(mapping, event);
        if (outcome.failed()) {
            return List.of(); // AWS shows no LastProcessingResult for SQS mappings
        }
        Set<String> failed = Set.of();
        if (mapping.reportsBatchItemFailures()) {
            Set<String> ids = new LinkedHashSet<>();
            records.forEach(r -> ids.add(r.get("messageId").asText()));
            Optional<Set<String>> reported = BatchItemFailures.read(outcome, ids);
            if (reported.isEmpty()) {
                return List.of();
            }
            failed = reported.get();
        }
        List<String> handled = new ArrayList<>();
        for (ObjectNode r : records) {
            if (!failed.contains(r.get("messageId").asText())) {
                handled.add(r.get("receiptHandle").asText());
            }
        }
        return handled;
    }

    /** One long poll; with a batching window, further polls until the batch is full or the window has passed. */
    private List<JsonNode> collectBatch() throws InterruptedException {
        int batch = mapping.batchSize();
        List<JsonNode> messages = new ArrayList<>(receive(Math.min(MAX_RECEIVE, batch), LONG_POLL_SECONDS));
        int window = mapping.batchingWindowSeconds();
        if (messages.isEmpty() || window == 0) {
            return messages;
        }
        long deadline = System.nanoTime() + window * 1_000_000_000L;
        long bytes = size(messages);
        while (messages.size() < batch && bytes < MAX_BATCH_BYTES && !stopped()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            int wait = (int) Math.min(LONG_POLL_SECONDS, Math.max(1, left / 1_000_000_000L));
            List<JsonNode> more = receive(Math.min(MAX_RECEIVE, batch - messages.size()), wait);
            messages.addAll(more);
            bytes += size(more);
        }
        return messages;
    }

    private List<JsonNode> receive(int max, int waitSeconds) throws InterruptedException {
        return waiting(() -> SqsSource.receive(registry, mapping.eventSourceArn(), queueUrl, max, waitSeconds));
    }

    private static long size(List<JsonNode> messages) {
        long n = 0;
        for (JsonNode m : messages) {
            n += m.path("Body").asText().getBytes(StandardCharsets.UTF_8).length;
        }
        return n;
    }

    /** What filters see: the record, with a JSON body read as JSON so patterns can reach into it. */
    private static JsonNode filterView(ObjectNode record) {
        String body = record.get("body").asText();
        try {
            JsonNode parsed = DocumentStore.MAPPER.readTree(body);
            if (parsed != null && (parsed.isObject() || parsed.isArray())) {
                ObjectNode view = record.deepCopy();
                view.set("body", parsed);
                return view;
            }
        } catch (IOException e) {
            // a plain-text body is matched as a string
        }
        return record;
    }
}
