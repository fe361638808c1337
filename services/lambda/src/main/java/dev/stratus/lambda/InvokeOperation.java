package dev.stratus.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.lambda.runtime.EnvironmentPool;
import dev.stratus.lambda.runtime.FunctionSpec;
import dev.stratus.platform.RequestContext;
import dev.stratus.protocol.AwsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/** Invoke: synchronous (RequestResponse), asynchronous (Event, through the durable AsyncInvocations queue) and DryRun. */
final class InvokeOperation {
    /** AWS's synchronous request payload limit. */
    static final int MAX_SYNC_PAYLOAD_BYTES = 6 * 1024 * 1024;
    /** AWS's asynchronous payload limit (1 MB since October 2025). */
    static final int MAX_ASYNC_PAYLOAD_BYTES = 1024 * 1024;
    /** AWS's default concurrency quota per account and region. */
    static final int ACCOUNT_CONCURRENCY = 1000;

    private final ConcurrencyOperations concurrency;

    private final ConcurrentHashMap<String, AtomicInteger> running =
            new ConcurrentHashMap<>();

    private final FunctionOperations functions;
    private final Supplier<EnvironmentPool> pool;
    private final Function<FunctionRecord, FunctionSpec> specs;
    private final Supplier<AsyncInvocations> events;
    private final FunctionMetrics metrics;

    InvokeOperation(FunctionOperations functions, Supplier<EnvironmentPool> pool, Function<FunctionRecord, FunctionSpec> specs,
                    Supplier<AsyncInvocations> events, ConcurrencyOperations concurrency, FunctionMetrics metrics) {
        this.metrics = metrics;
        this.concurrency = concurrency;
        this.functions = functions;
        this.pool = pool;
        this.specs = specs;
        this.events = events;
    }

    JsonNode invoke(RequestContext ctx, ObjectNode in) {
        FunctionRecord f = functions.findVersion(ctx, in);
        byte[] payload = payload(in);
        String type = in.path("InvocationType").asText("RequestResponse");
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        switch (type) {
            case "DryRun" -> {
                return out.put("StatusCode", 204);
            }
            case "Event" -> {
                limit(payload, MAX_ASYNC_PAYLOAD_BYTES);
                String qualifier = FunctionNames.parse(in.get("FunctionName").asText(),
                        in.hasNonNull("Qualifier") ? in.get("Qualifier").asText() : null).qualifier();
                events.get().enqueue(ctx, f.name(), qualifier, payload);
                return out.put("StatusCode", 202);
            }
            default -> {
                EnvironmentPool.InvokeResult r = runSync(ctx, f, in, payload);
                out.put("StatusCode", 200);
                if (r.reply().failed()) {
                    out.put("FunctionError", "Unhandled");
                }
                if ("Tail".equals(in.path("LogType").asText())) {
                    out.put("LogResult", Base64.getEncoder().encodeToString(r.logTail()));
                }
                out.put("ExecutedVersion", f.version());
                out.set("Payload", BinaryNode.valueOf(r.reply().body()));
                return out;
            }
        }
    }

    /**
     * InvokeWithResponseStream: answers at once with the event stream, which carries each piece a streaming function
     * writes as a {@code PayloadChunk} while it runs (a buffered function's whole payload as one), then
     * {@code InvokeComplete} (with the error, when the function failed). Errors found before the function runs
     * (unknown function, payload too large, throttling) are the operation's own.
     */
    JsonNode invokeWithResponseStream(RequestContext ctx, ObjectNode in) {
        FunctionRecord f = functions.findVersion(ctx, in);
        byte[] payload = payload(in);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        if ("DryRun".equals(in.path("InvocationType").asText())) {
            return out.put("StatusCode", 204);
        }
        limit(payload, MAX_SYNC_PAYLOAD_BYTES);
        FunctionSpec spec = specs.apply(f);
        String clientContext = clientContext(in);
        String invokedArn = invokedArn(f, in);
        Admission admitted = admit(ctx, f);
        StreamedInvocation stream = new StreamedInvocation("Tail".equals(in.path("LogType").asText()));
        Thread.ofVirtual().name("lambda-response-stream").start(() -> {
            try {
                stream.finish(run(ctx, f, admitted,
                        () -> pool.get().invoke(spec, invokedArn, ctx.requestId(), payload, clientContext, stream)));
            } catch (RuntimeException e) {
                stream.fail(e);
            }
        });
        out.put("StatusCode", 200);
        out.put("ExecutedVersion", f.version());
        out.set("EventStream", stream.node());
        return out;
    }

    /** A synchronous invocation of {@code f} with the caller's payload and client context, within its concurrency. */
    private EnvironmentPool.InvokeResult runSync(RequestContext ctx, FunctionRecord f, ObjectNode in, byte[] payload) {
        limit(payload, MAX_SYNC_PAYLOAD_BYTES);
        FunctionSpec spec = specs.apply(f);
        String clientContext = clientContext(in);
        String invokedArn = invokedArn(f, in);
        return limited(ctx, f, () -> pool.get().invoke(spec, invokedArn, ctx.requestId(), payload, clientContext));
    }

    /** The ARN the caller invoked {@code f} through, from the request's FunctionName and Qualifier. */
    private static String invokedArn(FunctionRecord f, ObjectNode in) {
        return invokedArn(f, FunctionNames.parse(in.get("FunctionName").asText(),
                in.hasNonNull("Qualifier") ? in.get("Qualifier").asText() : null).qualifier());
    }

    /** One attempt at a queued event (AsyncInvocations makes them), within the function's concurrency. */
    AsyncInvocations.Outcome runQueued(RequestContext ctx, String function, String qualifier, String requestId,
                                       byte[] payload) {
        ObjectNode in = JsonNodeFactory.instance.objectNode().put("FunctionName", function);
        if (qualifier != null) {
            in.put("Qualifier", qualifier);
        }
        FunctionRecord f = functions.findVersion(ctx, in);
        FunctionSpec spec = specs.apply(f);
        String invokedArn = invokedArn(f, qualifier);
        EnvironmentPool.InvokeResult r = limited(ctx, f,
                () -> pool.get().invoke(spec, invokedArn, requestId, payload, null));
        return new AsyncInvocations.Outcome(f.version(), r.reply().failed() ? "Unhandled" : null, r.reply().body());
    }

    /**
     * Runs an invocation within its function's reserved concurrency, or else within what the account leaves
     * unreserved, or throttles it as AWS does.
     */
    private EnvironmentPool.InvokeResult limited(RequestContext ctx, FunctionRecord f,
                                                 Supplier<EnvironmentPool.InvokeResult> call) {
        return run(ctx, f, admit(ctx, f), call);
    }

    /** A place in the concurrency an invocation counts against; {@link #run} gives it back. */
    private record Admission(AtomicInteger counter, int concurrent) {
    }

    /** Takes a place in the function's reserved concurrency, or else the account's unreserved, or throttles. */
    private Admission admit(RequestContext ctx, FunctionRecord f) {
        Integer reserved = "$LATEST".equals(f.version()) ? f.reservedConcurrency()
                : functions.reservedConcurrency(f.accountId(), f.region(), f.name());
        AtomicInteger counter;
        int limit;
        String reason;
        if (reserved != null) {
            counter = running.computeIfAbsent(f.arn(), k -> new AtomicInteger()); // every version counts
            limit = reserved;
            reason = "ReservedFunctionConcurrentInvocationLimitExceeded";
        } else {
            counter = running.computeIfAbsent(ctx.accountId() + "/" + ctx.region(), k -> new AtomicInteger());
            limit = concurrency.unreserved(ctx.accountId(), ctx.region());
            reason = "ConcurrentInvocationLimitExceeded";
        }
        int concurrent = counter.incrementAndGet();
        if (concurrent > limit) {
            counter.decrementAndGet();
            metrics.throttled(ctx, f.name(), f.version());
            throw new AwsException("TooManyRequestsException", "Rate Exceeded.", 429)
                    .with("Reason", reason).with("retryAfterSeconds", "1");
        }
        return new Admission(counter, concurrent);
    }

    /** Runs an admitted invocation, records its metrics and gives its place back. */
    private EnvironmentPool.InvokeResult run(RequestContext ctx, FunctionRecord f, Admission admitted,
                                             Supplier<EnvironmentPool.InvokeResult> call) {
        long start = System.nanoTime();
        try {
            EnvironmentPool.InvokeResult r = call.get();
            metrics.invoked(ctx, f.name(), f.version(), (System.nanoTime() - start) / 1e6, r.reply().failed(),
                    r.coldStart(), admitted.concurrent());
            return r;
        } finally {
            admitted.counter().decrementAndGet();
        }
    }

    /**
     * The ARN the caller invoked through, which AWS hands the runtime: the unqualified function ARN, or qualified with
     * the alias, version or {@code $LATEST} the caller named (not the version an alias resolved to).
     */
    static String invokedArn(FunctionRecord f, String qualifier) {
        return qualifier == null ? f.arn() : f.arn() + ":" + qualifier;
    }

    private static byte[] payload(ObjectNode in) {
        JsonNode p = in.get("Payload");
        if (p == null || p.isNull()) {
            return "{}".getBytes(StandardCharsets.UTF_8);
        }
        try {
            byte[] b = p.binaryValue();
            return b == null || b.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : b;
        } catch (IOException e) {
            throw new AwsException("InvalidRequestContentException", "Could not parse request body into json");
        }
    }

    private static void limit(byte[] payload, int max) {
        if (payload.length > max) {
            throw new AwsException("RequestTooLargeException", "Request must be smaller than " + max
                    + " bytes for the InvokeFunction operation", 413);
        }
    }

    /** The X-Amz-Client-Context header is base64 JSON; the runtime gets the JSON. */
    private static String clientContext(ObjectNode in) {
        if (!in.hasNonNull("ClientContext")) {
            return null;
        }
        try {
            return new String(Base64.getDecoder().decode(in.get("ClientContext").asText()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new AwsException("InvalidRequestContentException", "Client context must be a valid Base64-encoded "
                    + "JSON object.");
        }
    }
}
