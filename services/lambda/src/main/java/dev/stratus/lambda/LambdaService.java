package dev.stratus.lambda;

import dev.stratus.lambda.esm.EventSourceMappings;
import dev.stratus.lambda.runtime.CodeCache;
import dev.stratus.lambda.runtime.EnvironmentPool;
import dev.stratus.lambda.runtime.ExecutionSettings;
import dev.stratus.lambda.runtime.FunctionSpec;
import dev.stratus.lambda.runtime.Interpreters;
import dev.stratus.lambda.runtime.ManagedRuntimes;
import dev.stratus.lambda.runtime.MemoryLimits;
import dev.stratus.lambda.runtime.OptDirectories;
import dev.stratus.lambda.runtime.RuntimeFiles;
import dev.stratus.lambda.runtime.SandboxDriver;
import dev.stratus.lambda.runtime.SandboxDrivers;
import dev.stratus.platform.HttpFrontDoor;
import dev.stratus.platform.Operation;
import dev.stratus.platform.Platform;
import dev.stratus.platform.Service;
import dev.stratus.platform.StratusConfig;
import dev.stratus.protocol.HttpResponse;
import dev.stratus.protocol.model.ServiceModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** AWS Lambda: functions, versions, aliases, and their execution. */
public final class LambdaService implements Service {
    /** Threads that start environments' processes (see the constructor). */
    static final int LAUNCHER_THREADS = 4;
    private final ServiceModel model = ServiceModel.load("lambda");
    private final Platform platform;
    private final Path baseDir;
    private final boolean temporary;
    private final CompletableFuture<SandboxDriver> driver;
    private final CompletableFuture<MemoryLimits> memoryLimits;
    private final ExecutorService launcher;
    private final ScheduledExecutorService reaper;
    private final ExecutorService async = Executors.newVirtualThreadPerTaskExecutor();
    private final Interpreters interpreters = new Interpreters();
    private final Duration keepWarm;
    private final Object poolLock = new Object();
    private volatile EnvironmentPool pool;
    private final AsyncLogSink logShipper;
    private final TagOperations tags;
    private final VersionOperations versions;
    private final AliasOperations aliases;
    private final PermissionOperations permissions;
    private final ConcurrencyOperations reservations;
    private final AccountSettingsOperation accountSettings;
    private final CodeCache code;
    private final FunctionOperations functions;
    private final InvokeOperation invoke;
    private final FunctionCredentials credentials;
    private final EventInvokeConfigOperations eventInvokeConfigs;
    private final DeadLetterConfigs deadLetters;
    private final AsyncInvocations asyncInvocations;
    private final FunctionMetrics metrics;
    private final LayerOperations layers;
    private final LayerPermissionOperations layerPermissions;
    private final CodeLocations codeLocations;
    private final OptDirectories optDirs;
    private final EventSourceMappings eventSources;
    private final FunctionUrlOperations functionUrls;
    private final FunctionUrlFrontDoor functionUrlDoor;
    private volatile String edgeEndpoint;
    /** The spec last made for each function version, and the record (the same instance) it was made from. */
    private record SpecOf(FunctionRecord record, FunctionSpec spec) {
    }

    private final Map<String, SpecOf> specs = new ConcurrentHashMap<>();

    public LambdaService(Platform platform) {
        this(platform, ExecutionSettings.DEFAULT_KEEP_WARM);
    }

    /** A Lambda service whose idle execution environments are stopped after {@code keepWarm}. */
    public LambdaService(Platform platform, Duration keepWarm) {
        this(platform, keepWarm, InvokeOperation.ACCOUNT_CONCURRENCY);
    }

    LambdaService(Platform platform, Duration keepWarm, int concurrency) {
        this.platform = platform;
        var config = platform.config();
        this.temporary = config.inMemory() || config.dataDir() == null;
        try {
            this.baseDir = temporary ? Files.createTempDirectory("stratus-lambda-")
                    : Files.createDirectories(config.dataDir().resolve("lambda"));
            deleteTree(baseDir.resolve("work")); // leftovers of environments from a previous run
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the Lambda directories", e);
        }
        this.edgeEndpoint = "http://127.0.0.1:" + config.port();
        // Trying bubblewrap takes a process start: done in the background so it never delays start-up.
        this.driver = CompletableFuture.supplyAsync(SandboxDrivers::detect, r -> Thread.ofVirtual().start(r));
        this.keepWarm = keepWarm;
        this.memoryLimits = CompletableFuture.supplyAsync(MemoryLimits::detect, r -> Thread.ofVirtual().start(r));
        // Processes are started from these few long-lived platform threads: bubblewrap's --die-with-parent follows
        // the thread that forked it, and a pooled carrier thread may retire while the environment lives on. More than
        // one, since a start blocks until the child has exec'd (and opened its output pipe): one thread serialized
        // the starts of a burst of cold starts.
        this.launcher = Executors.newFixedThreadPool(LAUNCHER_THREADS, r -> Thread.ofPlatform().daemon()
                .name("lambda-launcher")
                .unstarted(r));
        this.reaper = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
                .name("lambda-reaper").unstarted(r));
        this.credentials = new FunctionCredentials(platform.credentials());
        this.logShipper = new AsyncLogSink(new CloudWatchLogSink(platform.registry()));
        RuntimeFiles.unpack(baseDir.resolve("runtimes"));
        this.code = new CodeCache(baseDir.resolve("code"));
        FunctionStore store = new FunctionStore(platform.storage());
        LayerStore layerStore = new LayerStore(platform.storage());
        this.codeLocations = new CodeLocations(code, platform.clock(), () -> edgeEndpoint);
        PackageSource packages = new PackageSource(platform.registry());
        this.layers = new LayerOperations(layerStore, code, packages, codeLocations, platform.clock());
        this.layerPermissions = new LayerPermissionOperations(layerStore, layers);
        this.optDirs = new OptDirectories(baseDir.resolve("opt"));
        ConcurrencyOperations reservations = new ConcurrencyOperations(store, concurrency);
        this.reservations = reservations;
        PermissionOperations permissions = new PermissionOperations(platform.storage(), store);
        this.permissions = permissions;
        this.functions = new FunctionOperations(store, code, platform.clock(),
                f -> {
                    reservations.changed(f.accountId(), f.region());
                    if (store.get(f.accountId(), f.region(), f.name()).isEmpty()) {
                        permissions.functionDeleted(f);
                    }
                    EnvironmentPool p = pool;
                    if (p != null) {
                        p.retire(spec -> spec.arn().equals(f.arn()));
                    }
                }, new FunctionLayers(layerStore, code), codeLocations, packages);
        this.metrics = new FunctionMetrics(platform.registry(), platform.clock());
        this.invoke = new InvokeOperation(functions, this::pool, this::spec, this::asyncInvocations, reservations,
                metrics);
        this.eventInvokeConfigs = new EventInvokeConfigOperations(platform.storage(), store, platform.clock());
        this.deadLetters = new DeadLetterConfigs(platform.storage());
        this.asyncInvocations = new AsyncInvocations(platform.storage(), platform.clock(), asyncRetryDelay(),
                invoke::runQueued, eventInvokeConfigs, deadLetters, new Destinations(platform.registry()), async);
        this.tags = new TagOperations(store);
        this.versions = new VersionOperations(store, functions, platform.clock());
        this.aliases = new AliasOperations(store, functions);
        this.accountSettings = new AccountSettingsOperation(store, concurrency, reservations);
        this.eventSources = new EventSourceMappings(platform);
        this.functionUrls = new FunctionUrlOperations(platform.storage(), store, platform.clock(), () -> edgeEndpoint);
        this.functionUrlDoor = new FunctionUrlFrontDoor(functionUrls, invoke::invoke, platform.credentials(),
                config.auth(), platform.clock());
    }

    @Override
    public String name() {
        return "lambda";
    }

    @Override
    public ServiceModel model() {
        return model;
    }

    @Override
    public Map<String, Operation> operations() {
        Map<String, Operation> ops = new LinkedHashMap<>();
        ops.put("CreateFunction", functions::createFunction);
        ops.put("GetFunction", functions::getFunction);
        ops.put("GetFunctionConfiguration", functions::getFunctionConfiguration);
        ops.put("ListFunctions", functions::listFunctions);
        ops.put("UpdateFunctionCode", functions::updateFunctionCode);
        ops.put("UpdateFunctionConfiguration", functions::updateFunctionConfiguration);
        ops.put("DeleteFunction", functions::deleteFunction);
        if (platform.config().auth() == StratusConfig.AuthMode.STRICT) {
            // strict mode authorizes invocations by the caller's identity policies and the function's policy
            InvokeAccess access = new InvokeAccess(functions, permissions, platform.credentials(), platform.clock());
            ops.put("Invoke", access.guard(invoke::invoke));
            ops.put("InvokeWithResponseStream", access.guard(invoke::invokeWithResponseStream));
        } else {
            ops.put("Invoke", invoke::invoke);
            ops.put("InvokeWithResponseStream", invoke::invokeWithResponseStream);
        }
        ops.put("PublishVersion", versions::publishVersion);
        ops.put("ListVersionsByFunction", versions::listVersionsByFunction);
        ops.put("CreateAlias", aliases::createAlias);
        ops.put("GetAlias", aliases::getAlias);
        ops.put("ListAliases", aliases::listAliases);
        ops.put("UpdateAlias", aliases::updateAlias);
        ops.put("DeleteAlias", aliases::deleteAlias);
        ops.put("AddPermission", permissions::addPermission);
        ops.put("RemovePermission", permissions::removePermission);
        ops.put("GetPolicy", permissions::getPolicy);
        ops.put("TagResource", tags::tagResource);
        ops.put("UntagResource", tags::untagResource);
        ops.put("ListTags", tags::listTags);
        ops.put("GetAccountSettings", accountSettings::getAccountSettings);
        ops.put("PublishLayerVersion", layers::publishLayerVersion);
        ops.put("GetLayerVersion", layers::getLayerVersion);
        ops.put("GetLayerVersionByArn", layers::getLayerVersionByArn);
        ops.put("ListLayers", layers::listLayers);
        ops.put("ListLayerVersions", layers::listLayerVersions);
        ops.put("DeleteLayerVersion", layers::deleteLayerVersion);
        ops.put("AddLayerVersionPermission", layerPermissions::addLayerVersionPermission);
        ops.put("RemoveLayerVersionPermission", layerPermissions::removeLayerVersionPermission);
        ops.put("GetLayerVersionPolicy", layerPermissions::getLayerVersionPolicy);
        ops.put("PutFunctionConcurrency", reservations::putFunctionConcurrency);
        ops.put("GetFunctionConcurrency", reservations::getFunctionConcurrency);
        ops.put("DeleteFunctionConcurrency", reservations::deleteFunctionConcurrency);
        ops.put("CreateEventSourceMapping", eventSources::createEventSourceMapping);
        ops.put("GetEventSourceMapping", eventSources::getEventSourceMapping);
        ops.put("ListEventSourceMappings", eventSources::listEventSourceMappings);
        ops.put("UpdateEventSourceMapping", eventSources::updateEventSourceMapping);
        ops.put("DeleteEventSourceMapping", eventSources::deleteEventSourceMapping);
        eventInvokeConfigs.register(ops);
        functionUrls.register(ops);
        deadLetters.decorate(ops);
        return ops;
    }

    /** Downloads of deployment packages and layer archives (presigned-style URLs from GetFunction and GetLayerVersion). */
    @Override
    public HttpResponse resource(String method, String path) {
        return codeLocations.serve(method, path);
    }

    /** Function URL invocations ({@code <url-id>.lambda-url.<region>.localhost} or {@code /_aws/lambda-url/<url-id>/}). */
    @Override
    public HttpFrontDoor frontDoor() {
        return functionUrlDoor;
    }

    /** Where functions reach Stratus ({@code AWS_ENDPOINT_URL}); the server sets it once the edge port is bound. */
    @Override
    public void edgeStarted(String endpoint) {
        edgeEndpoint(endpoint);
        asyncInvocations.start();
    }

    @Override
    public Map<String, Object> healthDetails() {
        return Map.of("executionDriver", executionDriver(), "environments", environmentCount(),
                "memoryEnforcement", memoryLimits.join().name());
    }

    public void edgeEndpoint(String url) {
        this.edgeEndpoint = url;
    }

    /** The sandbox driver in use ({@code bubblewrap} or {@code process}), for the health endpoint. */
    public String executionDriver() {
        return driver.join().name();
    }

    /** Execution environments alive now. */
    public int environmentCount() {
        EnvironmentPool p = pool;
        return p == null ? 0 : p.environmentCount();
    }

    /** The environment pool, made on first use (once the sandbox driver is known). */
    private EnvironmentPool pool() {
        EnvironmentPool p = pool;
        if (p != null) {
            return p;
        }
        synchronized (poolLock) {
            if (pool == null) {
                ExecutionSettings settings = new ExecutionSettings(driver.join(),
                        new ManagedRuntimes(interpreters, baseDir.resolve("runtimes")),
                        baseDir.resolve("runtimes"), baseDir.resolve("work"), platform.clock(), launcher,
                        this::platformEnvironment, ExecutionSettings.INIT_TIMEOUT, keepWarm, memoryLimits.join());
                pool = new EnvironmentPool(settings, logShipper);
            }
            return pool;
        }
    }

    /** Writes the AWS/Lambda metrics counted so far to CloudWatch now (the background flush runs every 5 s). */
    public void flushMetrics() {
        metrics.flush();
    }

    private AsyncInvocations asyncInvocations() {
        return asyncInvocations;
    }

    /** AWS's first retry delay for asynchronous events, or {@code -Dstratus.lambda.asyncRetryDelay=PT1S} (ISO-8601). */
    private static Duration asyncRetryDelay() {
        String configured = System.getProperty("stratus.lambda.asyncRetryDelay");
        return configured == null ? AsyncInvocations.DEFAULT_RETRY_DELAY : Duration.parse(configured);
    }

    /** The spec of a function version's record, made once per record that FunctionStore decoded. */
    private FunctionSpec spec(FunctionRecord f) {
        String key = f.accountId() + "/" + f.region() + "/" + f.name() + ":" + f.version();
        SpecOf cached = specs.get(key);
        if (cached != null && cached.record() == f) {
            return cached.spec();
        }
        FunctionSpec spec = newSpec(f);
        specs.put(key, new SpecOf(f, spec));
        return spec;
    }

    private FunctionSpec newSpec(FunctionRecord f) {
        return new FunctionSpec(f.accountId(), f.region(), f.name(), f.version(), f.arn(), f.runtime(), f.handler(),
                f.memorySize(), f.timeout(), f.environment(), code.dirFor(f.codeSha256()), f.codeSha256(),
                optDirs.merge(f.layers().stream().map(l -> code.dirFor(l.codeSha256())).toList()));
    }

    private Map<String, String> platformEnvironment(FunctionSpec spec) {
        Map<String, String> env = new LinkedHashMap<>(credentials.forFunction(spec, roleOf(spec)));
        env.put("AWS_ENDPOINT_URL", edgeEndpoint);
        return env;
    }

    private String roleOf(FunctionSpec spec) {
        return functions.roleOf(spec.accountId(), spec.region(), spec.name());
    }

    @Override
    public void start() {
        Thread.ofVirtual().name("lambda-interpreters").start(interpreters::warmUp);
        metrics.start();
        if (platform.config().port() != 0) { // else queued events wait for edgeStarted: functions need the real port
            asyncInvocations.start();
        }
        reaper.scheduleWithFixedDelay(() -> {
            EnvironmentPool p = pool;
            if (p != null) {
                p.reapIdle();
            }
        }, 1, 1, TimeUnit.SECONDS);
        eventSources.start();
    }

    @Override
    public void close() {
        eventSources.close(); // pollers first: they invoke through the pool closed below
        asyncInvocations.close();
        metrics.close();
        reaper.shutdownNow();
        async.shutdownNow();
        synchronized (poolLock) {
            if (pool != null) {
                pool.close();
            }
        }
        logShipper.close();
        launcher.shutdownNow();
        memoryLimits.join().close();
        if (temporary) {
            deleteTree(baseDir);
        }
    }

    Platform platform() {
        return platform;
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.forEach(p -> p.toFile().setWritable(true)); // unpacked code is read-only
        } catch (IOException e) {
            // best effort
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}
