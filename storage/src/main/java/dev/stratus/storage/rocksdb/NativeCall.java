package dev.stratus.storage.rocksdb;

import org.rocksdb.RocksDBException;

/** A call into RocksDB, made while a {@link Guard} keeps the native objects it touches alive. */
@FunctionalInterface
interface NativeCall<T> {
    T call() throws RocksDBException;
}
