package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaAsyncClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponseStreamUpdate;
import software.amazon.awssdk.services.lambda.model.InvokeWithResponseStreamCompleteEvent;
import software.amazon.awssdk.services.lambda.model.InvokeWithResponseStreamRequest;
import software.amazon.awssdk.services.lambda.model.InvokeWithResponseStreamResponse;
import software.amazon.awssdk.services.lambda.model.InvokeWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.Runtime;

/** InvokeWithResponseStream through the SDK's async client, which decodes the event-stream framing itself. */
class LambdaResponseStreamTest {
    static final StratusServer stratus = StratusServer.start();
    static final LambdaClient lambda = stratus.client(LambdaClient.builder());
    static final LambdaAsyncClient async = stratus.client(LambdaAsyncClient.builder());

    @BeforeAll
    static void createFunction() {
        lambda.createFunction(b -> b.functionName("streamed").runtime(Runtime.PYTHON3_12).role(LambdaTest.ROLE)
                .handler("app.handler").code(c -> c.zipFile(LambdaTest.zip(Map.of("app.py", LambdaTest.ECHO)))));
    }

    @AfterAll
    static void stop() {
        async.close();
        stratus.close();
    }

    /** What the handler saw: the response, the payload chunks joined, and the completion event. */
    record Streamed(InvokeWithResponseStreamResponse response, byte[] payload, int chunks,
                    InvokeWithResponseStreamCompleteEvent complete) {
    }

    static Streamed invoke(InvokeWithResponseStreamRequest request) throws Exception {
        List<InvokeWithResponseStreamResponse> response = new ArrayList<>();
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        List<Object> events = new ArrayList<>();
        InvokeWithResponseStreamResponseHandler handler = InvokeWithResponseStreamResponseHandler.builder()
                .onResponse(response::add)
                .subscriber(InvokeWithResponseStreamResponseHandler.Visitor.builder()
                        .onPayloadChunk((InvokeResponseStreamUpdate u) -> {
                            events.add(u);
                            payload.writeBytes(u.payload().asByteArray());
                        })
                        .onInvokeComplete(events::add)
                        .build())
                .build();
        async.invokeWithResponseStream(request, handler).get(60, TimeUnit.SECONDS);
        int chunks = (int) events.stream().filter(e -> e instanceof InvokeResponseStreamUpdate).count();
        assertThat(events.getLast()).isInstanceOf(InvokeWithResponseStreamCompleteEvent.class);
        return new Streamed(response.getFirst(), payload.toByteArray(), chunks,
                (InvokeWithResponseStreamCompleteEvent) events.getLast());
    }

    @Test
    void aBufferedFunctionStreamsItsPayloadAsOneChunkThenCompletes() throws Exception {
        Streamed s = invoke(InvokeWithResponseStreamRequest.builder().functionName("streamed").logType("Tail")
                .payload(SdkBytes.fromUtf8String("{\"say\":\"hi\"}")).build());
        assertThat(s.response().statusCode()).isEqualTo(200);
        assertThat(s.response().executedVersion()).isEqualTo("$LATEST");
        assertThat(s.response().responseStreamContentType()).isEqualTo("application/vnd.amazon.eventstream");
        assertThat(s.chunks()).isEqualTo(1);
        assertThat(new String(s.payload())).contains("\"said\": \"hi\"").contains("\"fn\": \"streamed\"");
        assertThat(s.complete().errorCode()).isNull();
        assertThat(new String(java.util.Base64.getDecoder().decode(s.complete().logResult()))).contains("echo hi");
    }

    @Test
    void aFailingFunctionReportsItsErrorInInvokeComplete() throws Exception {
        Streamed s = invoke(InvokeWithResponseStreamRequest.builder().functionName("streamed")
                .payload(SdkBytes.fromUtf8String("{\"fail\":true}")).build());
        assertThat(s.response().statusCode()).isEqualTo(200);
        assertThat(s.chunks()).isZero();
        assertThat(s.complete().errorCode()).isEqualTo("RuntimeError");
        assertThat(s.complete().errorDetails()).contains("asked to fail");
    }

    @Test
    void anUnknownFunctionIsResourceNotFound() {
        assertThatThrownBy(() -> invoke(InvokeWithResponseStreamRequest.builder().functionName("nope")
                .payload(SdkBytes.fromUtf8String("{}")).build()))
                .hasCauseInstanceOf(ResourceNotFoundException.class)
                .isInstanceOf(java.util.concurrent.ExecutionException.class);
    }

}
