package dev.stratus.storage;

/** One ordered map of byte keys to byte values inside a {@link Storage}. */
public interface Keyspace extends ReadView {

    String name();

    void put(byte[] key, byte[] value);

    void delete(byte[] key);
}
