package dev.stratus.lambda.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * External extensions: the executables a function's layers put in {@code /opt/extensions}. They are started in the
 * environment's sandbox just before the runtime (a small shell prologue starts each in the background, then execs
 * the runtime), so they share its process tree, its stdout (their lines reach the function's log, as on AWS) and
 * its end.
 */
final class ExternalExtensions {
    private static final String PROLOGUE = "for e in \"$0\"/*; do if [ -f \"$e\" ] && [ -x \"$e\" ]; then "
            + "\"$e\" </dev/null & fi; done; exec \"$@\"";

    private ExternalExtensions() {
    }

    /** How many extensions the merged layers at {@code optDir} (host path) hold. */
    static int count(Path optDir) {
        if (optDir == null || !Files.isDirectory(optDir.resolve("extensions"))) {
            return 0;
        }
        try (Stream<Path> s = Files.list(optDir.resolve("extensions"))) {
            return (int) s.filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).count();
        } catch (IOException e) {
            return 0;
        }
    }

    /** The runtime's command preceded by starting the extensions in {@code visibleOpt/extensions}. */
    static List<String> withExtensions(String visibleOpt, List<String> runtimeArgv) {
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", PROLOGUE, visibleOpt + "/extensions"));
        argv.addAll(runtimeArgv);
        return argv;
    }

    static byte[] invokeEvent(Invocation inv) {
        return ("{\"eventType\":\"INVOKE\",\"deadlineMs\":" + inv.deadlineMs() + ",\"requestId\":\""
                + Json.escape(inv.requestId()) + "\",\"invokedFunctionArn\":\"" + Json.escape(inv.invokedFunctionArn())
                + "\",\"tracing\":{\"type\":\"X-Amzn-Trace-Id\",\"value\":\"" + Json.escape(inv.traceId()) + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** @param reason {@code spindown}, {@code timeout} or {@code failure} */
    static byte[] shutdownEvent(String reason, long deadlineMs) {
        return ("{\"eventType\":\"SHUTDOWN\",\"shutdownReason\":\"" + reason + "\",\"deadlineMs\":" + deadlineMs + "}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
