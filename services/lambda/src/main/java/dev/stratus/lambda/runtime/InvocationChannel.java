package dev.stratus.lambda.runtime;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The state one execution environment's Runtime API serves: invocations waiting for {@code /next}, the one being
 * handled, and the init outcome. Separate from HTTP so the state machine is tested on its own.
 */
final class InvocationChannel {
    /** What a post about an invocation or init led to. */
    enum Ack { ACCEPTED, INVALID_REQUEST_ID, INVALID_STATE }

    /** An invocation, the future its reply completes, and where a streamed response goes (null: buffered). */
    private record Pending(Invocation invocation, CompletableFuture<RuntimeReply> reply, ResponseSink sink) {
    }

    private static final Pending CLOSED = new Pending(null, null, null);

    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final CompletableFuture<RuntimeReply> initError = new CompletableFuture<>();
    private Pending current;

    /** Queues an invocation; the future completes with what the runtime posts for it. */
    CompletableFuture<RuntimeReply> submit(Invocation invocation) {
        return submit(invocation, null);
    }

    /** Queues an invocation whose streamed response (if the runtime streams one) goes to {@code sink} as it comes. */
    CompletableFuture<RuntimeReply> submit(Invocation invocation, ResponseSink sink) {
        CompletableFuture<RuntimeReply> reply = new CompletableFuture<>();
        queue.add(new Pending(invocation, reply, sink));
        return reply;
    }

    /** Where the current invocation's streamed response goes, if it is {@code requestId} and its caller streams. */
    synchronized ResponseSink sink(String requestId) {
        Pending p = current;
        return p != null && p.invocation().requestId().equals(requestId) ? p.sink() : null;
    }

    /**
     * Blocks until an invocation is queued (the runtime's long poll), and makes it the current one. Returns null once
     * the channel is closed. The first call marks the end of Init.
     */
    Invocation next() throws InterruptedException {
        ready.complete(null);
        Pending p = queue.take();
        if (p == CLOSED) {
            queue.add(CLOSED); // wake any other poller too
            return null;
        }
        synchronized (this) {
            current = p;
        }
        return p.invocation();
    }

    /** A response or error for the current invocation; any other request id is rejected as AWS does. */
    Ack reply(String requestId, RuntimeReply reply) {
        Pending p;
        synchronized (this) {
            p = current;
            if (p == null || !p.invocation().requestId().equals(requestId)) {
                return Ack.INVALID_REQUEST_ID;
            }
            current = null;
        }
        p.reply().complete(reply);
        return Ack.ACCEPTED;
    }

    /** An init error; only allowed before the runtime first asked for an invocation. */
    Ack initError(RuntimeReply reply) {
        if (ready.isDone()) {
            return Ack.INVALID_STATE;
        }
        initError.complete(reply);
        return Ack.ACCEPTED;
    }

    /** Completes when the runtime first polls {@code /next}, i.e. its Init phase finished. */
    CompletableFuture<Void> ready() {
        return ready;
    }

    /** Completes when the runtime reports an init error. */
    CompletableFuture<RuntimeReply> initFailure() {
        return initError;
    }

    /** Fails whatever is in flight or queued with {@code reply} (crash, timeout) and wakes pollers. */
    void close(RuntimeReply reply) {
        Pending p;
        synchronized (this) {
            p = current;
            current = null;
        }
        if (p != null) {
            p.reply().complete(reply);
        }
        Pending q;
        while ((q = queue.poll()) != null) {
            if (q != CLOSED) {
                q.reply().complete(reply);
            }
        }
        queue.add(CLOSED);
    }
}
