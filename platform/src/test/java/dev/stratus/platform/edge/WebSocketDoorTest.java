package dev.stratus.platform.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.platform.HttpFrontDoor;
import dev.stratus.platform.WebSocketDoor;
import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.HttpResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The edge's WebSocket hook: a service's door decides on upgrades before the handshake; refused or unclaimed
 * upgrades are served as plain HTTP (so the front door answers with its own status); accepted sessions get frames.
 */
class WebSocketDoorTest {
    final BlockingQueue<String> closes = new LinkedBlockingQueue<>();

    /** Accepts /ws/ upgrades unless the query is "no", and answers each message uppercased. */
    class EchoService extends FrontDoorTest.HookService {
        @Override
        public WebSocketDoor webSocketDoor() {
            return new WebSocketDoor() {
                @Override
                public boolean claims(HttpRequest upgrade) {
                    return upgrade.rawPath().startsWith("/ws/");
                }

                @Override
                public Session accept(HttpRequest upgrade, String requestId) {
                    return "no".equals(upgrade.rawQuery()) ? null : new Session() {
                        private final StringBuilder message = new StringBuilder();
                        private Peer peer;

                        @Override
                        public void opened(Peer peer) {
                            this.peer = peer;
                        }

                        @Override
                        public void text(String part, boolean last) {
                            message.append(part);
                            if (last) {
                                peer.send(message.toString().toUpperCase());
                                message.setLength(0);
                            }
                        }

                        @Override
                        public void binary(byte[] part, boolean last) {
                        }

                        @Override
                        public void closed(int code, String reason) {
                            closes.add(code + " " + reason);
                        }
                    };
                }
            };
        }

        @Override
        public HttpFrontDoor frontDoor() {
            return new HttpFrontDoor() {
                @Override
                public boolean claims(HttpRequest request) {
                    return request.rawPath().startsWith("/ws/");
                }

                @Override
                public HttpResponse handle(HttpRequest request, String requestId) {
                    return HttpResponse.text(418, "text/plain", "refused");
                }
            };
        }
    }

    final EdgeServer server = EdgeServer.start("127.0.0.1", 0, FrontDoorTest.edge(new EchoService()));
    final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        server.close();
    }

    /** Queues whole messages and completes with the close code. */
    static final class Listener implements WebSocket.Listener {
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            received.add(data.toString());
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }
    }

    WebSocket connect(String pathAndQuery, Listener listener) {
        return http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + server.port() + pathAndQuery),
                listener).join();
    }

    static int refusedStatus(Runnable connect) {
        try {
            connect.run();
        } catch (CompletionException e) {
            return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
        }
        throw new AssertionError("the upgrade was accepted");
    }

    @Test
    void acceptedSessionsGetMessagesAndTheClose() throws Exception {
        Listener listener = new Listener();
        WebSocket ws = connect("/ws/chat", listener);
        ws.sendText("hel", false).join();
        ws.sendText("lo", true).join();
        assertThat(listener.received.poll(10, TimeUnit.SECONDS)).isEqualTo("HELLO");
        ws.sendClose(4000, "bye").join();
        assertThat(closes.poll(10, TimeUnit.SECONDS)).isEqualTo("4000 bye");
        assertThat(closes.poll(200, TimeUnit.MILLISECONDS)).as("closed() is called once").isNull();
    }

    @Test
    void refusedUpgradesAreAnsweredByTheFrontDoor() {
        assertThat(refusedStatus(() -> connect("/ws/chat?no", new Listener()))).isEqualTo(418);
    }

    @Test
    void upgradesNoDoorClaimsAreServedAsPlainHttp() {
        assertThat(refusedStatus(() -> connect("/elsewhere", new Listener()))).isEqualTo(400);
    }
}
