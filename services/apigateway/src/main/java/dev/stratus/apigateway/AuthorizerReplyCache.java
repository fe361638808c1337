package dev.stratus.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lambda authorizer replies of HTTP and WebSocket APIs, reused for AuthorizerResultTtlInSeconds by requests to the
 * same stage with the same identity source values; ResetAuthorizersCache starts a stage afresh (its generation is
 * part of the key).
 */
final class AuthorizerReplyCache {
    /** Cached replies beyond this many are dropped all at once (a bound, not an LRU). */
    private static final int MAX_CACHED_REPLIES = 10_000;

    private record Cached(JsonNode reply, Instant expires) {
    }

    private final Map<String, Cached> replies = new ConcurrentHashMap<>();

    static String key(HttpApiState api, String stage, String authorizerId, List<String> identities) {
        return api.id() + "/" + stage + "/" + api.authorizerCacheGenerations().getOrDefault(stage, 0) + "/"
                + authorizerId + "/" + String.join("\u0000", identities);
    }

    /** The reply cached under this key that is still fresh at {@code now}, or null. */
    JsonNode get(String key, Instant now) {
        Cached cached = replies.get(key);
        return cached != null && cached.expires().isAfter(now) ? cached.reply() : null;
    }

    void put(String key, JsonNode reply, Instant expires) {
        if (replies.size() >= MAX_CACHED_REPLIES) {
            replies.clear();
        }
        replies.put(key, new Cached(reply, expires));
    }
}
