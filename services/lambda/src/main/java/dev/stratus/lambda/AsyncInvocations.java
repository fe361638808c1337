package dev.stratus.lambda;

import dev.stratus.platform.RequestContext;
import dev.stratus.platform.state.DocumentStore;
import dev.stratus.protocol.AwsException;
import dev.stratus.storage.Cursor;
import dev.stratus.storage.Entry;
import dev.stratus.storage.Storage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Asynchronous invocation as Lambda does it: accepted events wait in a durable queue (the
 * {@code lambda-async-events} keyspace, ordered by when they are due), so an event answered with 202 survives a
 * restart or {@code kill -9}; a function error is retried up to {@code MaximumRetryAttempts} times (1 minute, then
 * 2 minutes later); a throttled event backs off and waits; an event older than {@code MaximumEventAgeInSeconds} is
 * discarded; the outcome goes to the OnSuccess/OnFailure destinations and the dead-letter queue. An event is removed
 * only once its attempt is recorded, so delivery is at least once, as on AWS.
 */
final class AsyncInvocations implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AsyncInvocations.class.getName());
    /** AWS waits about a minute before the first retry of a function error, and twice as long before the second. */
    static final Duration DEFAULT_RETRY_DELAY = Duration.ofMinutes(1);
    /** Throttled events are retried with backoff from 1 second up to 5 minutes. */
    static final long MIN_THROTTLE_DELAY_MS = 1000;
    static final long MAX_THROTTLE_DELAY_MS = 5 * 60 * 1000;
    /** How often the queue is read when nothing wakes it (the clock can jump: tests move it by hand). */
    static final long POLL_MS = 200;
    /** How long a shutdown waits for attempts under way to record their outcome. */
    static final long DRAIN_MS = 2000;

    /** What one attempt produced: the version that ran, its FunctionError (null on success) and its response. */
    record Outcome(String executedVersion, String functionError, byte[] response) {
        boolean failed() {
            return functionError != null;
        }
    }

    /** Runs one attempt of an event: resolves the function version and invokes it within its concurrency. */
    interface EventRunner {
        Outcome run(RequestContext ctx, String function, String qualifier, String requestId, byte[] payload);
    }

    private final DocumentStore<AsyncEvent> events;
    private final Storage storage;
    private final Clock clock;
    private final Duration retryDelay;
    private final EventRunner runner;
    private final EventInvokeConfigOperations configs;
    private final DeadLetterConfigs deadLetters;
    private final Destinations destinations;
    private final ExecutorService workers;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private boolean signalled;
    private volatile boolean running;
    private Thread dispatcher;

    AsyncInvocations(Storage storage, Clock clock, Duration retryDelay, EventRunner runner,
                     EventInvokeConfigOperations configs, DeadLetterConfigs deadLetters, Destinations destinations,
                     ExecutorService workers) {
        this.events = new DocumentStore<>(storage, "lambda-async-events", AsyncEvent.class);
        this.storage = storage;
        this.clock = clock;
        this.retryDelay = retryDelay;
        this.runner = runner;
        this.configs = configs;
        this.deadLetters = deadLetters;
        this.destinations = destinations;
        this.workers = workers;
    }

    /** Queues an event durably (the write returns before Invoke answers 202) and wakes the dispatcher. */
    void enqueue(RequestContext ctx, String function, String qualifier, byte[] payload) {
        long now = clock.millis();
        AsyncEvent e = new AsyncEvent(ctx.requestId(), ctx.accountId(), ctx.region(), function, qualifier, payload,
                now, now, 0, 0, null, null, null);
        events.put(key(e), e);
        wakeUp();
    }

    /** Starts dispatching, beginning with whatever a previous run left in the queue; later calls do nothing. */
    synchronized void start() {
        if (dispatcher != null) {
            return;
        }
        running = true;
        dispatcher = Thread.ofVirtual().name("lambda-async-dispatcher").start(this::dispatch);
    }

    private void dispatch() {
        while (running) {
            long now = clock.millis();
            long next = Long.MAX_VALUE;
            try {
                next = dispatchDue(now);
            } catch (RuntimeException e) {
                if (running) {
                    LOG.log(Level.WARNING, "cannot read the asynchronous event queue", e);
                }
            }
            await(Math.min(POLL_MS, Math.max(1, next - now)));
        }
    }

    /** Starts an attempt for every due event not already under way; answers when the next one is due. */
    private long dispatchDue(long now) {
        try (Cursor c = events.keyspace().scan(null, null, false)) {
            while (c.hasNext() && running) {
                Entry entry = c.next();
                AsyncEvent e = events.decode(entry.value());
                if (e.dueAtMillis() > now) {
                    return e.dueAtMillis();
                }
                String key = new String(entry.key(), StandardCharsets.UTF_8);
                if (inFlight.add(key)) {
                    workers.submit(() -> attempt(key, e));
                }
            }
        }
        return Long.MAX_VALUE;
    }

    private void attempt(String key, AsyncEvent e) {
        try {
            process(key, e);
        } catch (RuntimeException ex) {
            if (running) {
                LOG.log(Level.WARNING, "asynchronous invocation " + e.requestId() + " failed in Stratus", ex);
            }
        } finally {
            inFlight.remove(key);
            wakeUp();
        }
    }

    private void process(String key, AsyncEvent e) {
        long started = clock.millis();
        EventInvokeConfigRecord config = configs.effective(e.accountId(), e.region(), e.functionName(),
                e.qualifier());
        if (started - e.enqueuedAtMillis() > config.eventAgeSeconds() * 1000L) {
            discard(key, e, config, InvocationRecords.Condition.EventAgeExceeded);
            return;
        }
        Outcome outcome;
        try {
            outcome = runner.run(RequestContext.internal(e.accountId(), e.region()), e.functionName(), e.qualifier(),
                    e.requestId(), e.payload());
        } catch (AwsException ex) {
            switch (ex.code()) {
                case "ResourceNotFoundException" -> events.delete(key); // the function or version is gone
                case "TooManyRequestsException" -> move(key, e.throttled(started + throttleDelay(e.throttles())));
                default -> throw ex;
            }
            return;
        } catch (IllegalStateException shuttingDown) {
            return; // the event stays queued for the next start
        }
        int attempts = e.attempts() + 1;
        if (!outcome.failed()) {
            events.delete(key);
            if (config.onSuccess() != null) {
                destinations.deliverRecord(config.onSuccess(), InvocationRecords.record(e,
                        InvocationRecords.Condition.Success, attempts, clock.instant(), outcome.executedVersion(),
                        null, outcome.response()), true, e.qualifiedArn());
            }
            return;
        }
        // Retries are timed from the start of the failed attempt, however long it ran.
        long nextDue = started + retryDelay.toMillis() * (1L << Math.min(attempts - 1, 20));
        AsyncEvent failed = e.failedAttempt(outcome, nextDue);
        if (attempts > config.retryAttempts()) {
            discard(key, failed, config, InvocationRecords.Condition.RetriesExhausted);
        } else {
            move(key, failed);
        }
    }

    /** Drops an event for good: an invocation record to OnFailure, the payload to the dead-letter queue. */
    private void discard(String key, AsyncEvent e, EventInvokeConfigRecord config,
                         InvocationRecords.Condition condition) {
        events.delete(key);
        if (config.onFailure() != null) {
            destinations.deliverRecord(config.onFailure(), InvocationRecords.record(e, condition, e.attempts(),
                    clock.instant(), e.lastExecutedVersion(), e.lastFunctionError(), e.lastResponse()), false,
                    e.qualifiedArn());
        }
        String version = e.lastExecutedVersion() != null ? e.lastExecutedVersion()
                : e.qualifier() != null && e.qualifier().chars().allMatch(Character::isDigit) ? e.qualifier()
                : "$LATEST";
        deadLetters.target(e.accountId(), e.region(), e.functionName(), version).ifPresent(arn ->
                destinations.deadLetter(arn, e.requestId(), e.payload(), 200,
                        InvocationRecords.errorMessage(e.lastResponse())));
    }

    /** Re-files an event under its new due time, atomically. */
    private void move(String oldKey, AsyncEvent e) {
        storage.batch().delete(events.keyspace(), DocumentStore.bytes(oldKey))
                .put(events.keyspace(), DocumentStore.bytes(key(e)), events.encode(e)).commit();
    }

    static long throttleDelay(int throttles) {
        return Math.min(MAX_THROTTLE_DELAY_MS, MIN_THROTTLE_DELAY_MS << Math.min(throttles, 20));
    }

    /** Events sort by due time, then by request id. */
    private static String key(AsyncEvent e) {
        return String.format("%015d/%s", e.dueAtMillis(), e.requestId());
    }

    private void wakeUp() {
        lock.lock();
        try {
            signalled = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void await(long millis) {
        lock.lock();
        try {
            if (!signalled) {
                wake.await(millis, TimeUnit.MILLISECONDS);
            }
            signalled = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    /** Stops dispatching and gives attempts under way a moment to record their outcome; the queue stays stored. */
    @Override
    public void close() {
        running = false;
        wakeUp();
        try {
            Thread d;
            synchronized (this) {
                d = dispatcher;
            }
            if (d != null) {
                d.join(DRAIN_MS);
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MS);
            while (!inFlight.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
