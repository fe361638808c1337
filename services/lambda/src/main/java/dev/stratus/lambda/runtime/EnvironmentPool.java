package dev.stratus.lambda.runtime;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Runs invocations on execution environments: reuses an idle one for the same function version when there is one,
 * starts a new one (a cold start) when all are busy, writes the START/END/REPORT lines, and stops environments that
 * stayed idle longer than the keep-warm time.
 */
public final class EnvironmentPool implements AutoCloseable {
    /** The part of the log Invoke returns with {@code LogType: Tail}. */
    static final int LOG_TAIL_BYTES = 4096;

    /**
     * The outcome of one invocation.
     *
     * @param logTail the last 4 KB of this invocation's log lines (for {@code X-Amz-Log-Result})
     */
    public record InvokeResult(String requestId, RuntimeReply reply, byte[] logTail, boolean coldStart) {
    }

    private final ExecutionSettings settings;
    private final LogSink logs;
    /**
     * A request waits for a busy environment of its function about as long as starting a new one takes (its last
     * Init), within these bounds, before it starts one.
     */
    static final long MIN_SCALE_OUT_WAIT_MS = 10;
    static final long MAX_SCALE_OUT_WAIT_MS = 1000;

    /** An environment for one invocation; {@code init} is its Init outcome when it was just started. */
    private record Lease(ExecutionEnvironment env, InitOutcome init) {
    }

    /** An environment acquired for an invocation, and its function version's slot. */
    private record Acquired(Lease lease, Slot slot) {
    }

    /** One function version's environments: idle ones, requests waiting for one, Inits under way. */
    private static final class Slot {
        final Deque<ExecutionEnvironment> idle = new ArrayDeque<>();
        final Deque<CompletableFuture<Lease>> waiters = new ArrayDeque<>();
        int environments;
        int initsInFlight;
        volatile long lastInitMs;

        long scaleOutWaitMs() {
            return Math.clamp(lastInitMs, MIN_SCALE_OUT_WAIT_MS, MAX_SCALE_OUT_WAIT_MS);
        }
    }

    private final Map<FunctionSpec, Slot> slots = new ConcurrentHashMap<>();
    private final int maxConcurrentInits = Math.max(2, Runtime.getRuntime().availableProcessors());
    private final Set<ExecutionEnvironment> all = ConcurrentHashMap.newKeySet();
    private final Set<FunctionSpec> retired = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public EnvironmentPool(ExecutionSettings settings, LogSink logs) {
        this.settings = settings;
        this.logs = logs;
    }

    public ExecutionSettings settings() {
        return settings;
    }

    /** Runs one synchronous invocation of {@code spec}, as invoked through the version's own ARN. */
    public InvokeResult invoke(FunctionSpec spec, String requestId, byte[] payload, String clientContext) {
        return invoke(spec, spec.invokedArn(), requestId, payload, clientContext);
    }

    /**
     * Runs one synchronous invocation of {@code spec}; the runtime sees {@code invokedArn}, the ARN the caller used
     * (unqualified, or qualified with the alias or version), as on AWS.
     */
    public InvokeResult invoke(FunctionSpec spec, String invokedArn, String requestId, byte[] payload,
                               String clientContext) {
        return invoke(spec, invokedArn, requestId, payload, clientContext, null);
    }

    /**
     * As {@link #invoke(FunctionSpec, String, String, byte[], String)}; a response the function streams goes to
     * {@code sink} as the runtime writes it (InvokeWithResponseStream), and the result's reply has no body then.
     */
    public InvokeResult invoke(FunctionSpec spec, String invokedArn, String requestId, byte[] payload,
                               String clientContext, ResponseSink sink) {
        if (closed) {
            throw new IllegalStateException("Lambda execution is shutting down");
        }
        if (!retired.isEmpty()) { // hashing a spec (its environment map) is not free on the warm path
            retired.remove(spec);
        }
        Acquired acquired = acquire(spec);
        Lease lease = acquired.lease();
        ExecutionEnvironment env = lease.env();
        Double initMs = null;
        if (lease.init() != null) {
            initMs = lease.init().durationMs();
            if (lease.init() instanceof InitOutcome.Failed failed) {
                return initFailed(env, spec, requestId, failed);
            }
        }
        env.log(event(PlatformLogLines.start(requestId, spec.version())));
        long timeoutMillis = spec.timeoutSeconds() * 1000L;
        long started = System.nanoTime();
        Invocation invocation = new Invocation(requestId, payload, settings.clock().millis() + timeoutMillis,
                invokedArn, PlatformLogLines.traceId(now()), clientContext, null);
        RuntimeReply reply = env.invoke(invocation, timeoutMillis, sink);
        double durationMs = (System.nanoTime() - started) / 1_000_000.0;
        // A kill by the memory limit means the whole MemorySize was in use, as AWS's REPORT line then says. Only a
        // failed invocation can have been one, so a successful one does not read the cgroup's counters.
        long memory = reply.failed() && env.outOfMemory() ? spec.memoryMb() : Math.max(1, env.maxMemoryUsedMb());
        List<LogEvent> events = new ArrayList<>(env.takeLogs());
        if ("Sandbox.Timedout".equals(reply.errorType())) {
            events.add(event(PlatformLogLines.timedOut(now(), requestId, timeoutMillis)));
        } else if (!env.alive() && ("Runtime.ExitError".equals(reply.errorType())
                || "Runtime.OutOfMemory".equals(reply.errorType()))) {
            events.add(event(PlatformLogLines.platformError("RequestId: " + requestId + " Error: "
                    + env.exitReason(), reply.errorType())));
        }
        events.add(event(PlatformLogLines.end(requestId)));
        events.add(event(PlatformLogLines.report(requestId, durationMs, spec.memoryMb(), memory, initMs)));
        publish(env, events);
        release(env, acquired.slot());
        return new InvokeResult(requestId, reply, tail(events), initMs != null);
    }

    private InvokeResult initFailed(ExecutionEnvironment env, FunctionSpec spec, String requestId,
                                    InitOutcome.Failed failed) {
        RuntimeReply reply = failed.reply() != null ? failed.reply()
                : RuntimeReply.platformError(failed.errorType(), "RequestId: " + requestId + " Error: "
                        + failed.reason());
        env.close();
        all.remove(env);
        List<LogEvent> events = new ArrayList<>(env.takeLogs());
        events.add(event(PlatformLogLines.initReportError(failed.durationMs(), reply.errorType())));
        events.add(event(PlatformLogLines.start(requestId, spec.version())));
        events.add(event(PlatformLogLines.end(requestId)));
        events.add(event(PlatformLogLines.report(requestId, 0, spec.memoryMb(), 1, failed.durationMs())));
        publish(env, events);
        return new InvokeResult(requestId, reply, tail(events), true);
    }

    /**
     * An idle environment, else one that frees up or finishes its Init soon. A request that waited about as long as
     * an Init takes without one starts a new environment (at most {@link #maxConcurrentInits} Inits at a
     * time per function version): a burst of short invocations is served by the few environments that keep finishing,
     * rather than paying a cold start (~100 ms of CPU) for each concurrent request, while long invocations still get
     * an environment each, as on AWS.
     */
    private Acquired acquire(FunctionSpec spec) {
        Slot existing = slots.get(spec);
        Slot slot = existing != null ? existing : slots.computeIfAbsent(spec, k -> new Slot());
        CompletableFuture<Lease> waiter = new CompletableFuture<>();
        synchronized (slot) {
            ExecutionEnvironment env;
            while ((env = slot.idle.pollFirst()) != null) {
                if (env.alive()) {
                    return new Acquired(new Lease(env, null), slot);
                }
                discard(slot, env);
            }
            if (slot.environments + slot.initsInFlight == 0) {
                slot.initsInFlight++;
                waiter = null;
            } else {
                slot.waiters.addLast(waiter);
            }
        }
        if (waiter == null) {
            return new Acquired(coldStart(spec, slot), slot);
        }
        while (true) {
            try {
                return new Acquired(waiter.get(slot.scaleOutWaitMs(), TimeUnit.MILLISECONDS), slot);
            } catch (TimeoutException e) {
                boolean start = false;
                synchronized (slot) {
                    if (!waiter.isDone() && slot.initsInFlight < Math.min(maxConcurrentInits, slot.waiters.size())) {
                        slot.initsInFlight++;
                        start = true;
                    }
                }
                if (start) {
                    Thread.ofVirtual().name("lambda-init").start(() -> {
                        try {
                            offer(slot, coldStart(spec, slot));
                        } catch (RuntimeException failure) {
                            fail(slot, failure);
                        }
                    });
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                synchronized (slot) {
                    slot.waiters.remove(waiter);
                }
                waiter.cancel(false);
                throw new IllegalStateException("interrupted while waiting for an execution environment", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }
    }

    /** Starts an environment and waits for its Init; the caller has counted it in {@code initsInFlight}. */
    private Lease coldStart(FunctionSpec spec, Slot slot) {
        ExecutionEnvironment env;
        try {
            env = ExecutionEnvironment.start(spec, PlatformLogLines.streamName(now(), spec.version()), settings);
        } catch (RuntimeException e) {
            synchronized (slot) {
                slot.initsInFlight--;
            }
            throw e;
        }
        all.add(env);
        InitOutcome init = env.init();
        slot.lastInitMs = (long) init.durationMs();
        synchronized (slot) {
            slot.initsInFlight--;
            if (init instanceof InitOutcome.Ready) {
                slot.environments++;
            }
        }
        return new Lease(env, init);
    }

    /** Hands an environment (or a failed Init) to the longest waiting request, else keeps it idle. */
    private void offer(Slot slot, Lease lease) {
        synchronized (slot) {
            CompletableFuture<Lease> w;
            while ((w = slot.waiters.pollFirst()) != null) {
                if (w.complete(lease)) {
                    return;
                }
            }
            if (lease.init() instanceof InitOutcome.Failed) {
                all.remove(lease.env());
                return; // nobody to tell; the next request tries again
            }
            if (!lease.env().alive() || closed || isRetired(lease.env().spec())) {
                discard(slot, lease.env());
                return;
            }
            // Most recently used first: the oldest idle environments are the ones left to expire.
            slot.idle.addFirst(lease.env());
        }
    }

    private void fail(Slot slot, RuntimeException failure) {
        synchronized (slot) {
            CompletableFuture<Lease> w = slot.waiters.pollFirst();
            if (w != null) {
                w.completeExceptionally(failure);
            }
        }
    }

    /** Stops an environment that will not be used again; the caller holds the slot's lock. */
    private void discard(Slot slot, ExecutionEnvironment env) {
        slot.environments--;
        all.remove(env);
        env.close();
    }

    private void release(ExecutionEnvironment env, Slot slot) {
        if (!env.alive() || closed || isRetired(env.spec())) {
            synchronized (slot) {
                discard(slot, env);
            }
            return;
        }
        env.touch();
        offer(slot, new Lease(env, null));
    }

    /** Whether {@code spec}'s environments are being retired; the set is nearly always empty, and hashing a spec is not free. */
    private boolean isRetired(FunctionSpec spec) {
        return !retired.isEmpty() && retired.contains(spec);
    }

    private void publish(ExecutionEnvironment env, List<LogEvent> events) {
        FunctionSpec s = env.spec();
        try {
            logs.publish(s.accountId(), s.region(), s.logGroup(), env.logStream(), events);
        } catch (RuntimeException e) {
            // logging must never fail an invocation
        }
    }

    private static byte[] tail(List<LogEvent> events) {
        StringBuilder b = new StringBuilder();
        events.forEach(e -> b.append(e.message()));
        byte[] all = b.toString().getBytes(StandardCharsets.UTF_8);
        return all.length <= LOG_TAIL_BYTES ? all : Arrays.copyOfRange(all, all.length - LOG_TAIL_BYTES, all.length);
    }

    private LogEvent event(String message) {
        return new LogEvent(settings.clock().millis(), message);
    }

    private Instant now() {
        return settings.clock().instant();
    }

    /** Stops (gracefully, in the background) environments idle for longer than the keep-warm time. */
    public int reapIdle() {
        long cutoff = settings.clock().millis() - settings.keepWarm().toMillis();
        return stopIdle(env -> env.lastUsedMillis() <= cutoff);
    }

    /** Stops the idle environments of matching function versions; busy ones stop when their invocation ends. */
    public int retire(Predicate<FunctionSpec> which) {
        for (ExecutionEnvironment env : all) {
            if (which.test(env.spec())) {
                retired.add(env.spec());
            }
        }
        return stopIdle(env -> which.test(env.spec()));
    }

    private int stopIdle(Predicate<ExecutionEnvironment> which) {
        int stopped = 0;
        for (Slot slot : slots.values()) {
            synchronized (slot) {
                for (var it = slot.idle.iterator(); it.hasNext(); ) {
                    ExecutionEnvironment env = it.next();
                    if (which.test(env)) {
                        it.remove();
                        slot.environments--;
                        all.remove(env);
                        Thread.ofVirtual().name("lambda-stop").start(() -> {
                            env.close(true);
                            // what the runtime and extensions wrote while shutting down (SHUTDOWN handling)
                            List<LogEvent> last = env.takeLogs();
                            if (!last.isEmpty()) {
                                publish(env, last);
                            }
                        });
                        stopped++;
                    }
                }
            }
        }
        return stopped;
    }

    /** Environments alive now, busy or idle. */
    public int environmentCount() {
        return (int) all.stream().filter(ExecutionEnvironment::alive).count();
    }

    /** Stops every environment immediately; nothing outlives Stratus. */
    @Override
    public void close() {
        closed = true;
        List<Thread> stops = new ArrayList<>();
        for (ExecutionEnvironment env : List.copyOf(all)) {
            stops.add(Thread.ofVirtual().start(env::close));
        }
        for (Thread t : stops) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        all.clear();
        for (Slot slot : slots.values()) {
            synchronized (slot) {
                slot.idle.clear();
                slot.waiters.forEach(w -> w.completeExceptionally(
                        new IllegalStateException("Lambda execution is shutting down")));
                slot.waiters.clear();
            }
        }
    }
}
