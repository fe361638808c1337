package dev.stratus.platform.state;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads of a {@link DocumentStore} of immutable records that skip decoding when the stored bytes are the ones decoded
 * (or written) last time: hot paths read the same document again and again (a Lambda Invoke its function, a
 * PutLogEvents its group and stream), and decoding (Jackson databind) cost more than the rest of the lookup.
 * Comparing bytes, rather than invalidating on writes, keeps it right whoever writes the keyspace. Only for
 * immutable values: every reader gets the same instance.
 */
public final class DecodedDocuments<T> {
    private record Decoded<T>(byte[] stored, T value) {
    }

    private final DocumentStore<T> docs;
    private final Map<String, Decoded<T>> last = new ConcurrentHashMap<>();

    public DecodedDocuments(DocumentStore<T> docs) {
        this.docs = docs;
    }

    /** The document at {@code key}, decoded only when its bytes changed since last time. */
    public Optional<T> get(String key) {
        byte[] stored = docs.keyspace().get(DocumentStore.bytes(key));
        if (stored == null) {
            last.remove(key);
            return Optional.empty();
        }
        Decoded<T> d = last.get(key);
        if (d != null && Arrays.equals(d.stored(), stored)) {
            return Optional.of(d.value());
        }
        T value = docs.decode(stored);
        last.put(key, new Decoded<>(stored, value));
        return Optional.of(value);
    }

    /** Forgets a deleted document (a later get would find it gone anyway; this frees the memory now). */
    public void forget(String key) {
        last.remove(key);
    }

    /** Notes that {@code stored}, the encoding of {@code value}, was just written at {@code key} (e.g. in a batch). */
    public void written(String key, byte[] stored, T value) {
        last.put(key, new Decoded<>(stored, value));
    }
}
