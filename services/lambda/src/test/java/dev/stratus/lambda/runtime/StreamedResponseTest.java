package dev.stratus.lambda.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StreamedResponseTest {
    private final InvocationChannel channel = new InvocationChannel();
    private final RuntimeApiServer server = new RuntimeApiServer(channel);
    private final BlockingQueue<String> pieces = new LinkedBlockingQueue<>();
    private final ResponseSink sink = piece -> pieces.add(new String(piece, StandardCharsets.UTF_8));

    @AfterEach
    void close() {
        channel.close(RuntimeReply.platformError("Runtime.ExitError", "closed"));
        server.close();
    }

    private static Invocation invocation(String id) {
        return new Invocation(id, "{}".getBytes(StandardCharsets.UTF_8), 1_700_000_000_000L,
                "arn:aws:lambda:us-east-1:000000000000:function:f", "Root=1-abc", null, null);
    }

    private void next() throws Exception {
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + server.address()
                + "/2018-06-01/runtime/invocation/next")).build(), HttpResponse.BodyHandlers.discarding());
    }

    private static void write(OutputStream out, String s) throws Exception {
        out.write(s.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static String chunk(String data) {
        return Integer.toHexString(data.length()) + "\r\n" + data + "\r\n";
    }

    private static String status(InputStream in) throws Exception {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            line.append((char) c);
        }
        return line.toString().strip();
    }

    /** Opens the streamed response post (as the Node runtime writes it) for {@code id}. */
    private Socket open(String id) throws Exception {
        String[] hostPort = server.address().split(":");
        Socket s = new Socket(hostPort[0], Integer.parseInt(hostPort[1]));
        write(s.getOutputStream(), "POST /2018-06-01/runtime/invocation/" + id + "/response HTTP/1.1\r\n"
                + "Host: " + server.address() + "\r\nLambda-Runtime-Function-Response-Mode: streaming\r\n"
                + "Transfer-Encoding: chunked\r\nTrailer: Lambda-Runtime-Function-Error-Type, "
                + "Lambda-Runtime-Function-Error-Body\r\n\r\n");
        return s;
    }

    @Test
    void eachChunkReachesTheSinkBeforeTheBodyEnds() throws Exception {
        CompletableFuture<RuntimeReply> reply = channel.submit(invocation("s-1"), sink);
        next();
        try (Socket s = open("s-1")) {
            OutputStream out = s.getOutputStream();
            write(out, chunk("first"));
            assertThat(pieces.poll(10, TimeUnit.SECONDS)).isEqualTo("first");
            write(out, chunk("second"));
            assertThat(pieces.poll(10, TimeUnit.SECONDS)).isEqualTo("second");
            assertThat(reply).isNotDone();
            String doc = Base64.getEncoder().encodeToString("{\"errorType\":\"Boom\"}".getBytes());
            write(out, "0\r\nLambda-Runtime-Function-Error-Type: Boom\r\nLambda-Runtime-Function-Error-Body: " + doc
                    + "\r\n\r\n");
            assertThat(status(s.getInputStream())).isEqualTo("HTTP/1.1 202 Accepted");
        }
        RuntimeReply r = reply.get(10, TimeUnit.SECONDS);
        assertThat(r.errorType()).isEqualTo("Boom");
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("{\"errorType\":\"Boom\"}");
    }

    @Test
    void withoutASinkTheStreamIsBufferedIntoTheReply() throws Exception {
        CompletableFuture<RuntimeReply> reply = channel.submit(invocation("s-2"));
        next();
        try (Socket s = open("s-2")) {
            write(s.getOutputStream(), chunk("hello ") + chunk("world") + "0\r\n\r\n");
            assertThat(status(s.getInputStream())).isEqualTo("HTTP/1.1 202 Accepted");
        }
        RuntimeReply r = reply.get(10, TimeUnit.SECONDS);
        assertThat(r.failed()).isFalse();
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("hello world");
    }

    @Test
    void aStreamPastTheLimitIsCutOffAndSkipped() throws Exception {
        Map<String, String> headers = new HashMap<>();
        InputStream body = new ByteArrayInputStream((chunk("hello") + chunk("world") + "0\r\nX-Trailer: t\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        assertThat(StreamedResponse.read(new ChunkedBody(body, headers), sink, 7)).isNull();
        assertThat(pieces).containsExactly("hello");
        assertThat(headers).containsEntry("x-trailer", "t"); // read to its end: the connection stays usable
        assertThat(body.read()).isEqualTo(-1);
    }
}
