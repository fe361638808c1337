package dev.stratus.storage;

import dev.stratus.storage.rocksdb.RocksDbStorage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The process {@link RocksDbCrashTest} kills: {@code write <dir>} commits batches forever and prints
 * {@code ack <n>.} after each commit returns; {@code hold <dir>} opens the storage, prints {@code open.} and waits
 * for stdin to close.
 */
public final class CrashChild {
    private CrashChild() {
    }

    public static void main(String[] args) throws IOException {
        Storage storage = RocksDbStorage.open(Path.of(args[1]), false);
        switch (args[0]) {
            case "write" -> writeForever(storage);
            case "hold" -> {
                System.out.println("open.");
                System.out.flush();
                while (System.in.read() >= 0) {
                    // wait for the parent to close our stdin (or to kill us)
                }
            }
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
        storage.close();
    }

    private static void writeForever(Storage storage) {
        Keyspace items = storage.keyspace("items");
        Keyspace index = storage.keyspace("items-index");
        for (long n = 0; ; n++) {
            byte[] key = new KeyEncoder().int64(n).toBytes();
            storage.batch().put(items, key, ("item " + n).getBytes()).put(index, key, new byte[] {1}).commit();
            // Only what the parent reads here counts as acknowledged; the trailing '.' marks a complete line.
            System.out.println("ack " + n + ".");
            System.out.flush();
        }
    }
}
