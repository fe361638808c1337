package dev.stratus.storage;

/** Reads over one keyspace: point lookups and ordered range scans. */
public interface ReadView {

    /** The value under {@code key}, or null. */
    byte[] get(byte[] key);

    /** The values under {@code keys}, in the same order (null where absent); engines may read them in one call. */
    default java.util.List<byte[]> getAll(java.util.List<byte[]> keys) {
        java.util.List<byte[]> values = new java.util.ArrayList<>(keys.size());
        for (byte[] key : keys) {
            values.add(get(key));
        }
        return values;
    }

    /**
     * Entries with {@code from <= key < to} in ascending order (descending when {@code reverse}); a null bound is
     * open. The cursor must be closed.
     */
    Cursor scan(byte[] from, byte[] to, boolean reverse);

    /** Entries whose key starts with {@code prefix}, ascending. */
    default Cursor scanPrefix(byte[] prefix) {
        return scan(prefix, Keys.prefixEnd(prefix), false);
    }
}
