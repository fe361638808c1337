package dev.stratus.lambda;

import dev.stratus.platform.state.DocumentStore;
import dev.stratus.storage.Storage;
import java.util.List;
import java.util.Optional;

/** Functions per (account, region), persisted through the storage SPI. */
final class FunctionStore {
    private final DocumentStore<FunctionRecord> docs;

    FunctionStore(Storage storage) {
        this.docs = new DocumentStore<>(storage, "lambda-functions", FunctionRecord.class);
    }

    private static String key(String account, String region, String name) {
        return account + "/" + region + "/" + name;
    }

    Optional<FunctionRecord> get(String account, String region, String name) {
        return docs.get(key(account, region, name));
    }

    void put(FunctionRecord f) {
        docs.put(key(f.accountId(), f.region(), f.name()), f);
    }

    void delete(FunctionRecord f) {
        docs.delete(key(f.accountId(), f.region(), f.name()));
    }

    /** One account and region's functions, in name order. */
    List<FunctionRecord> list(String account, String region) {
        return docs.list(account + "/" + region + "/");
    }
}
