package dev.stratus.lambda.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RuntimeApiServerTest {
    private final InvocationChannel channel = new InvocationChannel();
    private final RuntimeApiServer server = new RuntimeApiServer(channel);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() {
        channel.close(RuntimeReply.platformError("Runtime.ExitError", "closed"));
        server.close();
    }

    private String url(String path) {
        return "http://" + server.address() + "/2018-06-01/runtime/" + path;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String errorType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (errorType != null) {
            b.header("Lambda-Runtime-Function-Error-Type", errorType);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Invocation invocation(String id) {
        return new Invocation(id, "{\"k\":1}".getBytes(StandardCharsets.UTF_8), 1_700_000_000_000L,
                "arn:aws:lambda:us-east-1:000000000000:function:f", "Root=1-abc;Parent=def;Sampled=0",
                "{\"custom\":{}}", null);
    }

    @Test
    void nextBlocksUntilAnInvocationAndCarriesTheLambdaHeaders() throws Exception {
        CompletableFuture<HttpResponse<String>> next = CompletableFuture.supplyAsync(() -> {
            try {
                return get("invocation/next");
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        channel.ready().get(5, TimeUnit.SECONDS);
        assertThat(next).isNotDone();
        channel.submit(invocation("req-1"));
        HttpResponse<String> r = next.get(5, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"k\":1}");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.headers().firstValue("Lambda-Runtime-Aws-Request-Id")).hasValue("req-1");
        assertThat(r.headers().firstValue("Lambda-Runtime-Deadline-Ms")).hasValue("1700000000000");
        assertThat(r.headers().firstValue("Lambda-Runtime-Invoked-Function-Arn"))
                .hasValue("arn:aws:lambda:us-east-1:000000000000:function:f");
        assertThat(r.headers().firstValue("Lambda-Runtime-Trace-Id")).hasValue("Root=1-abc;Parent=def;Sampled=0");
        assertThat(r.headers().firstValue("Lambda-Runtime-Client-Context")).hasValue("{\"custom\":{}}");
        assertThat(r.headers().firstValue("Lambda-Runtime-Cognito-Identity")).isEmpty();
    }

    @Test
    void responseIsAcceptedOnceForTheCurrentRequestOnly() throws Exception {
        CompletableFuture<RuntimeReply> reply = channel.submit(invocation("req-2"));
        get("invocation/next");

        HttpResponse<String> wrong = post("invocation/other-id/response", "\"x\"", null);
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).isEqualTo("{\"errorMessage\":\"Invalid request ID\",\"errorType\":\"InvalidRequestID\"}");

        HttpResponse<String> ok = post("invocation/req-2/response", "\"done\"", null);
        assertThat(ok.statusCode()).isEqualTo(202);
        assertThat(ok.body()).isEqualTo("{\"status\":\"OK\"}");
        RuntimeReply r = reply.get(5, TimeUnit.SECONDS);
        assertThat(r.failed()).isFalse();
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("\"done\"");

        assertThat(post("invocation/req-2/response", "\"again\"", null).statusCode()).isEqualTo(400);
    }

    @Test
    void errorCarriesTheFunctionErrorType() throws Exception {
        CompletableFuture<RuntimeReply> reply = channel.submit(invocation("req-3"));
        get("invocation/next");
        String doc = "{\"errorMessage\":\"boom\",\"errorType\":\"ValueError\",\"stackTrace\":[]}";
        assertThat(post("invocation/req-3/error", doc, "ValueError").statusCode()).isEqualTo(202);
        RuntimeReply r = reply.get(5, TimeUnit.SECONDS);
        assertThat(r.errorType()).isEqualTo("ValueError");
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(doc);
    }

    @Test
    void initErrorIsAcceptedBeforeTheFirstPollAndRefusedAfter() throws Exception {
        HttpResponse<String> r = post("init/error", "{\"errorType\":\"Runtime.X\",\"errorMessage\":\"m\"}",
                "Runtime.X");
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(channel.initFailure().get(1, TimeUnit.SECONDS).errorType()).isEqualTo("Runtime.X");

        channel.submit(invocation("req-4"));
        get("invocation/next");
        HttpResponse<String> late = post("init/error", "{}", "Runtime.X");
        assertThat(late.statusCode()).isEqualTo(403);
        assertThat(late.body()).contains("\"errorType\":\"InvalidStateTransition\"");
    }

    @Test
    void oversizedResponseIs413AndFailsTheInvocation() throws Exception {
        CompletableFuture<RuntimeReply> reply = channel.submit(invocation("req-5"));
        get("invocation/next");
        String big = "\"" + "a".repeat(RuntimeApiServer.MAX_PAYLOAD_BYTES) + "\"";
        HttpResponse<String> r = post("invocation/req-5/response", big, null);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).isEqualTo("{\"errorMessage\":\"Exceeded maximum allowed payload size (6291556 bytes).\","
                + "\"errorType\":\"RequestEntityTooLarge\"}");
        RuntimeReply failed = reply.get(5, TimeUnit.SECONDS);
        assertThat(failed.errorType()).isEqualTo("Function.ResponseSizeTooLarge");
        assertThat(new String(failed.body(), StandardCharsets.UTF_8))
                .contains("Response payload size exceeded maximum allowed payload size (6291556 bytes).");
    }

    @Test
    void unknownPathsAndMethodsAreRefused() throws Exception {
        assertThat(get("nothing").statusCode()).isEqualTo(404);
        assertThat(post("invocation/next", "", null).statusCode()).isEqualTo(405);
    }

    @Test
    void aResponsePipelinedWithTheNextPollIsAnsweredInOrderWhenTheNextEventComes() throws Exception {
        String host = server.address().substring(0, server.address().indexOf(':'));
        int port = Integer.parseInt(server.address().substring(server.address().indexOf(':') + 1));
        try (Socket s = new Socket(host, port)) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            CompletableFuture<RuntimeReply> first = channel.submit(invocation("req-6"));
            out.write(request("GET", "invocation/next", null));
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200").contains("Lambda-Runtime-Aws-Request-Id: req-6");

            byte[] both = concat(request("POST", "invocation/req-6/response", "\"one\""),
                    request("GET", "invocation/next", null));
            out.write(both); // one write, as the bundled runtimes send them
            assertThat(new String(first.get(5, TimeUnit.SECONDS).body(), StandardCharsets.UTF_8))
                    .isEqualTo("\"one\"");
            CompletableFuture<RuntimeReply> second = channel.submit(invocation("req-7"));
            assertThat(readResponse(in)).startsWith("HTTP/1.1 202").endsWith("{\"status\":\"OK\"}");
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200").contains("Lambda-Runtime-Aws-Request-Id: req-7")
                    .endsWith("{\"k\":1}");
            out.write(request("POST", "invocation/req-7/response", "\"two\""));
            assertThat(new String(second.get(5, TimeUnit.SECONDS).body(), StandardCharsets.UTF_8))
                    .isEqualTo("\"two\"");
            assertThat(readResponse(in)).startsWith("HTTP/1.1 202");
        }
    }

    @Test
    void anEventIsNotLostToAPollWhoseConnectionWentAway() throws Exception {
        String host = server.address().substring(0, server.address().indexOf(':'));
        int port = Integer.parseInt(server.address().substring(server.address().indexOf(':') + 1));
        try (Socket s = new Socket(host, port)) {
            s.getOutputStream().write(request("GET", "invocation/next", null));
            channel.ready().get(5, TimeUnit.SECONDS);
        }
        Thread.sleep(200); // the server notices the hang-up
        CompletableFuture<RuntimeReply> reply = channel.submit(invocation("req-8"));
        HttpResponse<String> next = get("invocation/next");
        assertThat(next.headers().firstValue("Lambda-Runtime-Aws-Request-Id")).hasValue("req-8");
        assertThat(post("invocation/req-8/response", "\"ok\"", null).statusCode()).isEqualTo(202);
        assertThat(reply.get(5, TimeUnit.SECONDS).failed()).isFalse();
    }

    private byte[] request(String method, String path, String body) {
        String head = method + " /2018-06-01/runtime/" + path + " HTTP/1.1\r\nHost: " + server.address() + "\r\n"
                + (body == null ? "" : "Content-Length: " + body.length() + "\r\n") + "\r\n";
        return (head + (body == null ? "" : body)).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** One response as text: head, blank line and Content-Length bytes of body. */
    private static String readResponse(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new ExecutionException("connection closed", null);
            }
            head.append((char) c);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
