package dev.stratus.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;

/**
 * An event stream whose events are produced while the response is being sent (Lambda InvokeWithResponseStream
 * relays a function's chunks as it writes them). It travels in the canonical tree as a {@link POJONode} in place of
 * the array of events an {@code eventstream} member otherwise holds; the codec frames each event as it comes.
 *
 * <p>Whoever takes the node owns it and must read it to the end or close it.
 */
public interface StreamedEvents extends AutoCloseable {

    /**
     * The next event, shaped as in an event array ({@code {"PayloadChunk": {"Payload": <blob>}}}), blocking until
     * there is one; null once the stream has ended.
     */
    JsonNode next() throws InterruptedException;

    /** The reader is gone (the client hung up, or the response was dropped): stop producing. */
    @Override
    void close();

    /** The node that carries these events in a value tree. */
    default JsonNode node() {
        return new POJONode(this);
    }

    /** The streamed events a node carries, or null when it is none (an array of events, null). */
    static StreamedEvents of(JsonNode node) {
        return node instanceof POJONode p && p.getPojo() instanceof StreamedEvents e ? e : null;
    }
}
