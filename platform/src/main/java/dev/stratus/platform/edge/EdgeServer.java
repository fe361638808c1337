package dev.stratus.platform.edge;

import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.HttpResponse;
import dev.stratus.protocol.StreamingBody;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The one HTTP port for every service: Helidon SE on virtual threads in front of {@link EdgeHandler}. */
public final class EdgeServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("stratus.edge");
    /** Helidon's own cap on any body; services enforce their smaller limits while reading. */
    static final long MAX_PAYLOAD_BYTES = 64L * 1024 * 1024 * 1024;
    /** API Gateway's WebSocket frame limit (32 KB), the only WebSocket service; bigger frames close the connection. */
    static final int MAX_WEBSOCKET_FRAME_BYTES = 32 * 1024;

    private final WebServer server;
    private final OldGenerationWatch oldGeneration;

    private EdgeServer(WebServer server) {
        this.server = server;
        this.oldGeneration = OldGenerationWatch.start();
    }

    /** Binds and starts; throws {@link java.io.UncheckedIOException} or similar when the port cannot be bound. */
    public static EdgeServer start(String host, int port, EdgeHandler handler) {
        return start(host, port, () -> handler);
    }

    /**
     * Binds and starts with a handler that may not exist yet: {@code handler} is asked per request and may block
     * until the services are ready, so the HTTP server can start while storage opens.
     */
    public static EdgeServer start(String host, int port, Supplier<EdgeHandler> handler) {
        probe(host, port);
        EdgeWebSocket.Upgrades upgrades = new EdgeWebSocket.Upgrades(handler);
        WebServer server = WebServer.builder()
                .host(host)
                .port(port)
                .shutdownHook(false)
                .maxPayloadSize(MAX_PAYLOAD_BYTES)
                // Request bodies reach the services as sent: S3 stores Content-Encoding: gzip bodies as they are
                // and the protocol layer unframes aws-chunked ones, so Helidon must neither decode nor refuse them.
                .contentEncoding(c -> c.contentEncodingsDiscoverServices(false))
                .addProtocol(Http1Config.builder().validateRequestHeaders(false).build())
                .addProtocol(WsConfig.builder().maxFrameLength(MAX_WEBSOCKET_FRAME_BYTES).build())
                // Every upgrade is offered to the services' WebSocket doors (EdgeWebSocket), whatever its path.
                .addRouting(WsRouting.builder().endpoint("/*", () -> new EdgeWebSocket(upgrades)))
                // WebSocket APIs close idle connections after 10 minutes themselves; this only reaps the rest.
                .idleConnectionTimeout(Duration.ofMinutes(11))
                // Without TCP_NODELAY a response written in two segments waits ~40 ms for the client's delayed ACK.
                .connectionOptions(o -> o.tcpNoDelay(true))
                .routing(r -> r.addFilter((chain, req, res) -> {
                    if (!upgrade(upgrades, handler, req, res)) {
                        chain.proceed();
                    }
                }).any((req, res) -> serve(handler.get(), req, res)))
                .build()
                .start();
        if (!server.isRunning() || server.port() < 0) {
            server.stop();
            throw new IllegalStateException("the HTTP server could not bind " + host + ":" + port);
        }
        return new EdgeServer(server);
    }

    /** Fails fast with a BindException when the address is taken, before Helidon logs its own stack traces. */
    private static void probe(String host, int port) {
        if (port == 0) {
            return;
        }
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(host, port));
        } catch (BindException e) {
            throw new UncheckedIOException(new BindException("port " + port + " on " + host + " is already in use"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Offers a WebSocket upgrade request to the services' doors; answers it as plain HTTP (returning true) when none
     * accepts it, otherwise lets it go on to the upgrader (false). Other requests go on untouched.
     */
    private static boolean upgrade(EdgeWebSocket.Upgrades upgrades, Supplier<EdgeHandler> handler, ServerRequest req,
                                   ServerResponse res) {
        // Checked on Helidon's headers first: this runs for every request.
        if (!req.headers().contains(HeaderNames.UPGRADE)) {
            return false;
        }
        HttpRequest.Headers headers = headers(req);
        if (!EdgeWebSocket.isUpgrade(headers)) {
            return false;
        }
        String query = req.query().rawValue();
        HttpRequest upgrade = new HttpRequest(req.prologue().method().text(), req.path().rawPath(),
                query == null || query.isEmpty() ? null : query, headers, new byte[0]);
        if (upgrades.accept(upgrade) != null) {
            return false;
        }
        serve(handler.get(), req, res);
        return true;
    }

    private static HttpRequest.Headers headers(ServerRequest req) {
        return HelidonHeaders.of(req.headers());
    }

    private static void serve(EdgeHandler handler, ServerRequest req, ServerResponse res) {
        HttpRequest.Headers headers = headers(req);
        long length = req.headers().contentLength().orElse(-1);
        InputStream body = req.content().hasEntity() ? new FirstReadOpens(() -> req.content().inputStream()) : null;
        String rawQuery = req.query().rawValue();
        HttpResponse out = handler.handle(req.prologue().method().text(), req.path().rawPath(), rawQuery, headers,
                length, body);
        res.status(out.status());
        if (body != null && !req.content().consumed() && "100-continue".equalsIgnoreCase(headers.first("Expect"))) {
            // Refused on its headers (S3's EntityTooLarge), the client was never told to continue and will not send
            // the body Helidon would wait to skip: end the connection. A client already sending its body is left to
            // finish (Helidon skips it), as closing under it would cut off the answer.
            res.header("Connection", "close");
        }
        boolean head = "HEAD".equals(req.prologue().method().text());
        for (Map.Entry<String, List<String>> h : out.headers().asMap().entrySet()) {
            List<String> values = h.getValue();
            HeaderName name = HelidonHeaders.name(h.getKey());
            res.header(values.size() == 1 ? HeaderValues.create(name, values.get(0))
                    : HeaderValues.create(name, values));
        }
        String declaredLength = out.headers().first("Content-Length");
        if (out.stream() != null) {
            send(out.stream(), res, head);
            return;
        }
        if (head && declaredLength != null && out.body().length == 0) {
            // A HEAD answer describes the body a GET would send (S3 HeadObject's size): keep its length, send none.
            res.send();
            return;
        }
        res.send(out.body());
    }

    /**
     * Copies a streamed body (S3 GetObject) to the client with the Content-Length already set, so a 5 GB object
     * passes through a small buffer; the source is closed whatever happens (a client gone mid-body included).
     */
    private static void send(StreamingBody body, ServerResponse res, boolean head) {
        try (body; InputStream in = body.stream()) {
            if (head) {
                res.send();
                return;
            }
            try (OutputStream os = res.outputStream()) {
                copy(in, os);
            }
        } catch (IOException | UncheckedIOException e) {
            // Mostly a client that stopped reading (a cancelled download); the connection is gone either way.
            LOG.log(Level.FINE, "streamed response body not completed", e);
        }
    }

    /**
     * Copies {@code in} to {@code out}, flushing whenever the source has nothing more ready: a body produced while it
     * is sent (Lambda response streaming) reaches the client piece by piece, while a file's bytes (always available)
     * go out in full buffers.
     */
    static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            if (in.available() == 0) {
                out.flush();
            }
        }
    }

    /**
     * The request body, opened on its first read: Helidon answers {@code Expect: 100-continue} when the stream is
     * opened, so a request refused on its headers (S3's EntityTooLarge) never invites the client to send the body.
     */
    private static final class FirstReadOpens extends InputStream {
        private final Supplier<InputStream> open;
        private InputStream in;

        FirstReadOpens(Supplier<InputStream> open) {
            this.open = open;
        }

        private InputStream in() {
            if (in == null) {
                in = open.get();
            }
            return in;
        }

        @Override
        public int read() throws IOException {
            return in().read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in().read(b, off, len);
        }

        @Override
        public int available() throws IOException {
            return in == null ? 0 : in.available();
        }

        @Override
        public void close() throws IOException {
            if (in != null) {
                in.close();
            }
        }
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
        if (oldGeneration != null) {
            oldGeneration.close();
        }
    }
}
