package dev.stratus.lambda.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * One Lambda execution environment: a runtime process tree in a sandbox, its own Runtime API, and its log output.
 * It serves one invocation at a time; a timeout or crash ends it, as a reset does on AWS.
 */
public final class ExecutionEnvironment implements AutoCloseable {
    /** How long a stopping environment gets between SIGTERM and SIGKILL. */
    static final long SHUTDOWN_GRACE_MS = 2000;
    private static final RuntimeReply EXITED = RuntimeReply.platformError("Runtime.ExitError", "exited");

    private final FunctionSpec spec;
    private final String logStream;
    private final ExecutionSettings settings;
    private final InvocationChannel channel = new InvocationChannel();
    private final ExtensionsChannel extensions;
    private final RuntimeApiServer api;
    private final Path tmpDir;
    private final List<LogEvent> logs = new ArrayList<>();
    private final long startedNanos = System.nanoTime();
    private final Process process;
    private final ManagedRuntimes.Unavailable unavailable;
    private final MemoryLimits.Limit memoryLimit;
    private final List<OutputPump> pumps = new ArrayList<>();
    private volatile boolean closed;
    private volatile long lastUsedMillis;
    /** What a SHUTDOWN event tells extensions when this environment stops without {@code close(true)}. */
    private volatile String failureShutdownReason = "failure";
    private final PeakMemory peakMemory = new PeakMemory();
    private long[] tree;
    private long treeListedNanos;

    private ExecutionEnvironment(FunctionSpec spec, String logStream, ExecutionSettings settings) throws IOException {
        this.spec = spec;
        this.logStream = logStream;
        this.settings = settings;
        this.tmpDir = Files.createTempDirectory(Files.createDirectories(settings.workDir()), "env-");
        int extensionCount = ExternalExtensions.count(spec.optDir());
        this.extensions = new ExtensionsChannel(extensionCount);
        this.api = new RuntimeApiServer(channel, new ExtensionsApi(extensions, spec));
        SandboxDriver driver = settings.driver();
        SandboxDriver.Mounts probe = new SandboxDriver.Mounts(spec.codeDir(), settings.runtimeDir(), tmpDir, null,
                spec.optDir());
        SandboxDriver.Visible visible = driver.visible(probe);
        ManagedRuntimes.Resolution resolution = settings.runtimes().resolve(spec.runtime(), spec.codeDir(),
                visible.taskRoot(), visible.runtimeDir(), spec.optDir(), visible.opt());
        if (resolution instanceof ManagedRuntimes.Launch launch) {
            SandboxDriver.Mounts mounts = new SandboxDriver.Mounts(spec.codeDir(), settings.runtimeDir(), tmpDir,
                    launch.installRoot(), spec.optDir());
            List<String> argv = extensionCount == 0 ? launch.argv()
                    : ExternalExtensions.withExtensions(visible.opt(), launch.argv());
            this.memoryLimit = settings.memory().limit(tmpDir.getFileName().toString(), spec.runtime(),
                    spec.memoryMb());
            ProcessBuilder pb = new ProcessBuilder(driver.command(mounts, memoryLimit.prologue(), argv));
            pb.directory(spec.codeDir().toFile());
            pb.environment().clear();
            pb.environment().putAll(EnvironmentVariables.of(spec, settings, launch, visible, api.address(),
                    logStream));
            pb.redirectErrorStream(true);
            OutputFifo fifo = OutputFifo.create(settings.fifos());
            if (fifo != null) {
                pb.redirectOutput(fifo.path().toFile());
            }
            try {
                this.process = CompletableFuture.supplyAsync(() -> {
                    try {
                        return pb.start();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, settings.launcher()).join();
            } catch (RuntimeException e) {
                if (fifo != null) {
                    fifo.abandon();
                }
                api.close();
                memoryLimit.close();
                throw e;
            }
            this.unavailable = null;
            pump(fifo != null ? fifo.reader() : process.getInputStream());
            process.onExit().thenRun(() -> channel.close(EXITED));
        } else {
            this.process = null;
            this.memoryLimit = MemoryLimits.NONE;
            this.unavailable = (ManagedRuntimes.Unavailable) resolution;
        }
        this.lastUsedMillis = settings.clock().millis();
    }

    /** Starts the runtime; {@link #init()} then tells whether it came up. */
    public static ExecutionEnvironment start(FunctionSpec spec, String logStream, ExecutionSettings settings) {
        try {
            return new ExecutionEnvironment(spec, logStream, settings);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start an execution environment for " + spec.name(), e);
        }
    }

    private void pump(java.io.InputStream in) {
        OutputPump p = new OutputPump(in, this::log, settings.clock());
        pumps.add(p);
        // A platform thread: a blocking read on a pipe pins a virtual thread's carrier, and a few idle environments
        // would starve every other virtual thread (the Runtime API handlers included).
        Thread.ofPlatform().daemon().name("lambda-log-" + spec.name()).start(p);
    }

    /** Appends a platform or function line to this environment's pending log events. */
    public void log(LogEvent event) {
        synchronized (logs) {
            logs.add(event);
        }
    }

    /** Waits for the end of Init: the runtime's first poll, its init error, its exit, or the Init time limit. */
    public InitOutcome init() {
        if (unavailable != null) {
            return new InitOutcome.Failed(0, null, unavailable.errorType(), unavailable.message());
        }
        long limitNanos = settings.initTimeout().toNanos() - (System.nanoTime() - startedNanos);
        try {
            // Init ends when the runtime and every extension wait for their first event (or anything fails).
            CompletableFuture.anyOf(CompletableFuture.allOf(channel.ready(), extensions.initDone()),
                            channel.initFailure(), extensions.failure(), process.onExit())
                    .get(Math.max(0, limitNanos), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            close(false);
            return new InitOutcome.Failed(sinceStartMs(), null, "Sandbox.Timedout", String.format(Locale.ROOT,
                    "Task timed out after %.2f seconds", settings.initTimeout().toMillis() / 1000.0));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close(false);
            return new InitOutcome.Failed(sinceStartMs(), null, "Runtime.Unknown", "interrupted");
        } catch (ExecutionException e) {
            // not produced by these futures
        }
        double ms = sinceStartMs();
        if (channel.initFailure().isDone()) {
            close(false);
            return new InitOutcome.Failed(ms, channel.initFailure().join(), null, null);
        }
        if (extensions.failure().isDone()) {
            close(false);
            return new InitOutcome.Failed(ms, extensions.failure().join(), null, null);
        }
        if (channel.ready().isDone() && extensions.initDone().isDone()) {
            extensions.endInit();
            return new InitOutcome.Ready(ms);
        }
        return new InitOutcome.Failed(ms, null, exitErrorType(), exitReason());
    }

    /** Hands one event to the runtime and waits for its answer, a crash, or the timeout. */
    public RuntimeReply invoke(Invocation invocation, long timeoutMillis) {
        return invoke(invocation, timeoutMillis, null);
    }

    /**
     * As {@link #invoke(Invocation, long)}; a response the runtime streams goes to {@code sink} as it arrives (null:
     * it is buffered into the reply), and the reply then carries only its outcome.
     */
    public RuntimeReply invoke(Invocation invocation, long timeoutMillis, ResponseSink sink) {
        // Extensions get INVOKE with the runtime; the invocation ends when the runtime answered and each of them
        // asked for its next event.
        boolean withExtensions = extensions.any();
        CompletableFuture<Void> extensionsDone = withExtensions
                ? extensions.deliver("INVOKE", ExternalExtensions.invokeEvent(invocation)) : null;
        CompletableFuture<RuntimeReply> reply = channel.submit(invocation, sink);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        RuntimeReply r;
        try {
            if (!withExtensions) { // the warm path of most functions: nothing else to wait for
                r = reply.get(timeoutMillis, TimeUnit.MILLISECONDS);
            } else {
                r = awaitWithExtensions(reply, extensionsDone, deadline);
            }
            if (r == null) { // an extension failed: the environment is reset
                close(false);
                return extensions.failure().join();
            }
        } catch (TimeoutException e) {
            failureShutdownReason = "timeout";
            close(false);
            return RuntimeReply.platformError("Sandbox.Timedout", "RequestId: " + invocation.requestId()
                    + " Error: " + timeoutMessage(timeoutMillis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close(false);
            return RuntimeReply.platformError("Runtime.Unknown", "RequestId: " + invocation.requestId()
                    + " Error: interrupted");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        if (r == EXITED) {
            waitForExit();
            return RuntimeReply.platformError(exitErrorType(), "RequestId: " + invocation.requestId()
                    + " Error: " + exitReason());
        }
        return r;
    }

    /**
     * The runtime's reply once it answered and every extension registered for INVOKE asked for its next event;
     * null when an extension failed first.
     */
    private RuntimeReply awaitWithExtensions(CompletableFuture<RuntimeReply> reply,
                                             CompletableFuture<Void> extensionsDone, long deadline)
            throws InterruptedException, ExecutionException, TimeoutException {
        CompletableFuture.anyOf(reply, extensions.failure()).get(remaining(deadline), TimeUnit.NANOSECONDS);
        if (!reply.isDone()) {
            return null;
        }
        RuntimeReply r = reply.join();
        if (r != EXITED) {
            CompletableFuture.anyOf(extensionsDone, extensions.failure()).get(remaining(deadline),
                    TimeUnit.NANOSECONDS);
            if (!extensionsDone.isDone()) {
                return null;
            }
        }
        return r;
    }

    private static long remaining(long deadlineNanos) {
        return Math.max(0, deadlineNanos - System.nanoTime());
    }

    static String timeoutMessage(long timeoutMillis) {
        return String.format(Locale.ROOT, "Task timed out after %.2f seconds", timeoutMillis / 1000.0);
    }

    private void waitForExit() {
        try {
            process.waitFor(SHUTDOWN_GRACE_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the kernel killed the environment for going over its MemorySize. */
    public boolean outOfMemory() {
        return memoryLimit.outOfMemory();
    }

    /** Lambda's error type for a runtime that exited: {@code Runtime.OutOfMemory} when the memory limit killed it. */
    String exitErrorType() {
        return outOfMemory() ? "Runtime.OutOfMemory" : "Runtime.ExitError";
    }

    /** Lambda's wording for how the runtime process ended. */
    String exitReason() {
        if (process == null || process.isAlive()) {
            return "Runtime exited without providing a reason";
        }
        int status = process.exitValue();
        if (status == 0) {
            return "Runtime exited without providing a reason";
        }
        if (status > 128) {
            return "Runtime exited with error: signal: " + signalName(status - 128);
        }
        return "Runtime exited with error: exit status " + status;
    }

    private static String signalName(int signal) {
        return switch (signal) {
            case 1 -> "hangup";
            case 2 -> "interrupt";
            case 6 -> "aborted";
            case 9 -> "killed";
            case 11 -> "segmentation fault";
            case 15 -> "terminated";
            default -> "signal " + signal;
        };
    }

    /** Waits until the lines the function wrote so far are collected, then hands them over. */
    public List<LogEvent> takeLogs() {
        for (OutputPump p : pumps) {
            p.drain(50);
        }
        synchronized (logs) {
            List<LogEvent> out = List.copyOf(logs);
            logs.clear();
            return out;
        }
    }

    /**
     * The peak resident memory of the environment's processes, in MB, as REPORT's "Max Memory Used". Listing the
     * process tree reads a few /proc files per process, so it is looked up again at most once a second; the peaks
     * themselves are current ({@link PeakMemory} re-reads a process's only after it faulted pages in, and takes the
     * runtime's own from the report it sent with its response, when it sent one).
     */
    public long maxMemoryUsedMb() {
        if (process == null) {
            return 0;
        }
        long now = System.nanoTime();
        if (tree == null || now - treeListedNanos > 1_000_000_000L) {
            tree = ProcessTree.pids(process.toHandle());
            treeListedNanos = now;
        }
        PeakReport reported = channel.takePeakReport();
        return (peakMemory.peakKb(tree, settings.driver().wrappers(), reported) + 1023) / 1024;
    }

    public boolean alive() {
        return !closed && process != null && process.isAlive();
    }

    public FunctionSpec spec() {
        return spec;
    }

    public String logStream() {
        return logStream;
    }

    public long lastUsedMillis() {
        return lastUsedMillis;
    }

    public void touch() {
        lastUsedMillis = settings.clock().millis();
    }

    /** The Runtime API address ({@code host:port}) this environment's runtime talks to. */
    public String runtimeApi() {
        return api.address();
    }

    private double sinceStartMs() {
        return (System.nanoTime() - startedNanos) / 1_000_000.0;
    }

    /** Stops immediately (SIGKILL), as a reset after a timeout or crash does. */
    @Override
    public void close() {
        close(false);
    }

    /**
     * Stops the environment: with {@code graceful}, SIGTERM first and SIGKILL after {@link #SHUTDOWN_GRACE_MS}.
     * Every process of the tree is found before signalling, since orphans are no longer our descendants.
     */
    public void close(boolean graceful) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        shutDownExtensions(graceful ? "spindown" : failureShutdownReason);
        channel.close(EXITED);
        extensions.close();
        if (process != null) {
            List<ProcessHandle> tree = ProcessTree.handles(process.toHandle());
            if (graceful) {
                tree.forEach(ProcessHandle::destroy);
                try {
                    process.waitFor(SHUTDOWN_GRACE_MS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            tree.forEach(ProcessHandle::destroyForcibly);
            try {
                process.getOutputStream().close();
                process.waitFor(SHUTDOWN_GRACE_MS, TimeUnit.MILLISECONDS);
            } catch (IOException e) {
                // already closed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        api.close();
        memoryLimit.close();
        peakMemory.close();
        deleteTree(tmpDir);
    }

    /**
     * Sends SHUTDOWN to the extensions registered for it and gives them until its deadline (the same 2 s the runtime
     * gets after SIGTERM) to call {@code event/next} again; the process tree is signalled after that.
     */
    private void shutDownExtensions(String reason) {
        if (process == null || !extensions.anyRegisteredFor("SHUTDOWN")
                || (!process.isAlive() && ProcessTree.pids(process.toHandle()).length <= 1)) {
            return;
        }
        extensions.shutdown(reason, settings.clock().millis() + SHUTDOWN_GRACE_MS, SHUTDOWN_GRACE_MS);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: a leftover file in the work dir is harmless
                }
            });
        } catch (IOException e) {
            // already gone
        }
    }
}
