package dev.stratus.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.lambda.runtime.EnvironmentPool;
import dev.stratus.lambda.runtime.RuntimeReply;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StreamedInvocationTest {

    private static EnvironmentPool.InvokeResult result(RuntimeReply reply) {
        return new EnvironmentPool.InvokeResult("r", reply, "log".getBytes(StandardCharsets.UTF_8), false);
    }

    private static String chunk(JsonNode event) throws Exception {
        return new String(event.get("PayloadChunk").get("Payload").binaryValue(), StandardCharsets.UTF_8);
    }

    @Test
    void piecesComeOutInOrderThenTheCompletion() throws Exception {
        StreamedInvocation s = new StreamedInvocation(true);
        s.write("a".getBytes(StandardCharsets.UTF_8));
        s.write("b".getBytes(StandardCharsets.UTF_8));
        s.finish(result(RuntimeReply.success(new byte[0])));
        assertThat(chunk(s.next())).isEqualTo("a");
        assertThat(chunk(s.next())).isEqualTo("b");
        JsonNode complete = s.next().get("InvokeComplete");
        assertThat(complete.has("ErrorCode")).isFalse();
        assertThat(complete.get("LogResult").asText()).isEqualTo("bG9n");
        assertThat(s.next()).isNull();
    }

    @Test
    void aFullBufferHoldsTheRuntimeUntilTheClientReads() throws Exception {
        StreamedInvocation s = new StreamedInvocation(false);
        s.write(new byte[StreamedInvocation.MAX_BUFFERED_BYTES]);
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                s.write("more".getBytes(StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread.State state;
        // Until the writer either waits for room or (wrongly) finished; BLOCKED is only its passing entry into the
        // buffer's monitor (a virtual thread reports it while its monitor enter is contended or being inflated).
        while ((state = writer.getState()) == Thread.State.NEW || state == Thread.State.RUNNABLE
                || state == Thread.State.BLOCKED) {
            Thread.onSpinWait();
        }
        assertThat(state).isEqualTo(Thread.State.WAITING);
        assertThat(s.next().get("PayloadChunk").get("Payload").binaryValue())
                .hasSize(StreamedInvocation.MAX_BUFFERED_BYTES);
        assertThat(writer.join(java.time.Duration.ofSeconds(10))).isTrue();
        assertThat(chunk(s.next())).isEqualTo("more");
    }

    @Test
    void aStreamedFailureEndsWithItsErrorAfterThePiecesSent() throws Exception {
        StreamedInvocation s = new StreamedInvocation(false);
        s.write("partial".getBytes(StandardCharsets.UTF_8));
        s.finish(result(RuntimeReply.platformError("Sandbox.Timedout", "Task timed out after 1.00 seconds")));
        s.write("late".getBytes(StandardCharsets.UTF_8)); // the runtime's last bytes after the timeout go nowhere
        assertThat(chunk(s.next())).isEqualTo("partial");
        JsonNode complete = s.next().get("InvokeComplete");
        assertThat(complete.get("ErrorCode").asText()).isEqualTo("Sandbox.Timedout");
        assertThat(complete.get("ErrorDetails").asText()).contains("Task timed out");
        assertThat(s.next()).isNull();
    }

    @Test
    void aClientThatLeftNoLongerHoldsTheRuntime() throws Exception {
        StreamedInvocation s = new StreamedInvocation(false);
        s.write(new byte[StreamedInvocation.MAX_BUFFERED_BYTES]);
        s.close();
        s.write(new byte[StreamedInvocation.MAX_BUFFERED_BYTES]); // would block if anyone were still reading
        assertThat(s.next()).isNull();
    }
}
