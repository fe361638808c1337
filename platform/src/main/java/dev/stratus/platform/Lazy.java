package dev.stratus.platform;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value built on first use, once, thread-safely. Services hold costly helpers (HTTP clients, which start a
 * selector thread and load the TLS trust store; template engines) this way so that start-up does not pay for
 * features a session may never touch.
 */
public final class Lazy<T> implements Supplier<T> {
    private final Supplier<? extends T> factory;
    private volatile T value;

    private Lazy(Supplier<? extends T> factory) {
        this.factory = Objects.requireNonNull(factory);
    }

    /** A value that {@code factory} builds on the first {@link #get()}. */
    public static <T> Lazy<T> of(Supplier<? extends T> factory) {
        return new Lazy<>(factory);
    }

    @Override
    public T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                v = value;
                if (v == null) {
                    v = Objects.requireNonNull(factory.get());
                    value = v;
                }
            }
        }
        return v;
    }

    /** Whether the value was built (close() hooks skip values never made). */
    public boolean isBuilt() {
        return value != null;
    }
}
