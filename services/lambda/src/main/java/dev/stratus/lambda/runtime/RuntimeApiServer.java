package dev.stratus.lambda.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The Lambda Runtime API (2018-06-01) for one execution environment, on its own loopback port so an environment
 * only ever sees its own invocations. Internal and loopback-only, so the JDK's server is enough: it costs one
 * acceptor thread, and handlers (including the long poll) run on virtual threads.
 */
public final class RuntimeApiServer implements AutoCloseable {
    /** AWS's limit for a synchronous response, plus the RIE's 100 bytes of slack. */
    static final int MAX_PAYLOAD_BYTES = 6 * 1024 * 1024 + 100;
    private static final String PREFIX = "/2018-06-01/runtime/";
    private static final String INVOCATION = PREFIX + "invocation/";
    private static final byte[] ACCEPTED = "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8);

    private final InvocationChannel channel;
    private final HttpServer server;
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();

    RuntimeApiServer(InvocationChannel channel) {
        this.channel = channel;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the Lambda Runtime API", e);
        }
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The value for {@code AWS_LAMBDA_RUNTIME_API}: host and port, no scheme. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath();
            String method = ex.getRequestMethod();
            if (path.equals(INVOCATION + "next")) {
                if (!method.equals("GET")) {
                    send(ex, 405, null);
                    return;
                }
                next(ex);
            } else if (path.equals(PREFIX + "init/error")) {
                if (!method.equals("POST")) {
                    send(ex, 405, null);
                    return;
                }
                byte[] body = readBody(ex);
                if (body == null) {
                    tooLarge(ex);
                    return;
                }
                ack(ex, channel.initError(RuntimeReply.error(errorType(ex), body)));
            } else if (path.startsWith(INVOCATION) && (path.endsWith("/response") || path.endsWith("/error"))) {
                if (!method.equals("POST")) {
                    send(ex, 405, null);
                    return;
                }
                boolean error = path.endsWith("/error");
                String id = path.substring(INVOCATION.length(), path.lastIndexOf('/'));
                byte[] body = readBody(ex);
                if (body == null) {
                    // The runtime hears 413; the caller gets Lambda's own error for an oversized response.
                    channel.reply(id, RuntimeReply.platformError("Function.ResponseSizeTooLarge",
                            "Response payload size exceeded maximum allowed payload size (" + MAX_PAYLOAD_BYTES
                                    + " bytes)."));
                    tooLarge(ex);
                    return;
                }
                RuntimeReply reply = error ? RuntimeReply.error(errorType(ex), body) : RuntimeReply.success(body);
                ack(ex, channel.reply(id, reply));
            } else {
                send(ex, 404, errorJson("404 page not found", "NotFound"));
            }
        }
    }

    private void next(HttpExchange ex) throws IOException {
        Invocation inv;
        try {
            inv = channel.next();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (inv == null) {
            return; // closing: the runtime is about to be stopped, leave the poll unanswered
        }
        var h = ex.getResponseHeaders();
        // The Java runtime interface client crashes without this header; AWS always sends it.
        h.set("Content-Type", "application/json");
        h.set("Lambda-Runtime-Aws-Request-Id", inv.requestId());
        h.set("Lambda-Runtime-Deadline-Ms", Long.toString(inv.deadlineMs()));
        h.set("Lambda-Runtime-Invoked-Function-Arn", inv.invokedFunctionArn());
        h.set("Lambda-Runtime-Trace-Id", inv.traceId());
        if (inv.clientContext() != null) {
            h.set("Lambda-Runtime-Client-Context", inv.clientContext());
        }
        if (inv.cognitoIdentity() != null) {
            h.set("Lambda-Runtime-Cognito-Identity", inv.cognitoIdentity());
        }
        send(ex, 200, inv.payload());
    }

    private void ack(HttpExchange ex, InvocationChannel.Ack ack) throws IOException {
        switch (ack) {
            case ACCEPTED -> send(ex, 202, ACCEPTED);
            case INVALID_REQUEST_ID -> send(ex, 400, errorJson("Invalid request ID", "InvalidRequestID"));
            case INVALID_STATE -> send(ex, 403, errorJson(
                    "State transition from Ready to InitError failed for runtime. Error: State transition is not allowed",
                    "InvalidStateTransition"));
        }
    }

    private static String errorType(HttpExchange ex) {
        String t = ex.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
        return t == null || t.isBlank() ? "Runtime.UnknownReason" : t;
    }

    /** The request body, or null when it exceeds the payload limit. */
    private static byte[] readBody(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_PAYLOAD_BYTES + 1);
            if (body.length > MAX_PAYLOAD_BYTES) {
                in.transferTo(OutputStream.nullOutputStream());
                return null;
            }
            return body;
        }
    }

    private static void tooLarge(HttpExchange ex) throws IOException {
        send(ex, 413, errorJson("Exceeded maximum allowed payload size (" + MAX_PAYLOAD_BYTES + " bytes).",
                "RequestEntityTooLarge"));
    }

    private static byte[] errorJson(String message, String type) {
        return ("{\"errorMessage\":\"" + Json.escape(message) + "\",\"errorType\":\"" + type + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        if (body != null && status != 200) {
            ex.getResponseHeaders().set("Content-Type", "application/json");
        }
        if (body == null || body.length == 0) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
