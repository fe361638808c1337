package dev.stratus.platform.state;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.storage.Cursor;
import dev.stratus.storage.Entry;
import dev.stratus.storage.Keyspace;
import dev.stratus.storage.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Records of one type stored as JSON under string keys in a keyspace: the simple way for a control plane to
 * persist its state. Keys are usually {@code account/region/...} so a prefix lists one account's resources.
 */
public final class DocumentStore<T> {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .findAndRegisterModules()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Storage storage;
    private final Keyspace keyspace;
    private final Class<T> type;

    public DocumentStore(Storage storage, String keyspace, Class<T> type) {
        this.storage = storage;
        this.keyspace = storage.keyspace(keyspace);
        this.type = type;
    }

    public Optional<T> get(String key) {
        byte[] v = keyspace.get(bytes(key));
        return v == null ? Optional.empty() : Optional.of(decode(v));
    }

    public void put(String key, T value) {
        keyspace.put(bytes(key), encode(value));
    }

    public void delete(String key) {
        keyspace.delete(bytes(key));
    }

    /** Values whose key starts with {@code prefix}, in key order. */
    public List<T> list(String prefix) {
        return list(prefix, v -> true);
    }

    public List<T> list(String prefix, Predicate<T> filter) {
        List<T> out = new ArrayList<>();
        try (Cursor c = keyspace.scanPrefix(bytes(prefix))) {
            while (c.hasNext()) {
                T v = decode(c.next().value());
                if (filter.test(v)) {
                    out.add(v);
                }
            }
        }
        return out;
    }

    /** Keys (as strings) starting with {@code prefix}, in order. */
    public List<String> keys(String prefix) {
        List<String> out = new ArrayList<>();
        try (Cursor c = keyspace.scanPrefix(bytes(prefix))) {
            while (c.hasNext()) {
                Entry e = c.next();
                out.add(new String(e.key(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    public Keyspace keyspace() {
        return keyspace;
    }

    public Storage storage() {
        return storage;
    }

    public byte[] encode(T value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public T decode(byte[] v) {
        try {
            return MAPPER.readValue(v, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
