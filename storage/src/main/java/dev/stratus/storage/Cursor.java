package dev.stratus.storage;

import java.util.Iterator;

/** An iterator over entries that holds engine resources until closed. */
public interface Cursor extends Iterator<Entry>, AutoCloseable {
    @Override
    void close();
}
