package dev.stratus.storage.rocksdb;

/** A cursor or snapshot holding native memory, released by the storage at close if its owner leaked it. */
interface NativeResource {
    /** Frees the native objects; called once, with no call in flight. */
    void release();
}
