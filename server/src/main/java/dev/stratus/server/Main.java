package dev.stratus.server;

import dev.stratus.platform.StratusConfig;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code stratus} command line. */
@Command(name = "stratus", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "A self-hosted, AWS-compatible serverless platform.",
        subcommands = {Main.Start.class})
public final class Main implements Callable<Integer> {

    public static void main(String[] args) {
        Start start = StartArgs.parse(args, System.getenv());
        System.exit(start != null ? start.call() : new CommandLine(new Main()).execute(args));
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 0;
    }

    /** Prints the version. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"stratus " + dev.stratus.platform.Version.get()};
        }
    }

    /** {@code stratus start}: serve every service on one port until interrupted. */
    @Command(name = "start", description = "Serve every service on one port until Ctrl-C or SIGTERM.")
    static final class Start implements Callable<Integer> {
        @Option(names = "--port", defaultValue = "${env:STRATUS_PORT:-4566}", description = "Port (default ${DEFAULT-VALUE}).")
        int port;

        @Option(names = "--host", defaultValue = "${env:STRATUS_HOST:-127.0.0.1}", description = "Address to bind (default ${DEFAULT-VALUE}).")
        String host;

        @Option(names = "--data-dir", defaultValue = "${env:STRATUS_DATA_DIR:-./.stratus/data}", description = "Where state is kept (default ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(names = "--in-memory", defaultValue = "${env:STRATUS_IN_MEMORY:-false}", description = "Keep all state in memory; nothing survives a restart.")
        boolean inMemory;

        @Option(names = "--auth", defaultValue = "${env:STRATUS_AUTH:-dev}", description = "dev (any key) or strict (verify SigV4).")
        String auth;

        @Option(names = "--credentials", defaultValue = "${env:STRATUS_CREDENTIALS}", description = "AWS shared-credentials file with the keys strict mode accepts.")
        Path credentials;

        @Option(names = "--sync", defaultValue = "${env:STRATUS_SYNC:-false}", description = "fsync every write (survives power loss, slower).")
        boolean sync;

        @Option(names = "--quiet", defaultValue = "${env:STRATUS_QUIET:-false}", description = "Do not log each request.")
        boolean quiet;

        @Override
        public Integer call() {
            PrintStream err = System.err;
            StratusConfig.AuthMode mode;
            try {
                mode = StratusConfig.AuthMode.valueOf(auth.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                err.println("stratus: --auth must be dev or strict, not " + auth);
                return 2;
            }
            if (mode == StratusConfig.AuthMode.STRICT && credentials == null) {
                err.println("stratus: --auth strict needs --credentials FILE (an AWS shared-credentials file)");
                return 2;
            }
            Logging.configure(!quiet);
            StratusConfig config = new StratusConfig(host, port, dataDir.toAbsolutePath().normalize(), inMemory, mode,
                    credentials, sync, !quiet);
            long t0 = System.nanoTime();
            StratusApp app;
            try {
                app = StratusApp.start(config);
            } catch (RuntimeException e) {
                err.println("stratus: cannot start: " + reason(e, config));
                return 1;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                app.close();
                stopped.countDown();
            }, "stratus-shutdown"));
            String endpoint = app.endpoint();
            PrintStream out = System.out;
            out.printf("Stratus %s listening on %s (%s storage%s, %s auth) in %d ms%n",
                    dev.stratus.platform.Version.get(), endpoint, inMemory ? "in-memory" : "durable",
                    inMemory ? "" : " at " + config.dataDir(), mode.name().toLowerCase(Locale.ROOT),
                    (System.nanoTime() - t0) / 1_000_000);
            out.println();
            out.println("export AWS_ENDPOINT_URL=" + endpoint);
            out.println("export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test");
            out.println("export AWS_DEFAULT_REGION=us-east-1");
            out.flush();
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        }

        private static String reason(Throwable e, StratusConfig config) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof BindException) {
                    return "port " + config.port() + " on " + config.host() + " is not available (" + t.getMessage() + ")";
                }
            }
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            return root != e && root.getMessage() != null ? msg + ": " + root.getMessage() : msg;
        }
    }
}
