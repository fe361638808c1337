package dev.stratus.lambda;

import dev.stratus.platform.state.DocumentStore;
import dev.stratus.storage.Storage;
import java.util.List;
import java.util.Optional;

/** Layer versions, each layer's highest version number, and layer version policies, per (account, region). */
final class LayerStore {
    /** The highest version a layer ever had: numbers are not reused after a delete, as on AWS. */
    record Head(long lastVersion) {
    }

    private final DocumentStore<LayerVersionRecord> versions;
    private final DocumentStore<Head> heads;
    private final DocumentStore<LayerPolicyRecord> policies;

    LayerStore(Storage storage) {
        this.versions = new DocumentStore<>(storage, "lambda-layer-versions", LayerVersionRecord.class);
        this.heads = new DocumentStore<>(storage, "lambda-layer-heads", Head.class);
        this.policies = new DocumentStore<>(storage, "lambda-layer-policies", LayerPolicyRecord.class);
    }

    private static String layerKey(String account, String region, String layer) {
        return account + "/" + region + "/" + layer + "/";
    }

    /** Versions sort by number: the key pads it to twelve digits. */
    private static String versionKey(String account, String region, String layer, long version) {
        String n = Long.toString(version);
        return layerKey(account, region, layer) + "0".repeat(Math.max(0, 12 - n.length())) + n;
    }

    long nextVersion(String account, String region, String layer) {
        long next = heads.get(account + "/" + region + "/" + layer).map(Head::lastVersion).orElse(0L) + 1;
        heads.put(account + "/" + region + "/" + layer, new Head(next));
        return next;
    }

    Optional<LayerVersionRecord> get(String account, String region, String layer, long version) {
        return versions.get(versionKey(account, region, layer, version));
    }

    void put(LayerVersionRecord v) {
        versions.put(versionKey(v.accountId(), v.region(), v.layerName(), v.version()), v);
    }

    void delete(LayerVersionRecord v) {
        versions.delete(versionKey(v.accountId(), v.region(), v.layerName(), v.version()));
        policies.delete(versionKey(v.accountId(), v.region(), v.layerName(), v.version()));
    }

    /** One layer's versions, oldest first. */
    List<LayerVersionRecord> versions(String account, String region, String layer) {
        return versions.list(layerKey(account, region, layer));
    }

    /** Every layer version of an account and region, by layer name then version. */
    List<LayerVersionRecord> all(String account, String region) {
        return versions.list(account + "/" + region + "/");
    }

    Optional<LayerPolicyRecord> policy(LayerVersionRecord v) {
        return policies.get(versionKey(v.accountId(), v.region(), v.layerName(), v.version()));
    }

    void putPolicy(LayerVersionRecord v, LayerPolicyRecord p) {
        policies.put(versionKey(v.accountId(), v.region(), v.layerName(), v.version()), p);
    }
}
