package dev.stratus.protocol.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.HttpResponse;
import dev.stratus.protocol.StreamedEvents;
import dev.stratus.protocol.StreamingBody;
import dev.stratus.protocol.model.Member;
import dev.stratus.protocol.model.OperationModel;
import dev.stratus.protocol.model.ServiceModel;
import dev.stratus.protocol.model.Shape;
import dev.stratus.protocol.sigv4.AwsChunkedInputStream;
import dev.stratus.protocol.sigv4.SigV4Verifier;
import dev.stratus.protocol.sigv4.StreamingPayload;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What restJson and restXml share: routing by method and URI template, HTTP-bound members, payload members, the
 * status code. The two differ only in how a body is read and written and how errors look.
 *
 * <p>Bodies are byte arrays, except a streaming blob payload (S3 object bodies): when the edge hands over the
 * unread body ({@link HttpRequest#bodyStream()}) it becomes a {@link StreamingBody} node in the input, and a
 * {@link StreamingBody} node in the output becomes the response's stream, so an object never sits in memory.
 */
abstract sealed class RestCodec implements ProtocolCodec permits RestJsonCodec, RestXmlCodec {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final byte[] EMPTY = new byte[0];

    /** The raw path as the service's URI templates see it (S3 folds a virtual-host bucket into it). */
    String routingPath(ServiceModel model, HttpRequest request) {
        return request.rawPath();
    }

    /** The error for a request no operation matches. */
    abstract AwsException noOperation(ServiceModel model, HttpRequest request, String path,
                                      Map<String, List<String>> query);

    /** The error for a bound value (label, query parameter, header) its member's type cannot hold. */
    abstract AwsException malformedValue(ServiceModel model, String parameter, String value, Shape expected);

    /** The error for a body that cannot be read (bad framing, bad JSON or XML). */
    abstract AwsException malformedBody(ServiceModel model, String detail);

    /** Reads a body (JSON or XML) as a value of {@code shape}; null when it holds nothing. */
    abstract ObjectNode readBody(ServiceModel model, Shape shape, byte[] body);

    /** Writes the body members of an output structure. */
    abstract byte[] writeBody(OperationModel operation, Shape output, JsonNode value);

    /** Writes a structure payload member. */
    abstract byte[] writePayload(OperationModel operation, Member payload, JsonNode value);

    abstract String contentType();

    /** Headers every response of the service carries (S3's request ids). */
    void commonHeaders(ServiceModel model, HttpRequest.Headers headers, String requestId) {
    }

    @Override
    public final OperationModel resolve(ServiceModel model, HttpRequest request) {
        String path = routingPath(model, request);
        Map<String, List<String>> query = request.queryParams();
        RestRouter.Match match = RestRouter.of(model).find(request.method(), path, query, request.headers());
        if (match == null) {
            throw noOperation(model, request, path, query);
        }
        return match.operation();
    }

    @Override
    public final ObjectNode decode(OperationModel operation, HttpRequest request) {
        ServiceModel model = operation.service();
        ObjectNode out = F.objectNode();
        Shape input = operation.input();
        if (input == null) {
            return out;
        }
        Map<String, List<String>> query = request.queryParams();
        Map<String, String> labels = operation.uriTemplate().match(routingPath(model, request), query);
        HttpRequest.Headers headers = request.headers();
        byte[] body = request.body();
        StreamingPayload streaming = streaming(request);
        Member streamed = streamedPayload(input);
        if (request.bodyStream() != null && streamed != null) {
            StreamingBody stream = payloadStream(request, streaming);
            out.set(streamed.name(), stream.node());
            if (streaming != null) {
                headers = withoutChunking(headers, Map.of(), stream.length());
            }
            body = EMPTY;
            streaming = null;
        } else if (request.bodyStream() != null) {
            body = readAll(model, request.bodyStream());
        }
        if (streaming != null) {
            // One aws-chunked decoder for the whole project (sigv4's); it checks chunk signatures when the edge
            // attached a chain (strict mode).
            AwsChunkedInputStream decoder = new AwsChunkedInputStream(new ByteArrayInputStream(body), streaming,
                    request.chunkSignatures(), AwsChunkedInputStream.decodedContentLength(request));
            try {
                body = decoder.readAllBytes();
            } catch (IOException e) {
                throw malformedBody(model, e.getMessage());
            }
            headers = withoutChunking(headers, decoder.trailers(), body.length);
        }
        String payload = input.payload();
        if (payload != null && !out.has(payload)) {
            Member m = input.member(payload);
            JsonNode v = m == null ? null : payloadIn(model, m, body);
            if (v != null) {
                out.set(m.name(), v);
            }
        } else if (hasBodyMembers(input) && !blank(body)) {
            ObjectNode members = readBody(model, input, body);
            if (members != null) {
                out.setAll(members);
            }
        }
        RestBindings.Sources sources = new RestBindings.Sources(labels == null ? Map.of() : labels, query,
                operation.uriTemplate().literalQueryNames(), headers);
        RestBindings.decode(input, sources, out, (p, v, s) -> malformedValue(model, p, v, s));
        return out;
    }

    /** The input's payload member when it is a streaming blob (S3 PutObject's Body), else null. */
    private static Member streamedPayload(Shape input) {
        Member m = input.payload() == null ? null : input.member(input.payload());
        return m != null && "blob".equals(m.shape().type()) && m.streaming() ? m : null;
    }

    /**
     * The unread body as a stream of payload bytes: unframed from aws-chunked on the fly (trailers become the
     * body's, known once it is read), short bodies refused as IncompleteBody, a signed hex SHA-256 checked.
     */
    private static StreamingBody payloadStream(HttpRequest request, StreamingPayload streaming) {
        long declared = contentLength(request);
        String sha = request.header("x-amz-content-sha256");
        String hash = sha != null && SigV4Verifier.isHexSha256(sha.strip()) ? sha.strip() : null;
        InputStream raw = new RequestBodyStream(request.bodyStream(), declared, streaming == null ? hash : null);
        if (streaming == null) {
            return new StreamingBody(declared, raw);
        }
        // Chunk signatures are checked as each chunk ends when the edge attached a chain (strict mode), so the
        // body still streams and a tampered chunk fails the read before the object exists.
        AwsChunkedInputStream decoder = new AwsChunkedInputStream(raw, streaming, request.chunkSignatures(),
                AwsChunkedInputStream.decodedContentLength(request));
        return new StreamingBody(AwsChunkedInputStream.decodedContentLength(request), decoder, decoder::trailers);
    }

    private static long contentLength(HttpRequest request) {
        String v = request.header("Content-Length");
        try {
            return v == null ? -1 : Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private byte[] readAll(ServiceModel model, InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException | RuntimeException e) {
            throw malformedBody(model, String.valueOf(e.getMessage()));
        }
    }

    private JsonNode payloadIn(ServiceModel model, Member m, byte[] body) {
        return switch (m.shape().type()) {
            case "blob" -> body.length == 0 ? null : BinaryNode.valueOf(body);
            case "string" -> body.length == 0 ? null : F.textNode(new String(body, StandardCharsets.UTF_8));
            case "structure" -> blank(body) ? null : readBody(model, m.shape(), body);
            default -> null;
        };
    }

    @Override
    public final HttpResponse encode(OperationModel operation, JsonNode output, String requestId) {
        ServiceModel model = operation.service();
        HttpRequest.Headers headers = new HttpRequest.Headers();
        commonHeaders(model, headers, requestId);
        Shape out = operation.output();
        JsonNode value = output != null && output.isObject() ? output : F.objectNode();
        byte[] body = EMPTY;
        StreamingBody stream = null;
        if (out != null) {
            String payload = out.payload();
            StreamedEvents events;
            if (payload != null && out.member(payload) != null
                    && (stream = StreamingBody.of(value.get(payload))) != null) {
                headers.set("Content-Type", "application/octet-stream");
            } else if (payload != null && out.member(payload) != null
                    && (events = StreamedEvents.of(value.get(payload))) != null) {
                // Events still being produced (Lambda response streaming): framed as the edge sends them.
                headers.set("Content-Type", EventStreams.CONTENT_TYPE);
                stream = new StreamingBody(-1, EventStreams.open(out.member(payload).shape(), events));
            } else if (payload != null && out.member(payload) != null) {
                body = payloadOut(operation, out.member(payload), value.get(payload), headers);
            } else if (hasBodyMembers(out)) {
                body = writeBody(operation, out, value);
                headers.set("Content-Type", contentType());
            }
        }
        int status = RestBindings.encode(out, value, headers, operation.responseCode());
        if (status == 204 || status == 304 || "HEAD".equalsIgnoreCase(operation.httpMethod())) {
            body = EMPTY;
            if (stream != null) {
                stream.close();
                stream = null;
            }
        }
        if (stream != null && stream.length() >= 0) {
            // The HTTP server sends exactly this many bytes from the stream, not chunked.
            headers.set("Content-Length", Long.toString(stream.length()));
        }
        return new HttpResponse(status, headers, body, stream);
    }

    private byte[] payloadOut(OperationModel operation, Member m, JsonNode v, HttpRequest.Headers headers) {
        if (v == null || v.isNull()) {
            return EMPTY;
        }
        if (EventStreams.isEventStream(m.shape())) {
            headers.set("Content-Type", EventStreams.CONTENT_TYPE);
            return EventStreams.write(m.shape(), v);
        }
        switch (m.shape().type()) {
            case "blob" -> {
                headers.set("Content-Type", "application/octet-stream");
                return bytes(v);
            }
            case "string" -> {
                headers.set("Content-Type", "text/plain");
                return v.asText().getBytes(StandardCharsets.UTF_8);
            }
            case "structure" -> {
                headers.set("Content-Type", contentType());
                return writePayload(operation, m, v);
            }
            default -> {
                return EMPTY;
            }
        }
    }

    private static byte[] bytes(JsonNode v) {
        if (v.isBinary()) {
            try {
                return v.binaryValue();
            } catch (IOException e) {
                return EMPTY;
            }
        }
        return v.asText().getBytes(StandardCharsets.UTF_8);
    }

    /** Whether any member of {@code shape} travels in the body rather than in the URI, headers or status. */
    static boolean hasBodyMembers(Shape shape) {
        for (Member m : shape.members().values()) {
            if (m.location() == null) {
                return true;
            }
        }
        return false;
    }

    static boolean blank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    /**
     * How the body is framed: as x-amz-content-sha256 or Content-Encoding says; an unknown STREAMING-* value (e.g.
     * SigV4a's) is unframed as signed chunks, with or without trailer.
     */
    private static StreamingPayload streaming(HttpRequest request) {
        StreamingPayload p = StreamingPayload.of(request);
        String sha = request.header("x-amz-content-sha256");
        if (p == null && sha != null && sha.strip().startsWith("STREAMING-")) {
            return sha.strip().endsWith("-TRAILER") ? StreamingPayload.SIGNED_WITH_TRAILER : StreamingPayload.SIGNED;
        }
        return p;
    }

    /** The headers after de-chunking: trailers join them, and aws-chunked leaves Content-Encoding. */
    private static HttpRequest.Headers withoutChunking(HttpRequest.Headers in, Map<String, String> trailers,
                                                       long decodedLength) {
        HttpRequest.Headers out = new HttpRequest.Headers();
        in.asMap().forEach((name, values) -> {
            if (name.equalsIgnoreCase("Content-Length")) {
                return;
            }
            if (name.equalsIgnoreCase("Content-Encoding")) {
                String rest = String.join(",", values.stream()
                        .flatMap(v -> java.util.Arrays.stream(v.split(",")))
                        .map(String::trim)
                        .filter(v -> !v.isEmpty() && !v.toLowerCase(Locale.ROOT).equals("aws-chunked"))
                        .toList());
                if (!rest.isEmpty()) {
                    out.add(name, rest);
                }
            } else {
                values.forEach(v -> out.add(name, v));
            }
        });
        trailers.forEach(out::set);
        // The member bound to Content-Length (S3's ContentLength) means the object's size, not the framed one
        // (unknown before the end when a streamed chunked body came without x-amz-decoded-content-length).
        if (decodedLength >= 0) {
            out.set("Content-Length", Long.toString(decodedLength));
        }
        return out;
    }
}
