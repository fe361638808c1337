package dev.stratus.platform.edge;

import dev.stratus.protocol.HttpRequest;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * A request's headers as Helidon parsed them, looked up in place: a service reads two or three of a request's
 * headers, so none is copied (or even decoded) until something asks for it.
 */
final class HelidonHeaders implements HttpRequest.Headers.Source {
    /** Names looked up often enough to keep (the ones code asks for); names from the wire beyond this are not kept. */
    private static final int MAX_CACHED_NAMES = 512;
    /**
     * Helidon's name objects by the spelling asked for: creating one lower-cases the name and allocates, per lookup.
     * A cache of immutable values shared by every request, bounded so that clients' names cannot grow it.
     */
    private static final ConcurrentHashMap<String, HeaderName> NAMES = new ConcurrentHashMap<>();

    private final Headers headers;

    HelidonHeaders(Headers headers) {
        this.headers = headers;
    }

    /** The request's headers, read from Helidon's until changed. */
    static HttpRequest.Headers of(Headers headers) {
        return HttpRequest.Headers.over(new HelidonHeaders(headers));
    }

    /** Helidon's name for a header name in any case. */
    static HeaderName name(String name) {
        HeaderName known = NAMES.get(name);
        if (known != null) {
            return known;
        }
        HeaderName created = HeaderNames.create(name);
        if (NAMES.size() < MAX_CACHED_NAMES) {
            NAMES.putIfAbsent(name, created);
        }
        return created;
    }

    @Override
    public List<String> all(String name) {
        Optional<Header> h = headers.find(name(name));
        return h.isPresent() ? h.get().allValues() : List.of();
    }

    @Override
    public void forEach(BiConsumer<String, String> action) {
        for (Header h : headers) {
            for (String v : h.allValues()) {
                action.accept(h.name(), v);
            }
        }
    }
}
