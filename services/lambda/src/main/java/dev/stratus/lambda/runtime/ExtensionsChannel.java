package dev.stratus.lambda.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The state of one environment's Extensions API (2020-01-01): registered extensions, the events waiting for their
 * {@code event/next}, and whether each one finished with its last event (by calling {@code event/next} again).
 * Separate from HTTP, as {@link InvocationChannel} is.
 */
final class ExtensionsChannel {
    /** Events an extension may register for. */
    static final Set<String> EVENT_TYPES = Set.of("INVOKE", "SHUTDOWN");
    private static final byte[] CLOSED = new byte[0];

    /** A registered extension. */
    static final class Extension {
        final String id = UUID.randomUUID().toString();
        final String name;
        final Set<String> events;
        final BlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
        /** Completes when the extension next waits in {@code event/next}: done with whatever it was given. */
        CompletableFuture<Void> waiting = new CompletableFuture<>();

        Extension(String name, Set<String> events) {
            this.name = name;
            this.events = Set.copyOf(events);
        }
    }

    private final int expected;
    private final Map<String, Extension> byId = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> initDone = new CompletableFuture<>();
    private final CompletableFuture<RuntimeReply> failure = new CompletableFuture<>();
    private volatile boolean closed;
    private volatile boolean initOver;

    /** @param expected the external extensions started with the environment; Init waits for all of them */
    ExtensionsChannel(int expected) {
        this.expected = expected;
        if (expected == 0) {
            initDone.complete(null);
        }
    }

    /**
     * Registers an extension; null once Init is over (registration is only allowed during Init, which an internal
     * extension, registered by the runtime process itself before its first {@code invocation/next}, also uses).
     */
    Extension register(String name, Set<String> events) {
        if (initOver || closed) {
            return null;
        }
        Extension e = new Extension(name, events);
        byId.put(e.id, e);
        return e;
    }

    Extension get(String id) {
        return id == null ? null : byId.get(id);
    }

    /**
     * The extension's long poll: marks it done with its previous event and waits for the next one. Returns null
     * once the environment is closing.
     */
    byte[] next(Extension e) throws InterruptedException {
        synchronized (e) {
            e.waiting.complete(null);
        }
        checkInit();
        byte[] event = e.queue.take();
        if (event == CLOSED) {
            e.queue.add(CLOSED);
            return null;
        }
        return event;
    }

    private void checkInit() {
        if (initDone.isDone() || byId.size() < expected) {
            return;
        }
        for (Extension e : byId.values()) {
            if (!e.waiting.isDone()) {
                return;
            }
        }
        initDone.complete(null);
    }

    /**
     * Hands an event to every extension registered for its type; the future completes when each of them has called
     * {@code event/next} again.
     */
    CompletableFuture<Void> deliver(String eventType, byte[] event) {
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (Extension e : byId.values()) {
            if (e.events.contains(eventType)) {
                synchronized (e) {
                    e.waiting = new CompletableFuture<>();
                    acks.add(e.waiting);
                }
                e.queue.add(event);
            }
        }
        return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new));
    }

    /**
     * Sends SHUTDOWN ({@code reason}: spindown, timeout or failure) to the extensions registered for it and waits up
     * to {@code graceMs} for each to call {@code event/next} again; one that does not is killed with the rest.
     */
    void shutdown(String reason, long deadlineMs, long graceMs) {
        try {
            deliver("SHUTDOWN", ExternalExtensions.shutdownEvent(reason, deadlineMs)).get(graceMs,
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            // out of time: the process tree is signalled next
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether any extension registered (internal or external). */
    boolean any() {
        return !byId.isEmpty();
    }

    boolean anyRegisteredFor(String eventType) {
        return byId.values().stream().anyMatch(e -> e.events.contains(eventType));
    }

    /** An extension's {@code init/error} or {@code exit/error}: the environment fails (and is reset). */
    void fail(RuntimeReply reply) {
        failure.complete(reply);
    }

    /** The environment finished Init: no more registrations. */
    void endInit() {
        initOver = true;
    }

    /** Completes when every started extension registered and is waiting for its first event. */
    CompletableFuture<Void> initDone() {
        return initDone;
    }

    CompletableFuture<RuntimeReply> failure() {
        return failure;
    }

    /** Wakes every poller with no event (they are about to be stopped). */
    void close() {
        closed = true;
        for (Extension e : byId.values()) {
            e.queue.add(CLOSED);
        }
    }
}
