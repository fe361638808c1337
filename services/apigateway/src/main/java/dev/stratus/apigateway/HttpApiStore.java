package dev.stratus.apigateway;

import dev.stratus.platform.RequestContext;
import dev.stratus.platform.state.DecodedDocuments;
import dev.stratus.platform.state.DocumentStore;
import dev.stratus.storage.Storage;
import java.util.List;
import java.util.Optional;

/** HTTP APIs by id (ids are global, as invocations carry only the id); listed per account and region. */
final class HttpApiStore {
    private final DocumentStore<HttpApiState> apis;
    /** The data plane's reads: every request would otherwise decode the whole API document (more than once). */
    private final DecodedDocuments<HttpApiState> decoded;

    HttpApiStore(Storage storage) {
        this.apis = new DocumentStore<>(storage, "apigatewayv2.apis", HttpApiState.class);
        this.decoded = new DecodedDocuments<>(apis);
    }

    /**
     * Any account's API by id, for the data plane: an instance shared by every reader until the API changes, so it
     * must not be changed (operations change what {@link #get} returns, a fresh copy, and {@link #put} it).
     */
    Optional<HttpApiState> byId(String id) {
        return decoded.get(id);
    }

    /** The caller's API, or AWS's NotFoundException. */
    HttpApiState get(RequestContext ctx, String id) {
        return apis.get(id).filter(a -> a.accountId().equals(ctx.accountId()) && a.region().equals(ctx.region()))
                .orElseThrow(() -> ApiErrors.notFound("Invalid API identifier specified " + ctx.accountId() + ":"
                        + id));
    }

    List<HttpApiState> list(RequestContext ctx) {
        return apis.list("", a -> a.accountId().equals(ctx.accountId()) && a.region().equals(ctx.region()));
    }

    void put(HttpApiState state) {
        apis.put(state.id(), state);
    }

    void delete(String id) {
        apis.delete(id);
        decoded.forget(id);
    }
}
