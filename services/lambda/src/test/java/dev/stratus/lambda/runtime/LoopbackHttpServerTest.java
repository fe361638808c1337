package dev.stratus.lambda.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The wire details runtime clients rely on, spoken over a raw socket: keep-alive, chunked bodies, 100-continue. */
class LoopbackHttpServerTest {
    private final LoopbackHttpServer server = new LoopbackHttpServer(req -> new LoopbackHttpServer.Response(200,
            Map.of("X-Method", req.method()), (req.path() + "|" + (req.body() == null ? "too large"
                    : new String(req.body(), StandardCharsets.UTF_8))).getBytes(StandardCharsets.UTF_8)), 10);

    @AfterEach
    void close() {
        server.close();
    }

    private static String exchange(Socket s, String request, int responses) throws Exception {
        OutputStream out = s.getOutputStream();
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        InputStream in = s.getInputStream();
        StringBuilder got = new StringBuilder();
        int complete = 0;
        while (complete < responses) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            got.append((char) c);
            // each test response ends with its body, which ends with '#'
            if (c == '#') {
                complete++;
            }
        }
        return got.toString();
    }

    @Test
    void keepAliveChunkedAndContentLengthBodies() throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            String first = exchange(s, "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nab#", 1);
            assertThat(first).startsWith("HTTP/1.1 200 OK\r\n").contains("X-Method: POST\r\n")
                    .contains("Content-Length: 6\r\n").endsWith("\r\n\r\n/a|ab#");
            String second = exchange(s, "POST /b HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "2\r\nxy\r\n1;ext=1\r\n#\r\n0\r\n\r\n", 1);
            assertThat(second).endsWith("/b|xy#");
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        // The runtimes send an invocation's response and their next poll in one write.
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            String both = exchange(s, "POST /response HTTP/1.1\r\nContent-Length: 3\r\n\r\nok#"
                    + "GET /next HTTP/1.1\r\nContent-Length: 1\r\n\r\n#", 2);
            assertThat(both).containsPattern("(?s)^HTTP/1.1 200 OK\r\n.*/response\\|ok#"
                    + "HTTP/1.1 200 OK\r\n.*/next\\|#$");
        }
    }

    @Test
    void expectContinueIsAnsweredBeforeTheBody() throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            String head = "POST /c?q=1 HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n";
            s.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            byte[] cont = s.getInputStream().readNBytes("HTTP/1.1 100 Continue\r\n\r\n".length());
            assertThat(new String(cont, StandardCharsets.ISO_8859_1)).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
            assertThat(exchange(s, "z#", 1)).endsWith("/c|z#");
        }
    }

    @Test
    void oversizedBodiesAreSkippedAndTheConnectionStaysUsable() throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            String big = "0123456789abcdef";
            String r = exchange(s, "POST /d HTTP/1.1\r\nContent-Length: " + big.length() + "\r\n\r\n" + big
                    + "GET /e HTTP/1.1\r\nConnection: close\r\n\r\n", 1);
            assertThat(r).contains("/d|too large");
            // no '#' in the second answer: read to the end, the server closes as asked
            String rest = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(r + rest).contains("Connection: close\r\n").endsWith("/e|");
        }
    }
}
