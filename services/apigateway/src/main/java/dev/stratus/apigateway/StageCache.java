package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.HttpRequest;
import dev.stratus.protocol.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A stage's response cache (cacheClusterEnabled): integration responses kept per method and cache key parameters
 * for the method's caching/ttlInSeconds, in memory, bounded by the stage's cacheClusterSize.
 */
final class StageCache {
    static final int DEFAULT_TTL_SECONDS = 300;
    static final int MAX_TTL_SECONDS = 3600;
    /** Cache sizes AWS offers, in GB. */
    static final List<String> SIZES = List.of("0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237");

    private record Entry(int status, Map<String, List<String>> headers, byte[] body, Instant expires) {
    }

    /** One stage's entries, least recently used first, with the bytes they hold. */
    private static final class Store {
        final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
        long bytes;
    }

    private final Map<String, Store> stages = new ConcurrentHashMap<>();
    private final Clock clock;

    StageCache(Clock clock) {
        this.clock = clock;
    }

    /** The bytes a cache of this size holds (the GB figure, so a 0.5 cache holds half a gigabyte). */
    static long capacity(String size) {
        double gb = size == null ? 0.5 : Double.parseDouble(size);
        return (long) (gb * 1024 * 1024 * 1024);
    }

    /** The response from the cache, or from {@code integration} (then cached when successful). */
    HttpResponse serve(ApiRequest req, RestApiState api, ObjectNode stage, RouteMatcher.Match match,
                       Supplier<HttpResponse> integration) {
        JsonNode setting = setting(stage, match);
        String method = match.method().path("httpMethod").asText();
        boolean enabled = setting.has("cachingEnabled") ? setting.get("cachingEnabled").asBoolean()
                : method.equals("GET");
        int ttl = Math.min(setting.path("cacheTtlInSeconds").asInt(DEFAULT_TTL_SECONDS), MAX_TTL_SECONDS);
        if (!stage.path("cacheClusterEnabled").asBoolean(false) || !enabled || ttl <= 0) {
            return integration.get();
        }
        String stageKey = api.id() + "/" + req.stage();
        String key = key(req, match);
        Store store = stages.computeIfAbsent(stageKey, k -> new Store());
        Instant now = clock.instant();
        boolean invalidate = invalidates(req, setting);
        synchronized (store) {
            Entry e = store.entries.get(key);
            if (e != null && (invalidate || !now.isBefore(e.expires()))) {
                remove(store, key);
                e = null;
            }
            if (e != null) {
                HttpResponse cached = new HttpResponse(e.status(), new HttpRequest.Headers(), e.body());
                e.headers().forEach((name, values) -> values.forEach(v -> cached.headers().add(name, v)));
                return cached;
            }
        }
        HttpResponse fresh = integration.get();
        if (fresh.status() >= 200 && fresh.status() < 300) {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            fresh.headers().asMap().forEach((n, v) -> headers.put(n, List.copyOf(v)));
            Entry entry = new Entry(fresh.status(), headers, fresh.body().clone(), now.plusSeconds(ttl));
            long limit = capacity(stage.path("cacheClusterSize").asText("0.5"));
            synchronized (store) {
                remove(store, key);
                store.entries.put(key, entry);
                store.bytes += entry.body().length;
                Iterator<String> oldest = store.entries.keySet().iterator();
                while (store.bytes > limit && oldest.hasNext()) {
                    String k = oldest.next();
                    store.bytes -= store.entries.get(k).body().length;
                    oldest.remove();
                }
            }
        }
        return fresh;
    }

    /** FlushStageCache. */
    void flush(String apiId, String stage) {
        stages.remove(apiId + "/" + stage);
    }

    private static void remove(Store store, String key) {
        Entry old = store.entries.remove(key);
        if (old != null) {
            store.bytes -= old.body().length;
        }
    }

    private static JsonNode setting(ObjectNode stage, RouteMatcher.Match match) {
        String methodKey = match.resource().path("path").asText().replace("/", "~1") + "/"
                + match.method().path("httpMethod").asText();
        JsonNode settings = stage.path("methodSettings");
        return settings.has(methodKey) ? settings.get(methodKey) : settings.path("*/*");
    }

    /**
     * Cache-Control: max-age=0 refreshes the entry when the method allows it: without an authorization requirement
     * (caching/requireAuthorizationForCacheControl false) or for a SigV4-signed caller.
     */
    private static boolean invalidates(ApiRequest req, JsonNode setting) {
        String cacheControl = req.http().header("Cache-Control");
        if (cacheControl == null || !cacheControl.replace(" ", "").toLowerCase().contains("max-age=0")) {
            return false;
        }
        return !setting.path("requireAuthorizationForCacheControl").asBoolean(true) || req.caller().identity() != null;
    }

    /** The method and resource, plus the values of the integration's cacheKeyParameters. */
    private static String key(ApiRequest req, RouteMatcher.Match match) {
        StringBuilder key = new StringBuilder(match.method().path("httpMethod").asText()).append(' ')
                .append(match.resource().path("path").asText());
        for (JsonNode p : match.method().path("methodIntegration").path("cacheKeyParameters")) {
            String name = p.asText();
            String value = null;
            if (name.startsWith("method.request.querystring.")) {
                List<String> values = req.http().queryParams().get(name.substring("method.request.querystring.".length()));
                value = values == null ? null : String.join(",", values);
            } else if (name.startsWith("method.request.header.")) {
                value = String.join(",", req.http().headers().all(name.substring("method.request.header.".length())));
            } else if (name.startsWith("method.request.path.")) {
                value = match.pathParameters().get(name.substring("method.request.path.".length()));
            }
            key.append('\n').append(name).append('=').append(value);
        }
        return key.toString();
    }
}
