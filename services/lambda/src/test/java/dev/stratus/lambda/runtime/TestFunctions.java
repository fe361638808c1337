package dev.stratus.lambda.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/** Builds deployment packages and execution settings for the execution-side tests. */
final class TestFunctions {
    private TestFunctions() {
    }

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now = Instant.now();

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    /** Log events a test can read, by stream. */
    static final class CapturedLogs implements LogSink {
        final List<String> streams = Collections.synchronizedList(new ArrayList<>());
        final List<LogEvent> events = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void publish(String accountId, String region, String group, String stream, List<LogEvent> batch) {
            streams.add(group + " " + stream);
            events.addAll(batch);
        }

        String text() {
            StringBuilder b = new StringBuilder();
            synchronized (events) {
                events.forEach(e -> b.append(e.message()));
            }
            return b.toString();
        }
    }

    /** A zip with the given files; names ending in {@code !} are stored executable (the ! is dropped). */
    static byte[] zip(Path scratch, Map<String, String> files) {
        try {
            Path zip = Files.createTempFile(scratch, "code-", ".zip");
            Files.delete(zip);
            try (FileSystem fs = FileSystems.newFileSystem(URI.create("jar:" + zip.toUri()),
                    Map.of("create", "true", "enablePosixFileAttributes", "true"))) {
                for (var e : files.entrySet()) {
                    boolean exec = e.getKey().endsWith("!");
                    String name = exec ? e.getKey().substring(0, e.getKey().length() - 1) : e.getKey();
                    Path p = fs.getPath("/" + name);
                    if (p.getParent() != null) {
                        Files.createDirectories(p.getParent());
                    }
                    Files.writeString(p, e.getValue());
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(exec ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
            return Files.readAllBytes(zip);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ExecutionSettings settings(Path scratch, SandboxDriver driver, Clock clock, Duration initTimeout) {
        Path runtimeDir = RuntimeFiles.unpack(scratch.resolve("runtimes"));
        return new ExecutionSettings(driver, new ManagedRuntimes(new Interpreters()), runtimeDir,
                scratch.resolve("work"), clock, Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "lambda-launcher");
                    t.setDaemon(true);
                    return t;
                }), spec -> Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:4566", "AWS_ACCESS_KEY_ID", "AKIDTEST",
                        "AWS_SECRET_ACCESS_KEY", "secret"), initTimeout, Duration.ofMinutes(10));
    }

    static FunctionSpec spec(CodeCache.Code code, String name, String runtime, String handler, int timeoutSeconds,
                             Map<String, String> env) {
        return new FunctionSpec("000000000000", "us-east-1", name, "$LATEST",
                "arn:aws:lambda:us-east-1:000000000000:function:" + name, runtime, handler, 128, timeoutSeconds, env,
                code.dir(), code.sha256());
    }
}
