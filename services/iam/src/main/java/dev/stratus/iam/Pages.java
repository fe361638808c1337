package dev.stratus.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * IAM's Marker/MaxItems pagination over a list already in its listing order: the marker is the opaque (base64)
 * sort key of the first item of the next page, so a page stays correct when items are added or removed between
 * calls.
 */
final class Pages {
    /** MaxItems when the caller gives none (IAM's documented default). */
    static final int DEFAULT_MAX_ITEMS = 100;

    private Pages() {
    }

    /**
     * Writes one page of {@code items} into {@code out}: the array under {@code listName}, {@code IsTruncated} and,
     * when truncated, {@code Marker}.
     */
    static <T> ObjectNode page(List<T> items, Function<T, String> sortKey, Function<T, JsonNode> render,
                               JsonNode input, String listName, ObjectNode out) {
        int max = input.path("MaxItems").asInt(DEFAULT_MAX_ITEMS);
        String from = decode(input.path("Marker").asText(null));
        ArrayNode arr = out.putArray(listName);
        String next = null;
        for (T item : items) {
            String key = sortKey.apply(item);
            if (from != null && key.compareTo(from) < 0) {
                continue;
            }
            if (arr.size() == max) {
                next = key;
                break;
            }
            arr.add(render.apply(item));
        }
        out.put("IsTruncated", next != null);
        if (next != null) {
            byte[] position = next.getBytes(StandardCharsets.UTF_8);
            out.put("Marker", Base64.getUrlEncoder().withoutPadding().encodeToString(position));
        }
        return out;
    }

    /** An empty output with {@code IsTruncated} false, for callers that build their own list. */
    static ObjectNode notTruncated() {
        return JsonNodeFactory.instance.objectNode().put("IsTruncated", false);
    }

    private static String decode(String marker) {
        if (marker == null) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // not one of ours: treat it as a position in the listing order
            return marker;
        }
    }
}
