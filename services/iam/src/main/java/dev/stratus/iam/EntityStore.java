package dev.stratus.iam;

import dev.stratus.platform.state.DocumentStore;
import dev.stratus.storage.Storage;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Roles or users of every account, keyed {@code account/lower-case name}: IAM names are unique without regard
 * to case, and IAM is global, so there is no region in the key.
 */
final class EntityStore<T extends PolicyHolder<T>> {
    private final DocumentStore<T> docs;
    private final String kind;

    EntityStore(Storage storage, String keyspace, Class<T> type, String kind) {
        this.docs = new DocumentStore<>(storage, keyspace, type);
        this.kind = kind;
    }

    /** "role" or "user", as IAM's messages name it. */
    String kind() {
        return kind;
    }

    Optional<T> find(String account, String name) {
        return docs.get(key(account, name));
    }

    /** The entity, or NoSuchEntity in IAM's words. */
    T require(String account, String name) {
        return find(account, name).orElseThrow(() -> IamErrors.noSuchEntity(kind, name));
    }

    void put(String account, T entity) {
        docs.put(key(account, entity.name()), entity);
    }

    void delete(String account, String name) {
        docs.delete(key(account, name));
    }

    /** Every entity of the account, ordered by lower-case name. */
    List<T> list(String account) {
        return docs.list(account + "/");
    }

    static String key(String account, String name) {
        return account + "/" + name.toLowerCase(Locale.ROOT);
    }
}
