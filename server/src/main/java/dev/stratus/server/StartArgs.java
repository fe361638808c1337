package dev.stratus.server;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the arguments of a plain {@code stratus start} without picocli. Picocli is compiled for Java 5, so the JVM's
 * class-data and AOT caches cannot hold it: loading, verifying and running it costs ~0.3 s of each start. Anything
 * this reader does not fully understand (help, a typo, a malformed value) goes to picocli, which answers as before.
 */
final class StartArgs {
    private StartArgs() {
    }

    /** The {@code start} command filled from {@code args} and the environment, or null to let picocli decide. */
    static Main.Start parse(String[] args, Map<String, String> env) {
        if (args.length == 0 || !args[0].equals("start")) {
            return null;
        }
        Main.Start s = new Main.Start();
        try {
            s.port = Integer.parseInt(env.getOrDefault("STRATUS_PORT", "4566"));
            s.host = env.getOrDefault("STRATUS_HOST", "127.0.0.1");
            s.dataDir = Path.of(env.getOrDefault("STRATUS_DATA_DIR", "./.stratus/data"));
            s.inMemory = bool(env.getOrDefault("STRATUS_IN_MEMORY", "false"));
            s.auth = env.getOrDefault("STRATUS_AUTH", "dev");
            String credentials = env.get("STRATUS_CREDENTIALS");
            s.credentials = credentials == null ? null : Path.of(credentials);
            s.sync = bool(env.getOrDefault("STRATUS_SYNC", "false"));
            s.quiet = bool(env.getOrDefault("STRATUS_QUIET", "false"));
            for (int i = 1; i < args.length; i++) {
                switch (args[i]) {
                    case "--in-memory" -> s.inMemory = true;
                    case "--sync" -> s.sync = true;
                    case "--quiet" -> s.quiet = true;
                    case "--port", "--host", "--data-dir", "--auth", "--credentials" -> {
                        if (i + 1 >= args.length || args[i + 1].startsWith("-")) {
                            return null;
                        }
                        String value = args[++i];
                        switch (args[i - 1]) {
                            case "--port" -> s.port = Integer.parseInt(value);
                            case "--host" -> s.host = value;
                            case "--data-dir" -> s.dataDir = Path.of(value);
                            case "--auth" -> s.auth = value;
                            default -> s.credentials = Path.of(value);
                        }
                    }
                    default -> {
                        return null;
                    }
                }
            }
        } catch (RuntimeException e) { // a bad number or path: picocli words the error
            return null;
        }
        return s;
    }

    private static boolean bool(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(value);
        };
    }
}
