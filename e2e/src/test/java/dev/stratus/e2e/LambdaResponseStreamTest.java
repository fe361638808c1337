package dev.stratus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaAsyncClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionUrlAuthType;
import software.amazon.awssdk.services.lambda.model.InvokeMode;
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

    /** A Node function in response-streaming mode; behind a URL it answers through HttpResponseStream.from. */
    static final String STREAMER = """
            export const handler = awslambda.streamifyResponse(async (event, responseStream, context) => {
              if (event.rawPath === '/http') {
                responseStream = awslambda.HttpResponseStream.from(responseStream, {
                  statusCode: 201, headers: { 'content-type': 'text/plain', 'x-streamed': 'yes' }, cookies: ['s=1'] });
              }
              responseStream.write('hello ');
              await new Promise((r) => setTimeout(r, 5));
              responseStream.write('streamed ');
              if (event.fail) throw new Error('failed midway');
              responseStream.write(context.functionName);
              responseStream.end();
            });
            """;

    /**
     * Writes a chunk, then waits for the caller's go-ahead (an HTTP GET the test answers only once it holds that first
     * chunk) before writing the second: a response collected before it is sent could never finish.
     */
    static final String HANDSHAKE = """
            export const handler = awslambda.streamifyResponse(async (event, responseStream) => {
              responseStream.write('first');
              const go = await fetch(event.go);
              responseStream.write('second:' + await go.text());
              responseStream.end();
            });
            """;

    /** Streams a piece, then never finishes. */
    static final String STALLS = """
            export const handler = awslambda.streamifyResponse(async (event, responseStream) => {
              responseStream.write('partial');
              await new Promise(() => {});
            });
            """;

    @BeforeAll
    static void createFunction() {
        lambda.createFunction(b -> b.functionName("streamed").runtime(Runtime.PYTHON3_12).role(LambdaTest.ROLE)
                .handler("app.handler").code(c -> c.zipFile(LambdaTest.zip(Map.of("app.py", LambdaTest.ECHO)))));
        lambda.createFunction(b -> b.functionName("node-streamer").runtime(Runtime.NODEJS20_X).role(LambdaTest.ROLE)
                .handler("index.handler").code(c -> c.zipFile(LambdaTest.zip(Map.of("index.mjs", STREAMER)))));
        lambda.createFunction(b -> b.functionName("handshake").runtime(Runtime.NODEJS20_X).role(LambdaTest.ROLE)
                .handler("index.handler").timeout(60)
                .code(c -> c.zipFile(LambdaTest.zip(Map.of("index.mjs", HANDSHAKE)))));
        lambda.createFunction(b -> b.functionName("stalls").runtime(Runtime.NODEJS20_X).role(LambdaTest.ROLE)
                .handler("index.handler").timeout(1)
                .code(c -> c.zipFile(LambdaTest.zip(Map.of("index.mjs", STALLS)))));
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
    void aStreamingNodeFunctionStreamsThroughTheRuntimeApi() throws Exception {
        Streamed s = invoke(InvokeWithResponseStreamRequest.builder().functionName("node-streamer")
                .payload(SdkBytes.fromUtf8String("{}")).build());
        assertThat(new String(s.payload())).isEqualTo("hello streamed node-streamer");
        assertThat(s.complete().errorCode()).isNull();

        // Plain Invoke of a streaming function answers the whole stream.
        assertThat(lambda.invoke(b -> b.functionName("node-streamer")).payload().asUtf8String())
                .isEqualTo("hello streamed node-streamer");

        Streamed failed = invoke(InvokeWithResponseStreamRequest.builder().functionName("node-streamer")
                .payload(SdkBytes.fromUtf8String("{\"fail\": true}")).build());
        assertThat(failed.complete().errorCode()).isEqualTo("Error");
        assertThat(failed.complete().errorDetails()).contains("failed midway");
    }

    @Test
    void aResponseStreamUrlUsesTheHttpResponseStreamPrelude() throws Exception {
        String url = lambda.createFunctionUrlConfig(b -> b.functionName("node-streamer")
                .authType(FunctionUrlAuthType.NONE).invokeMode(InvokeMode.RESPONSE_STREAM)).functionUrl();
        String id = URI.create(url).getHost().split("\\.")[0];
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(stratus.endpoint() + "/_aws/lambda-url/" + id + "/http")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.headers().firstValue("x-streamed")).hasValue("yes");
        assertThat(r.headers().firstValue("content-type")).hasValue("text/plain");
        assertThat(r.headers().allValues("set-cookie")).containsExactly("s=1");
        assertThat(r.body()).isEqualTo("hello streamed node-streamer");

        HttpResponse<String> raw = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(stratus.endpoint() + "/_aws/lambda-url/" + id + "/raw")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.headers().firstValue("content-type")).hasValue("application/octet-stream");
        assertThat(raw.body()).isEqualTo("hello streamed node-streamer");
    }

    @Test
    void eachChunkReachesTheClientWhileTheFunctionIsStillRunning() throws Exception {
        CountDownLatch firstChunkReceived = new CountDownLatch(1);
        AtomicBoolean goAheadAfterFirstChunk = new AtomicBoolean();
        HttpServer gate = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        gate.createContext("/go", exchange -> {
            boolean received;
            try {
                received = firstChunkReceived.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                received = false;
            }
            goAheadAfterFirstChunk.set(received);
            byte[] answer = (received ? "go" : "never got the first chunk").getBytes();
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        gate.start();
        try {
            List<String> chunks = new CopyOnWriteArrayList<>();
            List<InvokeWithResponseStreamCompleteEvent> complete = new CopyOnWriteArrayList<>();
            InvokeWithResponseStreamResponseHandler handler = InvokeWithResponseStreamResponseHandler.builder()
                    .subscriber(InvokeWithResponseStreamResponseHandler.Visitor.builder()
                            .onPayloadChunk(u -> {
                                chunks.add(u.payload().asUtf8String());
                                firstChunkReceived.countDown();
                            })
                            .onInvokeComplete(complete::add)
                            .build())
                    .build();
            String go = "http://127.0.0.1:" + gate.getAddress().getPort() + "/go";
            async.invokeWithResponseStream(b -> b.functionName("handshake")
                    .payload(SdkBytes.fromUtf8String("{\"go\": \"" + go + "\"}")), handler).get(60, TimeUnit.SECONDS);

            assertThat(goAheadAfterFirstChunk).isTrue();
            assertThat(chunks).containsExactly("first", "second:go");
            assertThat(complete).singleElement().satisfies(c -> assertThat(c.errorCode()).isNull());
        } finally {
            gate.stop(0);
        }
    }

    @Test
    void theTimeoutEndsAStreamMidwayWithSandboxTimedout() throws Exception {
        Streamed s = invoke(InvokeWithResponseStreamRequest.builder().functionName("stalls")
                .payload(SdkBytes.fromUtf8String("{}")).build());
        assertThat(new String(s.payload())).isEqualTo("partial");
        assertThat(s.complete().errorCode()).isEqualTo("Sandbox.Timedout");
        assertThat(s.complete().errorDetails()).contains("Task timed out after 1.00 seconds");
    }

    @Test
    void anUnknownFunctionIsResourceNotFound() {
        assertThatThrownBy(() -> invoke(InvokeWithResponseStreamRequest.builder().functionName("nope")
                .payload(SdkBytes.fromUtf8String("{}")).build()))
                .hasCauseInstanceOf(ResourceNotFoundException.class)
                .isInstanceOf(java.util.concurrent.ExecutionException.class);
    }

}
