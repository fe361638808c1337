package dev.stratus.lambda.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Extensions API over HTTP: registration, events, the Init and invocation barriers, errors. */
class ExtensionsApiTest {
    private final InvocationChannel runtime = new InvocationChannel();
    private final ExtensionsChannel extensions = new ExtensionsChannel(1);
    private final FunctionSpec spec = new FunctionSpec("000000000000", "us-east-1", "fn", "$LATEST",
            "arn:aws:lambda:us-east-1:000000000000:function:fn", "python3.12", "app.handler", 128, 3, Map.of(),
            Path.of("/var/task"), "sha");
    private final RuntimeApiServer server = new RuntimeApiServer(runtime, new ExtensionsApi(extensions, spec));
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() {
        extensions.close();
        server.close();
    }

    private HttpResponse<String> send(String method, String path, Map<String, String> headers, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + server.address()
                + "/2020-01-01/extension/" + path)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private CompletableFuture<HttpResponse<String>> next(String id) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return send("GET", "event/next", Map.of("Lambda-Extension-Identifier", id), null);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
    }

    @Test
    void registerThenInitBarrierThenInvokeEvents() throws Exception {
        HttpResponse<String> reg = send("POST", "register", Map.of("Lambda-Extension-Name", "probe"),
                "{\"events\":[\"INVOKE\"]}");
        assertThat(reg.statusCode()).isEqualTo(200);
        assertThat(reg.body()).isEqualTo("{\"functionName\":\"fn\",\"functionVersion\":\"$LATEST\","
                + "\"handler\":\"app.handler\",\"accountId\":\"000000000000\"}");
        String id = reg.headers().firstValue("Lambda-Extension-Identifier").orElseThrow();
        assertThat(extensions.initDone()).isNotDone();

        CompletableFuture<HttpResponse<String>> first = next(id);
        extensions.initDone().get(5, TimeUnit.SECONDS);
        CompletableFuture<Void> acked = extensions.deliver("INVOKE", ExternalExtensions.invokeEvent(new Invocation(
                "req-1", new byte[0], 42L, "arn:fn", "Root=1-a", null, null)));
        HttpResponse<String> event = first.get(5, TimeUnit.SECONDS);
        assertThat(event.body()).isEqualTo("{\"eventType\":\"INVOKE\",\"deadlineMs\":42,\"requestId\":\"req-1\","
                + "\"invokedFunctionArn\":\"arn:fn\",\"tracing\":{\"type\":\"X-Amzn-Trace-Id\",\"value\":\"Root=1-a\"}}");
        assertThat(event.headers().firstValue("Lambda-Extension-Event-Identifier")).isPresent();
        assertThat(acked).isNotDone(); // done only when the extension asks for its next event
        next(id);
        acked.get(5, TimeUnit.SECONDS);

        extensions.endInit();
        assertThat(send("POST", "register", Map.of("Lambda-Extension-Name", "late"), "{\"events\":[]}").statusCode())
                .isEqualTo(403);
    }

    @Test
    void errorsAndUnknownIdentifiers() throws Exception {
        assertThat(send("GET", "event/next", Map.of("Lambda-Extension-Identifier", "nope"), null).body())
                .contains("Extension.UnknownExtensionIdentifier");
        assertThat(send("POST", "register", Map.of("Lambda-Extension-Name", "x"), "{\"events\":[\"BOGUS\"]}")
                .statusCode()).isEqualTo(403);
        String id = send("POST", "register", Map.of("Lambda-Extension-Name", "x"), "{\"events\":[]}").headers()
                .firstValue("Lambda-Extension-Identifier").orElseThrow();
        HttpResponse<String> err = send("POST", "exit/error", Map.of("Lambda-Extension-Identifier", id,
                "Lambda-Extension-Function-Error-Type", "Extension.Crashed"), "{\"errorMessage\":\"bye\"}");
        assertThat(err.statusCode()).isEqualTo(202);
        RuntimeReply failure = extensions.failure().get(1, TimeUnit.SECONDS);
        assertThat(failure.errorType()).isEqualTo("Extension.Crashed");
        assertThat(new String(failure.body(), StandardCharsets.UTF_8)).isEqualTo("{\"errorMessage\":\"bye\"}");
    }
}
