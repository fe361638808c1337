package dev.stratus.lambda.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Lambda Runtime API (2018-06-01) for one execution environment, on its own loopback port so an environment
 * only ever sees its own invocations. Served by {@link LoopbackHttpServer}: a thread per connection (a runtime keeps
 * one) reads the runtime's requests; a long poll with no event waiting is answered by the thread that submits the
 * next invocation, which writes the event itself rather than waking the connection's thread to do it.
 */
public final class RuntimeApiServer implements AutoCloseable {
    /** AWS's limit for a synchronous response, plus the RIE's 100 bytes of slack. */
    static final int MAX_PAYLOAD_BYTES = 6 * 1024 * 1024 + 100;
    private static final String PREFIX = "/2018-06-01/runtime/";
    private static final String INVOCATION = PREFIX + "invocation/";
    private static final byte[] ACCEPTED = "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8);
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    private final InvocationChannel channel;
    private final ExtensionsApi extensions;
    private final LoopbackHttpServer server;

    RuntimeApiServer(InvocationChannel channel) {
        this(channel, null);
    }

    /** A Runtime API that also serves the Extensions API ({@code extensions} may be null: then it does not). */
    RuntimeApiServer(InvocationChannel channel, ExtensionsApi extensions) {
        this.channel = channel;
        this.extensions = extensions;
        this.server = new LoopbackHttpServer(this::handle, MAX_PAYLOAD_BYTES, StreamedResponse::isStreamed);
    }

    /** The value for {@code AWS_LAMBDA_RUNTIME_API}: host and port, no scheme. */
    public String address() {
        return "127.0.0.1:" + server.port();
    }

    private LoopbackHttpServer.Response handle(LoopbackHttpServer.Request req)
            throws IOException, InterruptedException {
        String path = req.path();
        String method = req.method();
        if (extensions != null && path.startsWith(ExtensionsApi.PREFIX)) {
            return extensions.handle(req);
        }
        if (path.equals(INVOCATION + "next")) {
            return method.equals("GET") ? next(req) : status(405);
        }
        if (path.equals(PREFIX + "init/error")) {
            if (!method.equals("POST")) {
                return status(405);
            }
            if (req.body() == null) {
                return tooLarge();
            }
            return ack(channel.initError(RuntimeReply.error(errorType(req), req.body())));
        }
        if (path.startsWith(INVOCATION) && (path.endsWith("/response") || path.endsWith("/error"))) {
            if (!method.equals("POST")) {
                return status(405);
            }
            boolean error = path.endsWith("/error");
            String id = path.substring(INVOCATION.length(), path.lastIndexOf('/'));
            if (req.chunks() != null) {
                // Streamed: relayed as it arrives when the caller streams (InvokeWithResponseStream), else buffered.
                ResponseSink sink = channel.sink(id);
                long limit = sink == null ? MAX_PAYLOAD_BYTES : StreamedResponse.MAX_STREAMED_BYTES;
                byte[] body = StreamedResponse.read(req.chunks(), sink, limit);
                if (body == null) {
                    return responseTooLarge(id, limit);
                }
                RuntimeReply failed = streamedError(req);
                return ack(channel.reply(id, failed != null ? failed : RuntimeReply.success(body)));
            }
            if (req.body() == null) {
                return responseTooLarge(id, MAX_PAYLOAD_BYTES);
            }
            RuntimeReply reply = error ? RuntimeReply.error(errorType(req), req.body())
                    : streamedError(req) != null ? streamedError(req) : RuntimeReply.success(req.body());
            return ack(channel.reply(id, reply, PeakReport.parse(req.header(PeakReport.HEADER))));
        }
        return json(404, errorJson("404 page not found", "NotFound"));
    }

    private LoopbackHttpServer.Response next(LoopbackHttpServer.Request req) throws InterruptedException {
        LoopbackHttpServer.Connection connection = req.connection();
        Invocation inv = connection == null ? channel.next()
                : channel.nextOrPark(parked -> connection.answer(event(parked)));
        if (inv == null) {
            return null; // closing: the runtime is about to be stopped, leave the poll unanswered
        }
        return inv == InvocationChannel.PARKED ? LoopbackHttpServer.DEFERRED : event(inv);
    }

    private static LoopbackHttpServer.Response event(Invocation inv) {
        Map<String, String> h = new LinkedHashMap<>();
        // The Java runtime interface client crashes without this header; AWS always sends it.
        h.put("Content-Type", "application/json");
        h.put("Lambda-Runtime-Aws-Request-Id", inv.requestId());
        h.put("Lambda-Runtime-Deadline-Ms", Long.toString(inv.deadlineMs()));
        h.put("Lambda-Runtime-Invoked-Function-Arn", inv.invokedFunctionArn());
        h.put("Lambda-Runtime-Trace-Id", inv.traceId());
        if (inv.clientContext() != null) {
            h.put("Lambda-Runtime-Client-Context", inv.clientContext());
        }
        if (inv.cognitoIdentity() != null) {
            h.put("Lambda-Runtime-Cognito-Identity", inv.cognitoIdentity());
        }
        return new LoopbackHttpServer.Response(200, h, inv.payload());
    }

    private static LoopbackHttpServer.Response ack(InvocationChannel.Ack ack) {
        return switch (ack) {
            case ACCEPTED -> json(202, ACCEPTED);
            case INVALID_REQUEST_ID -> json(400, errorJson("Invalid request ID", "InvalidRequestID"));
            case INVALID_STATE -> json(403, errorJson(
                    "State transition from Ready to InitError failed for runtime. Error: State transition is not allowed",
                    "InvalidStateTransition"));
        };
    }

    /**
     * A response streamed with {@code Lambda-Runtime-Function-Response-Mode: streaming} that failed midway: the error
     * type and base64 error document arrive as trailers of the chunked body. Null when it did not fail.
     */
    private static RuntimeReply streamedError(LoopbackHttpServer.Request req) {
        String type = req.header("Lambda-Runtime-Function-Error-Type");
        if (type == null || type.isBlank()) {
            return null;
        }
        String body = req.header("Lambda-Runtime-Function-Error-Body");
        byte[] doc;
        try {
            doc = body == null ? new byte[0] : java.util.Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            doc = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        return RuntimeReply.error(type, doc);
    }

    private static String errorType(LoopbackHttpServer.Request req) {
        String t = req.header("Lambda-Runtime-Function-Error-Type");
        return t == null || t.isBlank() ? "Runtime.UnknownReason" : t;
    }

    /** The runtime hears 413; the caller gets Lambda's own error for an oversized response. */
    private LoopbackHttpServer.Response responseTooLarge(String id, long limit) {
        channel.reply(id, RuntimeReply.platformError("Function.ResponseSizeTooLarge",
                "Response payload size exceeded maximum allowed payload size (" + limit + " bytes)."));
        return tooLarge();
    }

    private static LoopbackHttpServer.Response tooLarge() {
        return json(413, errorJson("Exceeded maximum allowed payload size (" + MAX_PAYLOAD_BYTES + " bytes).",
                "RequestEntityTooLarge"));
    }

    static byte[] errorJson(String message, String type) {
        return ("{\"errorMessage\":\"" + Json.escape(message) + "\",\"errorType\":\"" + type + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static LoopbackHttpServer.Response json(int status, byte[] body) {
        return new LoopbackHttpServer.Response(status, JSON, body);
    }

    static LoopbackHttpServer.Response status(int status) {
        return new LoopbackHttpServer.Response(status, Map.of(), null);
    }

    @Override
    public void close() {
        server.close();
    }
}
