package dev.stratus.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.lambda.runtime.EnvironmentPool;
import dev.stratus.lambda.runtime.ResponseSink;
import dev.stratus.lambda.runtime.RuntimeReply;
import dev.stratus.protocol.StreamedEvents;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * One InvokeWithResponseStream in flight: the runtime's streamed pieces wait here (a bounded buffer, so a slow
 * client slows the function down rather than filling memory) until the edge sends each as a {@code PayloadChunk};
 * once the invocation finished, {@code InvokeComplete} (and, for a buffered function, its whole payload first).
 */
final class StreamedInvocation implements ResponseSink, StreamedEvents {
    /** How many bytes may wait for the client before the runtime's writes block. */
    static final int MAX_BUFFERED_BYTES = 1024 * 1024;

    private final boolean tail;
    private final Deque<byte[]> pieces = new ArrayDeque<>();
    private long buffered;
    private boolean finished;
    private boolean cancelled;
    private Iterator<JsonNode> last;

    /** @param tail whether InvokeComplete carries the log tail ({@code LogType: Tail}) */
    StreamedInvocation(boolean tail) {
        this.tail = tail;
    }

    /** Blocks while the client is behind, unless nothing waits (a piece larger than the buffer still passes). */
    @Override
    public synchronized void write(byte[] piece) throws InterruptedException {
        while (!finished && !cancelled && !pieces.isEmpty() && buffered + piece.length > MAX_BUFFERED_BYTES) {
            wait();
        }
        if (finished || cancelled) {
            return; // the invocation ended (timed out) or the client left: nobody will read it
        }
        pieces.addLast(piece);
        buffered += piece.length;
        notifyAll();
    }

    /** The invocation's outcome: the events after the streamed pieces. */
    synchronized void finish(EnvironmentPool.InvokeResult result) {
        last = ResponseStreamEvents.of(result, tail).iterator();
        finished = true;
        notifyAll();
    }

    /** The invocation could not run: the stream ends with the failure in InvokeComplete. */
    synchronized void fail(RuntimeException failure) {
        RuntimeReply reply = RuntimeReply.platformError("ServiceException", String.valueOf(failure.getMessage()));
        last = ResponseStreamEvents.of(new EnvironmentPool.InvokeResult(null, reply, new byte[0], false), false)
                .iterator();
        finished = true;
        notifyAll();
    }

    @Override
    public synchronized JsonNode next() throws InterruptedException {
        while (pieces.isEmpty() && !finished && !cancelled) {
            wait();
        }
        if (cancelled) {
            return null;
        }
        byte[] piece = pieces.pollFirst();
        if (piece != null) {
            buffered -= piece.length;
            notifyAll();
            ObjectNode event = JsonNodeFactory.instance.objectNode();
            event.putObject("PayloadChunk").set("Payload", BinaryNode.valueOf(piece));
            return event;
        }
        return last.hasNext() ? last.next() : null;
    }

    /** The client is gone: what the function still writes is dropped. */
    @Override
    public synchronized void close() {
        cancelled = true;
        pieces.clear();
        buffered = 0;
        notifyAll();
    }
}
