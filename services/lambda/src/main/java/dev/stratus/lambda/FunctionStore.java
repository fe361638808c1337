package dev.stratus.lambda;

import dev.stratus.platform.state.DecodedDocuments;
import dev.stratus.platform.state.DocumentStore;
import dev.stratus.storage.Storage;
import java.util.List;
import java.util.Optional;

/** Functions per (account, region), persisted through the storage SPI. */
final class FunctionStore {
    private final DocumentStore<FunctionRecord> docs;
    private final DocumentStore<FunctionRecord> versions;
    private final DocumentStore<AliasRecord> aliases;
    private final DecodedDocuments<FunctionRecord> decodedFunctions;
    private final DecodedDocuments<FunctionRecord> decodedVersions;

    FunctionStore(Storage storage) {
        this.docs = new DocumentStore<>(storage, "lambda-functions", FunctionRecord.class);
        this.versions = new DocumentStore<>(storage, "lambda-versions", FunctionRecord.class);
        this.aliases = new DocumentStore<>(storage, "lambda-aliases", AliasRecord.class);
        this.decodedFunctions = new DecodedDocuments<>(docs);
        this.decodedVersions = new DecodedDocuments<>(versions);
    }

    Optional<AliasRecord> alias(String account, String region, String function, String alias) {
        return aliases.get(key(account, region, function) + "/" + alias);
    }

    void putAlias(AliasRecord a) {
        aliases.put(key(a.accountId(), a.region(), a.functionName()) + "/" + a.name(), a);
    }

    void deleteAlias(AliasRecord a) {
        aliases.delete(key(a.accountId(), a.region(), a.functionName()) + "/" + a.name());
    }

    /** A function's aliases in name order. */
    List<AliasRecord> aliases(String account, String region, String function) {
        return aliases.list(key(account, region, function) + "/");
    }

    /** Versions sort by number: the key pads it to ten digits. */
    private static String versionKey(String account, String region, String name, String version) {
        return key(account, region, name) + "/" + "0".repeat(Math.max(0, 10 - version.length())) + version;
    }

    Optional<FunctionRecord> version(String account, String region, String name, String version) {
        return decodedVersions.get(versionKey(account, region, name, version));
    }

    void putVersion(FunctionRecord v) {
        versions.put(versionKey(v.accountId(), v.region(), v.name(), v.version()), v);
    }

    void deleteVersion(FunctionRecord v) {
        String key = versionKey(v.accountId(), v.region(), v.name(), v.version());
        versions.delete(key);
        decodedVersions.forget(key);
    }

    /** A function's published versions, oldest first. */
    List<FunctionRecord> versions(String account, String region, String name) {
        return versions.list(key(account, region, name) + "/");
    }

    private static String key(String account, String region, String name) {
        return account + "/" + region + "/" + name;
    }

    Optional<FunctionRecord> get(String account, String region, String name) {
        return decodedFunctions.get(key(account, region, name));
    }

    void put(FunctionRecord f) {
        docs.put(key(f.accountId(), f.region(), f.name()), f);
    }

    void delete(FunctionRecord f) {
        String key = key(f.accountId(), f.region(), f.name());
        docs.delete(key);
        decodedFunctions.forget(key);
    }

    /** One account and region's functions, in name order. */
    List<FunctionRecord> list(String account, String region) {
        return docs.list(account + "/" + region + "/");
    }
}
