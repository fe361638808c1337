package dev.stratus.platform.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.HttpFrontDoor;
import dev.stratus.platform.OperationRegistry;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.RequestIds;
import dev.stratus.platform.Service;
import dev.stratus.platform.Version;
import dev.stratus.platform.WebSocketDoor;
import dev.stratus.platform.auth.Authenticator;
import dev.stratus.protocol.AwsException;
import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.HttpResponse;
import dev.stratus.protocol.codec.Codecs;
import dev.stratus.protocol.codec.ProtocolCodec;
import dev.stratus.protocol.model.OperationModel;
import dev.stratus.protocol.sigv4.SigV4Scope;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The protocol-neutral heart of the edge: request in, response out. Routes to a service, decodes with the
 * service's codec, authenticates, calls the operation through the registry and encodes the result or error.
 */
public final class EdgeHandler {
    private static final Logger LOG = Logger.getLogger("stratus.requests");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Bodies above this are refused before they are read (services may not raise it yet). */
    public static final long MAX_BODY_BYTES = 16L * 1024 * 1024;

    private final OperationRegistry registry;
    private final ServiceRouter router;
    private final Authenticator authenticator;
    private final Clock clock;
    private final boolean logRequests;
    private final Supplier<Map<String, Object>> healthExtras;
    /** Services' raw HTTP handlers, asked before AWS routing. */
    private final List<HttpFrontDoor> frontDoors;
    /** Services with at least one operation that streams its request body (only these resolve on headers). */
    private final Set<Service> streamingServices;
    private final List<WebSocketDoor> webSocketDoors;
    /** The endpoint of the last request that had one (see {@link #endpointOf}); racing writers are harmless. */
    private volatile Endpoint lastEndpoint;

    public EdgeHandler(OperationRegistry registry, Authenticator authenticator, Clock clock, boolean logRequests,
                       Supplier<Map<String, Object>> healthExtras) {
        this.registry = registry;
        this.router = new ServiceRouter(registry.services());
        this.authenticator = authenticator;
        this.clock = clock;
        this.logRequests = logRequests;
        this.healthExtras = healthExtras;
        this.frontDoors = registry.services().stream().map(Service::frontDoor).filter(Objects::nonNull).toList();
        this.streamingServices = registry.services().stream()
                .filter(s -> s.model().operations().values().stream().anyMatch(s::streamsRequestBody))
                .collect(Collectors.toSet());
        this.webSocketDoors = registry.services().stream().map(Service::webSocketDoor).filter(Objects::nonNull)
                .toList();
    }

    /** The services' WebSocket doors, offered every upgrade request in order. */
    List<WebSocketDoor> webSocketDoors() {
        return webSocketDoors;
    }

    /**
     * Serves one request whose body is read lazily from {@code body}: buffered up to the routed service's
     * {@link Service#maxRequestBytes()}, or handed over unread to an operation that streams it.
     */
    public HttpResponse handle(String method, String rawPath, String rawQuery, HttpRequest.Headers headers,
                               long contentLength, InputStream body) {
        long start = System.nanoTime();
        String requestId = RequestIds.next();
        HttpResponse response;
        String label = "-";
        Service service = null;
        HttpRequest headersOnly = null;
        try {
            if (rawPath.startsWith("/_stratus/")) {
                response = internal(method, rawPath);
            } else {
                // Route on the headers first so a service may accept bodies above the default limit (S3);
                // requests only the body can route (unsigned query calls) are read with the default limit.
                headersOnly = new HttpRequest(method, rawPath, rawQuery, headers, null);
                SigV4Scope scope = SigV4Scope.of(headersOnly);
                // A request a front door takes (an API Gateway or function URL call) is not offered to the router:
                // an unsigned one would otherwise be matched against every S3 URI template first.
                HttpFrontDoor door = frontDoorFor(headersOnly);
                service = door != null ? null : router.route(headersOnly, scope);
                HttpRequest request;
                if (body != null && streams(service, headersOnly)) {
                    request = new HttpRequest(method, rawPath, rawQuery, headers, null, body);
                } else {
                    long limit = service == null ? MAX_BODY_BYTES : service.maxRequestBytes();
                    if (contentLength > limit) {
                        throw service == null ? new AwsException("RequestEntityTooLarge", "Request body of "
                                + contentLength + " bytes exceeds the limit of " + limit + " bytes", 413)
                                : service.requestTooLarge(limit);
                    }
                    byte[] bytes;
                    try {
                        bytes = readBounded(body, contentLength, limit);
                    } catch (AwsException e) {
                        throw service != null && e.status() == 413 ? service.requestTooLarge(limit) : e;
                    }
                    request = new HttpRequest(method, rawPath, rawQuery, headers, bytes);
                }
                Dispatch d = door != null ? frontDoor(door, request, requestId)
                        : dispatch(request, scope, service, requestId);
                response = d.response;
                label = d.label;
            }
        } catch (AwsException e) {
            // A refusal before dispatch (a body over the limit) still answers in the service's own protocol.
            response = service == null ? plainError(e, requestId)
                    : Codecs.forRequest(service.model(), headersOnly).encodeError(service.model(), null, e, requestId);
        } catch (StackOverflowError | LinkageError e) {
            // Errors a request can provoke (a class that cannot load, e.g. after the jar was replaced under a running
            // server; runaway recursion) are logged and answered with a body, never Helidon's empty 500.
            LOG.log(Level.SEVERE, "internal error, request " + requestId, e);
            response = plainError(AwsException.internal("An internal error occurred: " + e.getClass().getSimpleName()),
                    requestId);
        }
        response.header("x-amzn-RequestId", requestId);
        if (logRequests && LOG.isLoggable(Level.INFO)) {
            LOG.info(String.format("%s %s %s %s %d %.2fms", requestId, method, rawPath, label, response.status(),
                    (System.nanoTime() - start) / 1e6));
        }
        return response;
    }

    private record Dispatch(HttpResponse response, String label) {
    }

    /**
     * Whether the operation the headers name takes its body as a stream; no when no service is routed (a front
     * door's request) or the headers do not resolve an operation (the buffered path then reports what is wrong).
     */
    private boolean streams(Service service, HttpRequest headersOnly) {
        if (service == null || !streamingServices.contains(service)) {
            return false;
        }
        try {
            OperationModel op = Codecs.forRequest(service.model(), headersOnly).resolve(service.model(), headersOnly);
            return service.streamsRequestBody(op);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The front door that takes this request (its headers decide), or null. */
    private HttpFrontDoor frontDoorFor(HttpRequest headersOnly) {
        for (HttpFrontDoor door : frontDoors) {
            if (door.claims(headersOnly)) {
                return door;
            }
        }
        return null;
    }

    private static Dispatch frontDoor(HttpFrontDoor door, HttpRequest request, String requestId) {
        try {
            return new Dispatch(door.handle(request, requestId), "front-door");
        } catch (RuntimeException e) {
            // Logged with its cause, and answered, instead of Helidon's bare 500 on a dropped connection.
            LOG.log(Level.WARNING, "internal error in a front door, request " + requestId, e);
            return new Dispatch(plainError(AwsException.internal("An internal error occurred: "
                    + e.getClass().getSimpleName()), requestId), "front-door 500");
        }
    }

    /**
     * Calls {@code routed}, or the service the full request routes to when its headers alone named none (front
     * doors, e.g. API Gateway invocations, were offered the request before).
     */
    private Dispatch dispatch(HttpRequest request, SigV4Scope scope, Service routed, String requestId) {
        Service service = routed != null ? routed : router.route(request, scope);
        if (service == null) {
            if ("GET".equals(request.method()) && "/".equals(request.rawPath())) {
                return new Dispatch(HttpResponse.text(200, "text/plain", "healthy: stratus " + Version.get()), "root");
            }
            throw new AwsException("UnrecognizedService", "No AWS service of Stratus handles "
                    + request.method() + " " + request.rawPath(), 400);
        }
        ProtocolCodec codec = Codecs.forRequest(service.model(), request);
        OperationModel op = null;
        try {
            op = codec.resolve(service.model(), request);
            RequestContext ctx = authenticator.authenticate(request, scope, service.model(), op, requestId,
                    clock.instant()).withEndpoint(endpointOf(request));
            ObjectNode input = codec.decode(op, authenticator.verifyingChunks(request, scope));
            JsonNode output = registry.call(service, op, ctx, input);
            return new Dispatch(service.finishResponse(request, codec.encode(op, output, requestId)),
                    service.name() + "." + op.name());
        } catch (AwsException e) {
            return new Dispatch(service.finishResponse(request, codec.encodeError(service.model(), op, e, requestId)),
                    service.name() + "." + (op == null ? "?" : op.name()) + " " + e.code());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "internal error in " + service.name() + "." + (op == null ? "?" : op.name())
                    + " request " + requestId, e);
            AwsException err = AwsException.internal("An internal error occurred: " + e.getClass().getSimpleName());
            return new Dispatch(codec.encodeError(service.model(), op, err, requestId), service.name() + " 500");
        }
    }

    /**
     * The base URL the client used: the Host header it sent (behind a proxy, X-Forwarded-Proto picks the scheme).
     * Clients send the same Host on every request, so the last URL built is kept and reused when it matches.
     */
    String endpointOf(HttpRequest request) {
        String host = request.header("Host");
        if (host == null || host.isBlank()) {
            return null;
        }
        String proto = request.header("X-Forwarded-Proto");
        boolean https = "https".equalsIgnoreCase(proto == null ? null : proto.strip());
        Endpoint last = lastEndpoint;
        if (last != null && last.https == https && last.host.equals(host)) {
            return last.url;
        }
        String url = (https ? "https" : "http") + "://" + host.strip();
        lastEndpoint = new Endpoint(host, https, url);
        return url;
    }

    /** A Host header (as sent) and scheme, and the endpoint URL they make. */
    private record Endpoint(String host, boolean https, String url) {
    }

    private HttpResponse internal(String method, String rawPath) {
        if (rawPath.equals("/_stratus/health") || rawPath.equals("/_stratus/health/")) {
            ObjectNode health = MAPPER.createObjectNode();
            health.put("version", Version.get());
            ObjectNode services = health.putObject("services");
            for (Service s : registry.services()) {
                services.put(s.name(), "running");
            }
            healthExtras.get().forEach((k, v) -> health.set(k, MAPPER.valueToTree(v)));
            return HttpResponse.of(200, "application/json", health.toString().getBytes(StandardCharsets.UTF_8));
        }
        for (Service s : registry.services()) {
            if (rawPath.startsWith("/_stratus/" + s.name() + "/")) {
                HttpResponse resource = s.resource(method, rawPath);
                if (resource != null) {
                    return resource;
                }
            }
        }
        throw new AwsException("NotFound", "No such Stratus endpoint: " + method + " " + rawPath, 404);
    }

    private static HttpResponse plainError(AwsException e, String requestId) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("__type", e.code());
        body.put("message", e.getMessage());
        int status = e.status() > 0 ? e.status() : 400;
        return HttpResponse.of(status, "application/json", body.toString().getBytes(StandardCharsets.UTF_8))
                .header("x-amzn-ErrorType", e.code());
    }

    /**
     * Reads at most {@code limit} bytes; more is a 413. A declared {@code contentLength} (not above the limit, checked
     * before) is read into an array of that size: readNBytes without it buffers in 16 KB steps and copies, which was
     * a sixth of all allocation under small DynamoDB requests.
     */
    static byte[] readBounded(InputStream in, long contentLength, long limit) {
        if (in == null) {
            return new byte[0];
        }
        try {
            if (contentLength >= 0 && contentLength <= limit) {
                byte[] data = new byte[(int) contentLength];
                int read = in.readNBytes(data, 0, data.length);
                if (read < data.length) {
                    return java.util.Arrays.copyOf(data, read);
                }
                int next = in.read();
                if (next < 0) {
                    return data;
                }
                // More than declared: read on as if no length had been given (at most limit + 1 bytes in all).
                byte[] rest = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit - data.length));
                if (data.length + 1L + rest.length > limit) {
                    throw new AwsException("RequestEntityTooLarge",
                            "Request body exceeds the limit of " + limit + " bytes", 413);
                }
                byte[] all = java.util.Arrays.copyOf(data, data.length + 1 + rest.length);
                all[data.length] = (byte) next;
                System.arraycopy(rest, 0, all, data.length + 1, rest.length);
                return all;
            }
            byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (data.length > limit) {
                throw new AwsException("RequestEntityTooLarge",
                        "Request body exceeds the limit of " + limit + " bytes", 413);
            }
            return data;
        } catch (IOException e) {
            throw new AwsException("IncompleteBody", "Could not read the request body: " + e.getMessage(), 400);
        }
    }
}
