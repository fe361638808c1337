package dev.stratus.lambda;

import dev.stratus.platform.state.DocumentStore;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads of a {@link DocumentStore} of immutable records that skip decoding when the stored bytes are the ones decoded
 * last time. Every Invoke reads its function's document; decoding it (Jackson databind) cost more than the rest of
 * the lookup. Comparing bytes, rather than invalidating on writes, keeps it right whoever writes the keyspace.
 */
final class DecodedDocuments<T> {
    private record Decoded<T>(byte[] stored, T value) {
    }

    private final DocumentStore<T> docs;
    private final Map<String, Decoded<T>> last = new ConcurrentHashMap<>();

    DecodedDocuments(DocumentStore<T> docs) {
        this.docs = docs;
    }

    Optional<T> get(String key) {
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
    void forget(String key) {
        last.remove(key);
    }
}
