package dev.stratus.server;

import dev.stratus.apigateway.ApiGatewayService;
import dev.stratus.apigateway.ApiGatewayV2Service;
import dev.stratus.dynamodb.DynamoDbService;
import dev.stratus.dynamodb.DynamoDbStreamsService;
import dev.stratus.cloudwatch.CloudWatchService;
import dev.stratus.iam.IamService;
import dev.stratus.lambda.LambdaService;
import dev.stratus.s3.S3Service;
import dev.stratus.sns.SnsService;
import dev.stratus.sqs.SqsService;
import dev.stratus.logs.LogsService;
import dev.stratus.platform.OperationRegistry;
import dev.stratus.platform.Platform;
import dev.stratus.platform.Service;
import dev.stratus.platform.StratusConfig;
import dev.stratus.platform.auth.Authenticator;
import dev.stratus.platform.auth.CredentialResolver;
import dev.stratus.platform.edge.EdgeHandler;
import dev.stratus.platform.edge.EdgeServer;
import dev.stratus.protocol.model.ServiceModel;
import dev.stratus.storage.Storage;
import dev.stratus.storage.Storages;
import dev.stratus.sts.StsService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One running Stratus: storage, every service, and the edge, wired by hand. */
public final class StratusApp implements AutoCloseable {
    private final StratusConfig config;
    private final Storage storage;
    private final OperationRegistry registry;
    private final EdgeServer edge;

    private StratusApp(StratusConfig config, Storage storage, OperationRegistry registry, EdgeServer edge) {
        this.config = config;
        this.storage = storage;
        this.registry = registry;
        this.edge = edge;
    }

    /** The service models every start needs; parsing them overlaps with opening storage. */
    private static final List<String> MODELS = List.of("sts", "iam", "logs", "dynamodb", "dynamodbstreams", "lambda", "s3", "sqs", "sns", "apigateway");

    /**
     * Opens storage, registers every service, starts background work and binds the port. The HTTP server and the
     * model parsing start on their own threads while storage opens; requests wait until the services are ready.
     */
    public static StratusApp start(StratusConfig config) {
        return start(config, Clock.systemUTC());
    }

    /** Starts with the given clock (tests move a MutableClock to expire visibility timeouts, TTLs, ...). */
    public static StratusApp start(StratusConfig config, Clock clock) {
        Map<String, CredentialResolver.Credential> configured = config.credentialsFile() == null
                ? Map.of() : CredentialsFile.read(config.credentialsFile());
        if (!config.inMemory()) {
            try {
                Files.createDirectories(config.dataDir());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create data dir " + config.dataDir(), e);
            }
            if (!Files.isWritable(config.dataDir())) {
                throw new IllegalStateException("data dir is not writable: " + config.dataDir());
            }
        }
        CompletableFuture<EdgeHandler> ready = new CompletableFuture<>();
        CompletableFuture<EdgeServer> edge = CompletableFuture.supplyAsync(
                () -> EdgeServer.start(config.host(), config.port(), () -> ready.join()), StratusApp::thread);
        MODELS.forEach(m -> Thread.ofVirtual().start(() -> ServiceModel.load(m)));
        Storage storage = null;
        try {
            storage = Storages.open(config.dataDir() == null ? null : config.dataDir().resolve("db"),
                    config.inMemory(), config.syncWrites());
            OperationRegistry registry = new OperationRegistry();
            CredentialResolver credentials = new CredentialResolver(configured);
            Platform platform = new Platform(config, storage, clock, registry, credentials);
            registry.register(new StsService(platform));
            registry.register(new IamService(platform));
            registry.register(new LogsService(platform));
            registry.register(new CloudWatchService(platform));
            registry.register(new DynamoDbService(platform));
            registry.register(new DynamoDbStreamsService(platform));
            registry.register(new LambdaService(platform));
            registry.register(new S3Service(platform));
            registry.register(new SqsService(platform));
            registry.register(new SnsService(platform));
            ApiGatewayService restApis = new ApiGatewayService(platform);
            registry.register(restApis);
            registry.register(new ApiGatewayV2Service(platform, restApis));
            registry.services().forEach(Service::start);
            Authenticator auth = new Authenticator(config.auth(), credentials);
            Storage opened = storage;
            ready.complete(new EdgeHandler(registry, auth, platform.clock(), config.logRequests(),
                    () -> health(config, opened, registry)));
            StratusApp app = new StratusApp(config, storage, registry, edge.join());
            registry.services().forEach(svc -> svc.edgeStarted(app.endpoint()));
            return app;
        } catch (RuntimeException e) {
            ready.completeExceptionally(e);
            edge.handle((server, failure) -> {
                if (server != null) {
                    server.close();
                }
                return null;
            }).join();
            if (storage != null) {
                storage.close();
            }
            throw e instanceof CompletionException c && c.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private static void thread(Runnable r) {
        Thread.ofPlatform().name("stratus-edge-start").start(r);
    }

    private static Map<String, Object> health(StratusConfig config, Storage storage, OperationRegistry registry) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("storage", storage.engine());
        extra.put("auth", config.auth().name().toLowerCase());
        Map<String, Object> details = new LinkedHashMap<>();
        for (Service s : registry.services()) {
            if (!s.healthDetails().isEmpty()) {
                details.put(s.name(), s.healthDetails());
            }
        }
        extra.put("details", details);
        return extra;
    }

    public int port() {
        return edge.port();
    }

    public String endpoint() {
        return "http://" + config.host() + ":" + port();
    }

    public OperationRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        edge.close();
        for (Service s : registry.services()) {
            try {
                s.close();
            } catch (RuntimeException e) {
                // keep closing the others
            }
        }
        storage.close();
    }
}
