package dev.stratus.lambda.esm;

import dev.stratus.platform.OperationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/** The running pollers, one per enabled mapping. */
final class Pollers implements AutoCloseable {
    /**
     * How long disabling or updating a mapping waits for its running batch, so an old and a new poller never feed
     * the same stream position twice.
     */
    static final Duration STOP_PATIENCE = Duration.ofSeconds(60);
    /** On shutdown the environments are going away anyway: wait only briefly. */
    static final Duration CLOSE_PATIENCE = Duration.ofSeconds(2);

    private final OperationRegistry registry;
    private final EventSourceMappingStore store;
    private final Clock clock;
    private final FunctionInvoker invoker;
    private final BiConsumer<EventSourceMapping, String> results;
    private final Map<String, Poller> running = new ConcurrentHashMap<>();
    private volatile boolean closed;

    Pollers(OperationRegistry registry, EventSourceMappingStore store, Clock clock,
            BiConsumer<EventSourceMapping, String> results) {
        this.registry = registry;
        this.store = store;
        this.clock = clock;
        this.invoker = new FunctionInvoker(registry);
        this.results = results;
    }

    synchronized void start(EventSourceMapping m) {
        if (closed) {
            return;
        }
        stop(m.uuid());
        switch (m.sourceType()) {
            case SQS -> {
                Poller p = new SqsPoller(m, registry, invoker);
                running.put(m.uuid(), p);
                p.start(SqsPoller.workers(m));
            }
            case DYNAMODB_STREAM -> {
                Poller p = new StreamPoller(m, registry, invoker, store, clock, results);
                running.put(m.uuid(), p);
                p.start(1); // one shard, one poller: records stay in order
            }
        }
    }

    void stop(String uuid) {
        Poller p = running.remove(uuid);
        if (p != null) {
            p.stop(STOP_PATIENCE);
        }
    }

    @Override
    public void close() {
        closed = true;
        List<Poller> all = List.copyOf(running.values());
        running.clear();
        all.forEach(p -> p.stop(Duration.ZERO)); // tell them all first, then wait
        all.forEach(p -> p.stop(CLOSE_PATIENCE));
    }
}
