package dev.stratus.lambda.runtime;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
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
    private final Map<FunctionSpec, Deque<ExecutionEnvironment>> idle = new ConcurrentHashMap<>();
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

    /** Runs one synchronous invocation of {@code spec}. */
    public InvokeResult invoke(FunctionSpec spec, String requestId, byte[] payload, String clientContext) {
        if (closed) {
            throw new IllegalStateException("Lambda execution is shutting down");
        }
        retired.remove(spec);
        ExecutionEnvironment env = takeIdle(spec);
        Double initMs = null;
        if (env == null) {
            env = ExecutionEnvironment.start(spec, PlatformLogLines.streamName(now(), spec.version()), settings);
            all.add(env);
            InitOutcome init = env.init();
            initMs = init.durationMs();
            if (init instanceof InitOutcome.Failed failed) {
                return initFailed(env, spec, requestId, failed);
            }
        }
        env.log(event(PlatformLogLines.start(requestId, spec.version())));
        long timeoutMillis = spec.timeoutSeconds() * 1000L;
        long started = System.nanoTime();
        Invocation invocation = new Invocation(requestId, payload, settings.clock().millis() + timeoutMillis,
                spec.invokedArn(), PlatformLogLines.traceId(now()), clientContext, null);
        RuntimeReply reply = env.invoke(invocation, timeoutMillis);
        double durationMs = (System.nanoTime() - started) / 1_000_000.0;
        long memory = Math.max(1, env.maxMemoryUsedMb());
        List<LogEvent> events = new ArrayList<>(env.takeLogs());
        if ("Sandbox.Timedout".equals(reply.errorType())) {
            events.add(event(PlatformLogLines.timedOut(now(), requestId, timeoutMillis)));
        } else if (!env.alive() && "Runtime.ExitError".equals(reply.errorType())) {
            events.add(event(PlatformLogLines.platformError("RequestId: " + requestId + " Error: "
                    + env.exitReason(), "Runtime.ExitError")));
        }
        events.add(event(PlatformLogLines.end(requestId)));
        events.add(event(PlatformLogLines.report(requestId, durationMs, spec.memoryMb(), memory, initMs)));
        publish(env, events);
        release(env);
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

    private ExecutionEnvironment takeIdle(FunctionSpec spec) {
        Deque<ExecutionEnvironment> q = idle.get(spec);
        if (q == null) {
            return null;
        }
        ExecutionEnvironment env;
        while ((env = q.pollFirst()) != null) {
            if (env.alive()) {
                return env;
            }
            all.remove(env);
            env.close();
        }
        return null;
    }

    private void release(ExecutionEnvironment env) {
        if (!env.alive() || closed || retired.contains(env.spec())) {
            all.remove(env);
            env.close();
            return;
        }
        env.touch();
        // Most recently used first: the oldest idle environments are the ones left to expire.
        idle.computeIfAbsent(env.spec(), k -> new ConcurrentLinkedDeque<>()).addFirst(env);
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
        for (Deque<ExecutionEnvironment> q : idle.values()) {
            for (ExecutionEnvironment env : q) {
                if (which.test(env) && q.remove(env)) {
                    all.remove(env);
                    Thread.ofVirtual().name("lambda-stop").start(() -> env.close(true));
                    stopped++;
                }
            }
        }
        idle.values().removeIf(Deque::isEmpty);
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
        idle.clear();
    }
}
