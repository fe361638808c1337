package dev.stratus.lambda.runtime;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingDeque;

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

    /** A long poll the runtime left open, answered on the thread that submits the next invocation. */
    @FunctionalInterface
    interface Poll {
        /** Sends the event to the runtime; false when its connection is gone (the event then goes elsewhere). */
        boolean answer(Invocation invocation);
    }

    /** What {@link #nextOrPark} returns when it left the poll to be answered by the next {@link #submit}. */
    static final Invocation PARKED = new Invocation("", new byte[0], 0, "", "", null, null);

    private static final Pending CLOSED = new Pending(null, null, null);

    private final BlockingDeque<Pending> queue = new LinkedBlockingDeque<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final CompletableFuture<RuntimeReply> initError = new CompletableFuture<>();
    private final Deque<Poll> polls = new ArrayDeque<>(); // guarded by this
    private Pending current;
    private boolean closed; // guarded by this
    /** What the runtime reported of its memory with its last accepted reply (null: nothing). */
    private volatile PeakReport peakReport;

    /**
     * Hands an invocation to a waiting poll (written by this thread: no hop to the Runtime API's thread), else queues
     * it; the future completes with what the runtime posts for it.
     */
    CompletableFuture<RuntimeReply> submit(Invocation invocation) {
        return submit(invocation, null);
    }

    /** Queues an invocation whose streamed response (if the runtime streams one) goes to {@code sink} as it comes. */
    CompletableFuture<RuntimeReply> submit(Invocation invocation, ResponseSink sink) {
        CompletableFuture<RuntimeReply> reply = new CompletableFuture<>();
        Pending p = new Pending(invocation, reply, sink);
        while (true) {
            Poll poll;
            synchronized (this) {
                poll = closed ? null : polls.pollFirst();
                if (poll == null) {
                    queue.add(p);
                    return reply;
                }
                current = p; // before the runtime can see it, so that its answer finds it
            }
            if (poll.answer(invocation)) {
                return reply;
            }
            synchronized (this) { // that runtime connection is gone: try another poll, or queue it
                if (closed) {
                    return reply; // close() completed it
                }
                if (current == p) {
                    current = null;
                }
            }
        }
    }

    /**
     * The runtime's long poll without blocking: the next queued invocation (made the current one), else
     * {@link #PARKED}: {@code poll} is answered by the next {@link #submit}. Null once the channel is closed. The
     * first call marks the end of Init.
     */
    Invocation nextOrPark(Poll poll) {
        ready.complete(null);
        synchronized (this) {
            Pending p = queue.poll();
            if (p == CLOSED) {
                queue.addFirst(CLOSED);
                return null;
            }
            if (p != null) {
                current = p;
                return p.invocation();
            }
            if (closed) {
                return null;
            }
            polls.addLast(poll);
            return PARKED;
        }
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
        return reply(requestId, reply, null);
    }

    /**
     * As {@link #reply(String, RuntimeReply)}, with the runtime's report of its peak memory (null: none), which the
     * invoking thread then {@linkplain #takePeakReport() takes}.
     */
    Ack reply(String requestId, RuntimeReply reply, PeakReport report) {
        Pending p;
        synchronized (this) {
            p = current;
            if (p == null || !p.invocation().requestId().equals(requestId)) {
                return Ack.INVALID_REQUEST_ID;
            }
            current = null;
        }
        peakReport = report; // before the completion, which the invoking thread waits for
        p.reply().complete(reply);
        return Ack.ACCEPTED;
    }

    /** The runtime's memory report with the reply just received, once (null: it sent none). */
    PeakReport takePeakReport() {
        PeakReport r = peakReport;
        peakReport = null;
        return r;
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
            closed = true;
            polls.clear(); // left unanswered: the runtime is about to be stopped
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
