package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.platform.RequestContext;
import dev.stratus.platform.state.DocumentStore;
import dev.stratus.storage.Storage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Custom domain names, keyed by the (globally unique) name so invocations find theirs by Host; the names are also
 * kept in memory because every request on the edge asks whether its Host is one.
 */
final class DomainStore {
    /** A domain name of one account and region, with its base path mappings by base path. */
    record DomainState(String accountId, String region, ObjectNode domain, Map<String, ObjectNode> mappings) {
        DomainState {
            mappings = mappings == null ? new LinkedHashMap<>() : new LinkedHashMap<>(mappings);
        }
    }

    private final DocumentStore<DomainState> domains;
    private volatile Set<String> names;

    DomainStore(Storage storage) {
        this.domains = new DocumentStore<>(storage, "apigateway.domainnames", DomainState.class);
    }

    private Set<String> names() {
        Set<String> n = names;
        if (n == null) {
            synchronized (this) {
                if (names == null) {
                    Set<String> loaded = ConcurrentHashMap.newKeySet();
                    domains.list("").forEach(d -> loaded.add(d.domain().path("domainName").asText()));
                    names = loaded;
                }
                n = names;
            }
        }
        return n;
    }

    /** The domain a Host (lower case, without port) names, if it is one. */
    Optional<DomainState> byHost(String host) {
        return names().contains(host) ? domains.get(host) : Optional.empty();
    }

    static String normalise(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** The caller's domain, or AWS's NotFoundException. */
    DomainState get(RequestContext ctx, String name) {
        return domains.get(normalise(name))
                .filter(d -> d.accountId().equals(ctx.accountId()) && d.region().equals(ctx.region()))
                .orElseThrow(() -> ApiErrors.notFound("Invalid domain name identifier specified"));
    }

    List<DomainState> list(RequestContext ctx) {
        return domains.list("", d -> d.accountId().equals(ctx.accountId()) && d.region().equals(ctx.region()));
    }

    synchronized void create(DomainState d) {
        String name = d.domain().path("domainName").asText();
        if (domains.get(name).isPresent()) {
            throw ApiErrors.conflict("The domain name you provided already exists.");
        }
        domains.put(name, d);
        names().add(name);
    }

    synchronized <T> T update(RequestContext ctx, String name, Function<DomainState, T> change) {
        DomainState d = get(ctx, name);
        T result = change.apply(d);
        domains.put(d.domain().path("domainName").asText(), d);
        return result;
    }

    synchronized void delete(RequestContext ctx, String name) {
        DomainState d = get(ctx, name);
        domains.delete(d.domain().path("domainName").asText());
        names().remove(d.domain().path("domainName").asText());
    }
}
