package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.Runtime;

/** External extensions delivered in a layer: registered during Init, told of each INVOKE, and of SHUTDOWN. */
class LambdaExtensionsTest {
    static final StratusServer stratus = StratusServer.start();
    final LambdaClient lambda = stratus.client(LambdaClient.builder());
    final CloudWatchLogsClient logs = stratus.client(CloudWatchLogsClient.builder());

    @AfterAll
    static void stop() {
        stratus.close();
    }

    /** An extension in Python (the sandbox has no curl): logs each event; holds each INVOKE for 400 ms. */
    static final String PROBE = """
            #!/usr/bin/env python3
            import json, os, sys, time, urllib.request
            base = "http://" + os.environ["AWS_LAMBDA_RUNTIME_API"] + "/2020-01-01/extension"
            req = urllib.request.Request(base + "/register", method="POST",
                data=json.dumps({"events": ["INVOKE", "SHUTDOWN"]}).encode(),
                headers={"Lambda-Extension-Name": "probe"})
            with urllib.request.urlopen(req) as r:
                ext_id = r.headers["Lambda-Extension-Identifier"]
                print("EXT registered for", json.load(r)["functionName"], flush=True)
            while True:
                req = urllib.request.Request(base + "/event/next", headers={"Lambda-Extension-Identifier": ext_id})
                with urllib.request.urlopen(req) as r:
                    event = json.load(r)
                if event["eventType"] == "INVOKE":
                    print("EXT INVOKE", event["requestId"], event["invokedFunctionArn"], event["tracing"]["type"],
                          event["deadlineMs"] > 0, flush=True)
                    time.sleep(0.4)
                else:
                    print("EXT SHUTDOWN", event["shutdownReason"], flush=True)
                    sys.exit(0)
            """;

    @Test
    void extensionReceivesInvokeAndShutdownEvents() {
        String layer = lambda.publishLayerVersion(b -> b.layerName("probe-extension")
                .content(c -> c.zipFile(executableZip(Map.of("extensions/probe", PROBE))))).layerVersionArn();
        lambda.createFunction(b -> b.functionName("with-extension").runtime(Runtime.PYTHON3_12)
                .role(LambdaTest.ROLE).handler("app.handler").layers(layer)
                .code(c -> c.zipFile(LambdaTest.zip(Map.of("app.py",
                        "def handler(event, context):\n    return 'ran'\n")))));

        InvokeResponse r = lambda.invoke(b -> b.functionName("with-extension").logType(LogType.TAIL));
        assertThat(r.payload().asUtf8String()).isEqualTo("\"ran\"");
        String tail = new String(Base64.getDecoder().decode(r.logResult()), StandardCharsets.UTF_8);
        String requestId = r.responseMetadata().requestId();
        assertThat(tail).contains("EXT registered for with-extension")
                .contains("EXT INVOKE " + requestId + " arn:aws:lambda:us-east-1:000000000000:function:with-extension"
                        + " X-Amzn-Trace-Id True");
        // The invocation ends only once the extension asked for its next event (after its 400 ms).
        Matcher duration = Pattern.compile("REPORT RequestId: \\S+\\s+Duration: ([0-9.]+) ms").matcher(tail);
        assertThat(duration.find()).isTrue();
        assertThat(Double.parseDouble(duration.group(1))).isGreaterThanOrEqualTo(400.0);

        // A configuration change spins the idle environment down: the extension hears SHUTDOWN first.
        lambda.updateFunctionConfiguration(b -> b.functionName("with-extension").description("changed"));
        assertThat(waitForLog("/aws/lambda/with-extension", "EXT SHUTDOWN spindown")).isTrue();
    }

    private boolean waitForLog(String group, String text) {
        long until = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < until) {
            try {
                for (var stream : logs.describeLogStreams(d -> d.logGroupName(group)).logStreams()) {
                    if (logs.getLogEvents(b -> b.logGroupName(group).logStreamName(stream.logStreamName())).events()
                            .stream().anyMatch(e -> e.message().contains(text))) {
                        return true;
                    }
                }
            } catch (software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException e) {
                // not shipped yet
            }
            Thread.onSpinWait();
        }
        return false;
    }

    /** A zip whose files are all stored executable (Unix mode 755), as an extension must be. */
    static SdkBytes executableZip(Map<String, String> files) {
        try {
            Path dir = Files.createTempDirectory("ext-zip");
            Path zip = dir.resolve("layer.zip");
            try (FileSystem fs = FileSystems.newFileSystem(URI.create("jar:" + zip.toUri()),
                    Map.of("create", "true", "enablePosixFileAttributes", "true"))) {
                for (var e : files.entrySet()) {
                    Path p = fs.getPath("/" + e.getKey());
                    Files.createDirectories(p.getParent());
                    Files.writeString(p, e.getValue());
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
            byte[] bytes = Files.readAllBytes(zip);
            Files.delete(zip);
            Files.delete(dir);
            return SdkBytes.fromByteArray(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
