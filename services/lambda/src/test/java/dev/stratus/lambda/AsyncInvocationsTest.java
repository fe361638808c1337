package dev.stratus.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.stratus.platform.Operation;
import dev.stratus.platform.OperationRegistry;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.Service;
import dev.stratus.platform.state.DocumentStore;
import dev.stratus.platform.testing.MutableClock;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.model.ServiceModel;
import dev.stratus.storage.MemoryStorage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The durable event queue with a scripted function and a hand-moved clock. */
class AsyncInvocationsTest {
    private final MemoryStorage storage = new MemoryStorage();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final BlockingQueue<String> attempts = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> delivered = new LinkedBlockingQueue<>();
    private final List<Supplier<AsyncInvocations.Outcome>> script = new ArrayList<>();
    private final OperationRegistry registry = new OperationRegistry();
    private final EventInvokeConfigOperations configs =
            new EventInvokeConfigOperations(storage, new FunctionStore(storage), clock);
    private final List<AsyncInvocations> started = new ArrayList<>();

    {
        registry.register(new FakeSqs());
    }

    /** An SQS that only records what it is sent. */
    private final class FakeSqs implements Service {
        @Override
        public String name() {
            return "sqs";
        }

        @Override
        public ServiceModel model() {
            return ServiceModel.load("sqs");
        }

        @Override
        public Map<String, Operation> operations() {
            return Map.of("GetQueueUrl", (ctx, in) -> JsonNodeFactory.instance.objectNode()
                            .put("QueueUrl", "http://sqs/" + in.get("QueueName").asText()),
                    "SendMessage", (ctx, in) -> {
                        delivered.add(in.get("MessageBody").asText());
                        return JsonNodeFactory.instance.objectNode().put("MessageId", "m");
                    });
        }
    }

    private AsyncInvocations queue() {
        AsyncInvocations q = new AsyncInvocations(storage, clock, Duration.ofMinutes(1), this::run, configs,
                new DeadLetterConfigs(storage), new Destinations(registry), Executors.newVirtualThreadPerTaskExecutor());
        q.start();
        started.add(q);
        return q;
    }

    private synchronized AsyncInvocations.Outcome run(RequestContext ctx, String function, String qualifier,
                                                      String requestId, byte[] payload) {
        attempts.add(requestId);
        return script.removeFirst().get();
    }

    /** Stored as PutFunctionEventInvokeConfig stores it (that operation wants the function to exist). */
    private void onSuccessTo(String queueName) {
        new DocumentStore<>(storage, "lambda-event-invoke-configs", EventInvokeConfigRecord.class)
                .put("000000000000/us-east-1/fn/$LATEST", new EventInvokeConfigRecord("000000000000", "us-east-1", "fn",
                        "$LATEST", null, null, "arn:aws:sqs:us-east-1:000000000000:" + queueName, null,
                        clock.millis()));
    }

    private static AsyncInvocations.Outcome success() {
        return new AsyncInvocations.Outcome("$LATEST", null, "\"done\"".getBytes(StandardCharsets.UTF_8));
    }

    private static AwsException throttle() {
        return new AwsException("TooManyRequestsException", "Rate Exceeded.", 429);
    }

    private void enqueue(AsyncInvocations q) {
        q.enqueue(new RequestContext("req-1", "000000000000", "us-east-1", null, null, clock.instant()), "fn", null,
                "{}".getBytes(StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        started.forEach(AsyncInvocations::close);
    }

    @Test
    void throttledEventsBackOffWithoutUsingRetries() throws Exception {
        onSuccessTo("ok");
        script.add(() -> {
            throw throttle();
        });
        script.add(() -> {
            throw throttle();
        });
        script.add(AsyncInvocationsTest::success);
        AsyncInvocations q = queue();
        enqueue(q);
        assertThat(attempts.poll(5, TimeUnit.SECONDS)).isEqualTo("req-1");
        assertThat(attempts.poll(300, TimeUnit.MILLISECONDS)).as("waits a second").isNull();
        clock.advance(Duration.ofSeconds(1));
        assertThat(attempts.poll(5, TimeUnit.SECONDS)).isEqualTo("req-1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(attempts.poll(300, TimeUnit.MILLISECONDS)).as("then two").isNull();
        clock.advance(Duration.ofSeconds(1));
        assertThat(attempts.poll(5, TimeUnit.SECONDS)).isEqualTo("req-1");
        JsonNode record = InvocationRecords.json(delivered.poll(5, TimeUnit.SECONDS).getBytes(StandardCharsets.UTF_8));
        assertThat(record.path("requestContext").path("condition").asText()).isEqualTo("Success");
        assertThat(record.path("requestContext").path("approximateInvokeCount").asInt()).isEqualTo(1);
        assertThat(record.path("responsePayload").asText()).isEqualTo("done");
    }

    @Test
    void eventsOfADeletedFunctionAreDropped() throws Exception {
        script.add(() -> {
            throw new AwsException("ResourceNotFoundException", "Function not found");
        });
        AsyncInvocations q = queue();
        enqueue(q);
        assertThat(attempts.poll(5, TimeUnit.SECONDS)).isEqualTo("req-1");
        clock.advance(Duration.ofHours(1));
        assertThat(attempts.poll(500, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void aQueueStartedLaterRunsWhatAnEarlierOneLeft() throws Exception {
        onSuccessTo("later");
        AsyncInvocations first = new AsyncInvocations(storage, clock, Duration.ofMinutes(1), this::run, configs,
                new DeadLetterConfigs(storage), new Destinations(registry), Executors.newVirtualThreadPerTaskExecutor());
        enqueue(first); // never started: as if the process died right after answering 202
        script.add(AsyncInvocationsTest::success);
        queue();
        assertThat(attempts.poll(5, TimeUnit.SECONDS)).isEqualTo("req-1");
        assertThat(delivered.poll(5, TimeUnit.SECONDS)).contains("\"condition\":\"Success\"");
    }
}
