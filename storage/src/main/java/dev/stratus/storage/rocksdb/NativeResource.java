package dev.stratus.storage.rocksdb;

/**
 * A cursor or snapshot holding native memory: closed by its owner, or released by the storage at close if leaked.
 * Either way the native objects are freed once, never while a call is using them.
 */
abstract class NativeResource implements AutoCloseable {
    final RocksDbStorage storage;
    final Guard guard;

    NativeResource(RocksDbStorage storage, String what) {
        this.storage = storage;
        this.guard = new Guard(what);
    }

    /** Idempotent, never throws; after the storage closed there is nothing left to do. */
    @Override
    public void close() {
        // Under the storage guard, so this never races the storage releasing the same resource at close.
        storage.guard().ifOpen(() -> {
            if (guard.close(this::freeNative)) {
                storage.untrack(this);
            }
        });
    }

    /** Called by the storage at close, with no call in flight. */
    final void release() {
        guard.close(this::freeNative);
    }

    /** Frees the native objects; runs at most once. */
    abstract void freeNative();
}
