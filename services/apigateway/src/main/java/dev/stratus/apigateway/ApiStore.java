package dev.stratus.apigateway;

import dev.stratus.platform.RequestContext;
import dev.stratus.platform.state.DecodedDocuments;
import dev.stratus.platform.state.DocumentStore;
import dev.stratus.protocol.AwsException;
import dev.stratus.storage.Storage;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * REST APIs per account and region, plus an index from API id to its owner so invocations (which carry only the
 * id) find their API.
 */
final class ApiStore {
    private final DocumentStore<RestApiState> apis;
    private final DocumentStore<String> owners;
    /** The data plane's reads: every request would otherwise decode the whole API document. */
    private final DecodedDocuments<RestApiState> decodedApis;
    private final DecodedDocuments<String> decodedOwners;

    ApiStore(Storage storage) {
        this.apis = new DocumentStore<>(storage, "apigateway.restapis", RestApiState.class);
        this.owners = new DocumentStore<>(storage, "apigateway.restapi-owners", String.class);
        this.decodedApis = new DecodedDocuments<>(apis);
        this.decodedOwners = new DecodedDocuments<>(owners);
    }

    private static String key(String account, String region, String id) {
        return account + "/" + region + "/" + id;
    }

    List<RestApiState> list(RequestContext ctx) {
        return apis.list(ctx.accountId() + "/" + ctx.region() + "/");
    }

    /** The caller's API, or AWS's NotFoundException. */
    RestApiState get(RequestContext ctx, String id) {
        return apis.get(key(ctx.accountId(), ctx.region(), id)).orElseThrow(() -> new AwsException(
                "NotFoundException", "Invalid API identifier specified " + ctx.accountId() + ":" + id));
    }

    /**
     * Any account's API by id, for the data plane and checks: an instance shared by every reader until the API
     * changes, so it must not be changed ({@link #update} changes a fresh copy).
     */
    Optional<RestApiState> byId(String id) {
        return decodedOwners.get(id).flatMap(decodedApis::get);
    }

    boolean idTaken(String id) {
        return owners.get(id).isPresent();
    }

    synchronized void create(RestApiState state) {
        apis.put(key(state.accountId(), state.region(), state.id()), state);
        owners.put(state.id(), key(state.accountId(), state.region(), state.id()));
    }

    /** Reads, changes and writes one API atomically with respect to other changes; returns the change's result. */
    synchronized <T> T update(RequestContext ctx, String id, Function<RestApiState, T> change) {
        RestApiState state = get(ctx, id);
        T result = change.apply(state);
        apis.put(key(state.accountId(), state.region(), state.id()), state);
        return result;
    }

    synchronized void delete(RequestContext ctx, String id) {
        get(ctx, id);
        apis.delete(key(ctx.accountId(), ctx.region(), id));
        owners.delete(id);
    }
}
