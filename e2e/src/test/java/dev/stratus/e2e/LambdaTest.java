package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.CreateFunctionResponse;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.ListFunctionsResponse;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.lambda.model.State;

/** Lambda through the AWS SDK: the function lifecycle, and invocations running on real runtimes. */
class LambdaTest {
    static final StratusServer stratus = StratusServer.start();
    static final String ROLE = "arn:aws:iam::000000000000:role/lambda-role";
    final LambdaClient lambda = stratus.client(LambdaClient.builder());
    final CloudWatchLogsClient logs = stratus.client(CloudWatchLogsClient.builder());

    @AfterAll
    static void stop() {
        stratus.close();
    }

    static SdkBytes zip(Map<String, String> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            for (var e : files.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return SdkBytes.fromByteArray(bytes.toByteArray());
    }

    static final String ECHO = """
            import os
            def handler(event, context):
                print("echo", event.get("say"))
                if event.get("fail"):
                    raise RuntimeError("asked to fail")
                return {"said": event.get("say"), "fn": context.function_name, "color": os.environ.get("COLOR")}
            """;

    CreateFunctionResponse create(String name, String code) {
        return lambda.createFunction(b -> b.functionName(name).runtime(Runtime.PYTHON3_12).role(ROLE)
                .handler("app.handler").code(c -> c.zipFile(zip(Map.of("app.py", code)))));
    }

    static String text(SdkBytes b) {
        return b.asUtf8String();
    }

    @Test
    void createThenInvokeSynchronouslyWithLogTail() {
        CreateFunctionResponse created = create("echo-fn", ECHO);
        assertThat(created.state()).isEqualTo(State.PENDING);
        assertThat(created.functionArn()).isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:echo-fn");
        assertThat(created.memorySize()).isEqualTo(128);
        assertThat(created.timeout()).isEqualTo(3);
        assertThat(created.codeSha256()).isNotBlank();
        lambda.waiter().waitUntilFunctionActiveV2(b -> b.functionName("echo-fn"));
        assertThat(lambda.getFunction(b -> b.functionName("echo-fn")).configuration().state()).isEqualTo(State.ACTIVE);

        InvokeResponse r = lambda.invoke(b -> b.functionName("echo-fn").logType(LogType.TAIL)
                .payload(SdkBytes.fromUtf8String("{\"say\":\"hi\"}")));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.functionError()).isNull();
        assertThat(r.executedVersion()).isEqualTo("$LATEST");
        assertThat(text(r.payload())).isEqualTo("{\"said\": \"hi\", \"fn\": \"echo-fn\", \"color\": null}");
        String tail = new String(Base64.getDecoder().decode(r.logResult()), StandardCharsets.UTF_8);
        assertThat(tail).startsWith("START RequestId: ").contains(" Version: $LATEST\necho hi\nEND RequestId: ")
                .containsPattern("REPORT RequestId: [0-9a-f-]{36}\tDuration: [0-9.]+ ms\tBilled Duration: \\d+ ms\t"
                        + "Memory Size: 128 MB\tMax Memory Used: \\d+ MB\tInit Duration: [0-9.]+ ms\t\n$");

        List<OutputLogEvent> events = shippedLogEvents("/aws/lambda/echo-fn");
        assertThat(events).extracting(OutputLogEvent::message).contains("echo hi\n");
        assertThat(events.getFirst().message()).startsWith("START RequestId: ");
    }

    @Test
    void functionsCallStratusWithTheirOwnCredentials() {
        create("caller-fn", """
                import boto3, os
                def handler(event, context):
                    identity = boto3.client("sts").get_caller_identity()
                    return {"account": identity["Account"], "key": os.environ["AWS_ACCESS_KEY_ID"][:4]}
                """);
        InvokeResponse r = lambda.invoke(b -> b.functionName("caller-fn"));
        assertThat(r.functionError()).as(text(r.payload())).isNull();
        assertThat(text(r.payload())).isEqualTo("{\"account\": \"000000000000\", \"key\": \"ASIA\"}");
    }

    @Test
    void functionErrorsAreUnhandledWithStatus200() {
        create("failing-fn", ECHO);
        InvokeResponse r = lambda.invoke(b -> b.functionName("failing-fn")
                .payload(SdkBytes.fromUtf8String("{\"fail\":true}")));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.functionError()).isEqualTo("Unhandled");
        assertThat(text(r.payload())).contains("\"errorMessage\": \"asked to fail\"")
                .contains("\"errorType\": \"RuntimeError\"");
    }

    @Test
    void eventAndDryRunInvocations() {
        create("async-fn", ECHO);
        InvokeResponse event = lambda.invoke(b -> b.functionName("async-fn").invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String("{\"say\":\"later\"}")));
        assertThat(event.statusCode()).isEqualTo(202);
        InvokeResponse dry = lambda.invoke(b -> b.functionName("async-fn").invocationType(InvocationType.DRY_RUN));
        assertThat(dry.statusCode()).isEqualTo(204);
        InvokeResponse byArn = lambda.invoke(b -> b.functionName(
                "arn:aws:lambda:us-east-1:000000000000:function:async-fn:$LATEST").payload(
                SdkBytes.fromUtf8String("{\"say\":\"arn\"}")));
        assertThat(text(byArn.payload())).contains("\"said\": \"arn\"");
    }

    @Test
    void errorsMatchAws() {
        create("dup-fn", ECHO);
        assertThatThrownBy(() -> create("dup-fn", ECHO)).isInstanceOfSatisfying(ResourceConflictException.class,
                e -> {
                    assertThat(e.statusCode()).isEqualTo(409);
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Function already exist: dup-fn");
                });
        assertThatThrownBy(() -> lambda.getFunction(b -> b.functionName("no-such-fn")))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("Function not found: arn:aws:lambda:us-east-1:000000000000:function:no-such-fn");
                });
        assertThatThrownBy(() -> lambda.invoke(b -> b.functionName("no-such-fn")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> lambda.updateFunctionConfiguration(b -> b.functionName("dup-fn").memorySize(64)))
                .isInstanceOfSatisfying(LambdaException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .contains("Member must have value greater than or equal to 128"));
        assertThatThrownBy(() -> lambda.updateFunctionConfiguration(b -> b.functionName("dup-fn").timeout(901)))
                .isInstanceOfSatisfying(LambdaException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .contains("Member must have value less than or equal to 900"));
        assertThatThrownBy(() -> lambda.updateFunctionConfiguration(b -> b.functionName("dup-fn")
                .environment(env -> env.variables(Map.of("AWS_REGION", "x")))))
                .isInstanceOfSatisfying(InvalidParameterValueException.class, e -> assertThat(
                        e.awsErrorDetails().errorMessage()).endsWith("Reserved keys used in this request: AWS_REGION"));
        assertThatThrownBy(() -> lambda.updateFunctionConfiguration(b -> b.functionName("dup-fn")
                .environment(env -> env.variables(Map.of("BIG", "x".repeat(5000))))))
                .isInstanceOfSatisfying(InvalidParameterValueException.class, e -> assertThat(
                        e.awsErrorDetails().errorMessage()).contains("exceeded the 4KB limit"));
    }

    @Test
    void updatesTakeEffectOnTheNextInvocation() {
        create("upd-fn", ECHO);
        assertThat(text(lambda.invoke(b -> b.functionName("upd-fn")).payload())).contains("\"color\": null");

        var conf = lambda.updateFunctionConfiguration(b -> b.functionName("upd-fn").memorySize(256)
                .timeout(10).environment(env -> env.variables(Map.of("COLOR", "green"))));
        assertThat(conf.memorySize()).isEqualTo(256);
        assertThat(conf.environment().variables()).containsEntry("COLOR", "green");
        assertThat(text(lambda.invoke(b -> b.functionName("upd-fn")).payload())).contains("\"color\": \"green\"");

        lambda.updateFunctionCode(b -> b.functionName("upd-fn").zipFile(zip(Map.of("app.py",
                "def handler(event, context):\n    return 'v2'\n"))));
        lambda.waiter().waitUntilFunctionUpdatedV2(b -> b.functionName("upd-fn"));
        assertThat(text(lambda.invoke(b -> b.functionName("upd-fn")).payload())).isEqualTo("\"v2\"");
    }

    @Test
    void listPaginatesAndDeleteRemoves() {
        for (String n : List.of("list-a", "list-b", "list-c")) {
            create(n, ECHO);
        }
        ListFunctionsResponse first = lambda.listFunctions(b -> b.maxItems(2));
        assertThat(first.functions()).hasSize(2);
        assertThat(first.nextMarker()).isNotNull();
        List<String> all = lambda.listFunctionsPaginator(b -> b.maxItems(2)).functions().stream()
                .map(FunctionConfiguration::functionName).toList();
        assertThat(all).contains("list-a", "list-b", "list-c").doesNotHaveDuplicates();

        lambda.deleteFunction(b -> b.functionName("list-b"));
        assertThatThrownBy(() -> lambda.getFunction(b -> b.functionName("list-b")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(lambda.listFunctionsPaginator(b -> b.maxItems(2)).functions().stream()
                .map(FunctionConfiguration::functionName)).doesNotContain("list-b");
    }

    /** Logs are shipped in the background after the answer: wait (bounded) until the batch is there. */
    private List<OutputLogEvent> shippedLogEvents(String group) {
        long until = System.nanoTime() + 10_000_000_000L;
        while (true) {
            List<OutputLogEvent> events = List.of();
            try {
                var streams = logs.describeLogStreams(d -> d.logGroupName(group)).logStreams();
                if (!streams.isEmpty()) {
                    events = logs.getLogEvents(b -> b.logGroupName(group)
                            .logStreamName(streams.getFirst().logStreamName())).events();
                }
            } catch (software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException e) {
                // not shipped yet
            }
            if (events.stream().anyMatch(e -> e.message().startsWith("REPORT ")) || System.nanoTime() > until) {
                return events;
            }
            Thread.onSpinWait();
        }
    }
}
