package dev.stratus.e2e;

import dev.stratus.platform.StratusConfig;
import dev.stratus.server.StratusApp;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * One in-process Stratus per test class (in memory, ephemeral port) and SDK clients pointed at it.
 *
 * <pre>{@code
 * static final StratusServer stratus = StratusServer.start();
 * IamClient iam = stratus.client(IamClient.builder());
 * }</pre>
 */
public final class StratusServer implements AutoCloseable {
    private final StratusApp app;

    private StratusServer(StratusApp app) {
        this.app = app;
    }

    public static StratusServer start() {
        return start(StratusConfig.forTests());
    }

    public static StratusServer start(StratusConfig config) {
        return new StratusServer(StratusApp.start(config));
    }

    /** A server whose services read time from {@code clock} (e.g. a MutableClock). */
    public static StratusServer start(java.time.Clock clock) {
        return new StratusServer(StratusApp.start(StratusConfig.forTests(), clock));
    }

    /** A server with {@code config} (e.g. a data directory) whose services read time from {@code clock}. */
    public static StratusServer start(StratusConfig config, java.time.Clock clock) {
        return new StratusServer(StratusApp.start(config, clock));
    }

    public URI endpoint() {
        return URI.create(app.endpoint());
    }

    public StratusApp app() {
        return app;
    }

    /** Builds an SDK client for this server with test credentials in us-east-1. */
    public <C, B extends AwsClientBuilder<B, C>> C client(B builder) {
        return client(builder, "test", "test");
    }

    public <C, B extends AwsClientBuilder<B, C>> C client(B builder, String accessKey, String secretKey) {
        B b = builder.endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)));
        if (b instanceof software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<?, ?> sync) {
            sync.httpClientBuilder(UrlConnectionHttpClient.builder());
        }
        return b.build();
    }

    @Override
    public void close() {
        app.close();
    }
}
